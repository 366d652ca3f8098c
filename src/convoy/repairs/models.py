"""Repair of the recipient's damaged equipment at facilities in allied countries."""

from django.db import models
from django.db.models import F, Q

from convoy.core.models import ConvoyModel, Nation, Organisation, code_validator


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
    capacity_per_week = models.PositiveIntegerField(help_text="Units it can take in per week.")
    turnaround_weeks = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "repair facilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(turnaround_weeks__gte=1), name="repair_turnaround_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RepairOrder(ConvoyModel):
    operator_path = "facility__operator"

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
    quantity = models.PositiveIntegerField()
    serial_numbers = models.TextField(blank=True, help_text="One per line, where known.")
    facility = models.ForeignKey(RepairFacility, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    repair_started_on = models.DateField(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)
    returned_as = models.OneToOneField(
        "donations.Pledge",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repair_order",
        help_text="The supply record the returned equipment can be allocated from again.",
    )
    returned_quantity = models.PositiveIntegerField(
        "units returned to service", null=True, blank=True
    )
    written_off_quantity = models.PositiveIntegerField("units written off", default=0)
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
            models.CheckConstraint(condition=Q(quantity__gte=1), name="repair_quantity_positive"),
            models.CheckConstraint(
                condition=Q(
                    status__in=["requested", "received", "in_repair", "returned", "cancelled"]
                ),
                name="repair_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | Q(returned_on__isnull=False),
                name="repair_returned_dated",
            ),
            models.CheckConstraint(
                condition=Q(returned_quantity__isnull=True)
                | Q(returned_quantity__lte=F("quantity") - F("written_off_quantity")),
                name="repair_returned_within_quantity",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def serials(self) -> list[str]:
        return [s.strip() for s in self.serial_numbers.splitlines() if s.strip()]
