"""Repair of the recipient's damaged equipment at facilities in allied countries."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from convoy.core.models import ConvoyModel, Nation, Organisation, code_validator
from convoy.core.validators import MAX_UNITS, date_window, units, within


class RepairFacility(ConvoyModel):
    owner_nation_path = "nation"
    operator_path = "operator"

    code = models.CharField(max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(max_length=120, unique=True)
    nation = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="repair_facilities")
    location = models.ForeignKey(
        "logistics.Location",
        on_delete=models.PROTECT,
        related_name="repair_facilities",
        help_text="The depot repaired equipment leaves from.",
    )
    operator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="repair_facilities"
    )
    item_groups = models.ManyToManyField("catalog.ItemGroup", related_name="repair_facilities")
    capacity_per_week = models.PositiveIntegerField(
        help_text="Units it can take in per week.",
        validators=within(1, 100_000, "a number of units"),
    )
    turnaround_weeks = models.PositiveSmallIntegerField(
        validators=within(1, 104, "a number of weeks")
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "repair facilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(turnaround_weeks__gte=1),
                name="repair_turnaround_positive",
                violation_error_message="The turnaround is at least one week.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RepairOrder(ConvoyModel):
    #: A donor liaison reads the orders of its own nation's facilities (serial numbers
    #: included), not every nation's; facility operators those of the facilities they run.
    owner_nation_path = "facility__nation"
    operator_path = "facility__operator"
    code_pattern = "RO-{year}-"
    code_digits = 3
    constraint_fields = {"repair_returned_dated": "returned_on"}

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        RECEIVED = "received", "Received at facility"
        IN_REPAIR = "in_repair", "In repair"
        RETURNED = "returned", "Returned"
        CANCELLED = "cancelled", "Cancelled"

    class ShortReason(models.TextChoices):
        BEYOND_REPAIR = "beyond_repair", "Beyond economic repair"
        PARTS = "parts", "Waiting for parts"
        CANNIBALISED = "cannibalised", "Used for spare parts"
        LOST = "lost", "Lost or missing"
        OTHER = "other", "Other (see the note)"

    class Rest(models.TextChoices):
        WRITTEN_OFF = "written_off", "Written off"
        IN_REPAIR = "in_repair", "Still in repair (a follow-up order)"

    code = models.CharField(max_length=40, unique=True, validators=[code_validator])
    recipient = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="repair_orders")
    item = models.ForeignKey("catalog.Item", on_delete=models.PROTECT, related_name="repair_orders")
    quantity = models.PositiveIntegerField(validators=units())
    serial_numbers = models.TextField(blank=True, help_text="One per line, where known.")
    facility = models.ForeignKey(RepairFacility, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_on = models.DateField(validators=[date_window])
    received_on = models.DateField(null=True, blank=True, validators=[date_window])
    repair_started_on = models.DateField(null=True, blank=True, validators=[date_window])
    returned_on = models.DateField(null=True, blank=True, validators=[date_window])
    returned_as = models.OneToOneField(
        "donations.Pledge",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repair_order",
        help_text="The supply record the returned equipment can be allocated from again.",
    )
    returned_quantity = models.PositiveIntegerField(
        "units returned to service", null=True, blank=True, validators=within(0, MAX_UNITS)
    )
    written_off_quantity = models.PositiveIntegerField(
        "units written off", default=0, validators=within(0, MAX_UNITS)
    )
    short_reason = models.CharField(
        "why fewer units came back", max_length=14, choices=ShortReason.choices, blank=True
    )
    short_note = models.TextField("note on the units not returned", blank=True)
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups",
        help_text="The partly returned order whose remaining units this one is still repairing.",
    )

    class Meta:
        ordering = ["-requested_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="repair_quantity_positive",
                violation_error_message="A repair order is for at least one unit.",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["requested", "received", "in_repair", "returned", "cancelled"]
                ),
                name="repair_status_valid",
                violation_error_message="Choose a status from the list.",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | Q(returned_on__isnull=False),
                name="repair_returned_dated",
                violation_error_message="A returned order needs the date it was returned.",
            ),
            models.CheckConstraint(
                condition=Q(returned_quantity__isnull=True)
                | Q(returned_quantity__lte=F("quantity") - F("written_off_quantity")),
                name="repair_returned_within_quantity",
                violation_error_message=(
                    "No more units can come back than were received, less those written off."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def serials(self) -> list[str]:
        return [s.strip() for s in (self.serial_numbers or "").splitlines() if s.strip()]

    def clean(self) -> None:
        serials = self.serials
        if isinstance(self.quantity, int) and len(serials) > self.quantity:
            raise ValidationError(
                {
                    "serial_numbers": f"{len(serials)} serial numbers for a "
                    f"quantity of {self.quantity}: give at most one per unit."
                }
            )
        repeated = sorted({s for s in serials if serials.count(s) > 1})
        if repeated:
            raise ValidationError(
                {
                    "serial_numbers": "Each serial number once: "
                    f"{', '.join(repeated)} is given more than once."
                }
            )
