"""Repair of the recipient's damaged equipment at facilities in allied countries."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from convoy.core.dates import add_weeks
from convoy.core.models import ConvoyModel, Nation, Organisation, code_validator
from convoy.core.validators import MAX_UNITS, date_window, units, within

#: Orders whose equipment is still on its way to, or at, the facility.
OPEN_STATUSES = ("requested", "received", "in_repair")


class RepairFacility(ConvoyModel):
    owner_nation_path = "nation"
    operator_path = "operator"
    #: Donor liaisons and facility operators, who see only their own facilities, add them too:
    #: Convoy gives them the code, so no refusal confirms another nation's facility.
    code_pattern = "REP-"
    code_digits = 3

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    #: Unique within the facilities of one nation run by one operator: every writer who could
    #: clash sees all of those (a liaison its nation's, an operator its own), so the refusal
    #: names nothing the writer cannot open.
    name = models.CharField(max_length=120, verbose_name=_("name"))
    nation = models.ForeignKey(
        Nation,
        on_delete=models.PROTECT,
        related_name="repair_facilities",
        verbose_name=_("nation"),
    )
    location = models.ForeignKey(
        "logistics.Location",
        on_delete=models.PROTECT,
        related_name="repair_facilities",
        help_text=_("The depot repaired equipment leaves from."),
        verbose_name=_("location"),
    )
    operator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="repair_facilities",
        verbose_name=_("operator"),
    )
    item_groups = models.ManyToManyField(
        "catalog.ItemGroup", related_name="repair_facilities", verbose_name=_("item groups")
    )
    capacity_per_week = models.PositiveIntegerField(
        help_text=_("Units it can take in per week."),
        validators=within(1, 100_000, _("a number of units")),
        verbose_name=_("capacity per week"),
    )
    turnaround_weeks = models.PositiveSmallIntegerField(
        validators=within(1, 104, _("a number of weeks")),
        verbose_name=_("turnaround weeks"),
    )

    class Meta:
        verbose_name = _("repair facility")
        ordering = ["name"]
        verbose_name_plural = _("repair facilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(turnaround_weeks__gte=1),
                name="repair_turnaround_positive",
                violation_error_message=_("The turnaround is at least one week."),
            ),
            models.UniqueConstraint(
                fields=["nation", "operator", "name"], name="repair_facility_name_unique",
                violation_error_message=_(
                    "This nation has a repair facility of this operator with this name "
                    "already."),
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
        REQUESTED = "requested", _("Requested")
        RECEIVED = "received", _("Received at facility")
        IN_REPAIR = "in_repair", _("In repair")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", _("Cancelled")

    class ShortReason(models.TextChoices):
        BEYOND_REPAIR = "beyond_repair", _("Beyond economic repair")
        PARTS = "parts", _("Waiting for parts")
        CANNIBALISED = "cannibalised", _("Used for spare parts")
        LOST = "lost", _("Lost or missing")
        OTHER = "other", _("Other (see the note)")

    class Rest(models.TextChoices):
        WRITTEN_OFF = "written_off", _("Written off")
        IN_REPAIR = "in_repair", _("Still in repair (a follow-up order)")

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    recipient = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="repair_orders", verbose_name=_("recipient")
    )
    item = models.ForeignKey(
        "catalog.Item",
        on_delete=models.PROTECT,
        related_name="repair_orders",
        verbose_name=_("item"),
    )
    quantity = models.PositiveIntegerField(validators=units(), verbose_name=_("quantity"))
    serial_numbers = models.TextField(
        blank=True, help_text=_("One per line, where known."), verbose_name=_("serial numbers")
    )
    facility = models.ForeignKey(
        RepairFacility, on_delete=models.PROTECT, related_name="orders", verbose_name=_("facility")
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.REQUESTED, verbose_name=_("status")
    )
    requested_on = models.DateField(validators=[date_window], verbose_name=_("requested on"))
    received_on = models.DateField(
        null=True, blank=True, validators=[date_window], verbose_name=_("received on")
    )
    repair_started_on = models.DateField(
        null=True, blank=True, validators=[date_window], verbose_name=_("repair started on")
    )
    returned_on = models.DateField(
        null=True, blank=True, validators=[date_window], verbose_name=_("returned on")
    )
    returned_as = models.OneToOneField(
        "donations.Pledge",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repair_order",
        help_text=_("The supply record the returned equipment can be allocated from again."),
        verbose_name=_("returned as"),
    )
    returned_quantity = models.PositiveIntegerField(
        _("units returned to service"), null=True, blank=True, validators=within(0, MAX_UNITS)
    )
    written_off_quantity = models.PositiveIntegerField(
        _("units written off"), default=0, validators=within(0, MAX_UNITS)
    )
    short_reason = models.CharField(
        _("why fewer units came back"), max_length=14, choices=ShortReason.choices, blank=True
    )
    short_note = models.TextField(_("note on the units not returned"), blank=True)
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups",
        help_text=_(
            "The partly returned order whose remaining units this one is still repairing."
        ),
        verbose_name=_("follow up of"),
    )

    class Meta:
        verbose_name = _("repair order")
        verbose_name_plural = _("repair orders")
        ordering = ["-requested_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="repair_quantity_positive",
                violation_error_message=_("A repair order is for at least one unit."),
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["requested", "received", "in_repair", "returned", "cancelled"]
                ),
                name="repair_status_valid",
                violation_error_message=_("Choose a status from the list."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | Q(returned_on__isnull=False),
                name="repair_returned_dated",
                violation_error_message=_("A returned order needs the date it was returned."),
            ),
            models.CheckConstraint(
                condition=Q(returned_quantity__isnull=True)
                | Q(returned_quantity__lte=F("quantity") - F("written_off_quantity")),
                name="repair_returned_within_quantity",
                violation_error_message=(
                    _("No more units can come back than were received, less those written off.")
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def expected_back(self) -> date:
        """Its facility's turnaround after the facility took it in (or, while it is still on
        its way, after it was requested). The repair report and the planner both use this."""
        return add_weeks(self.received_on or self.requested_on, self.facility.turnaround_weeks)

    @property
    def serials(self) -> list[str]:
        return [s.strip() for s in (self.serial_numbers or "").splitlines() if s.strip()]

    def clean(self) -> None:
        serials = self.serials
        if isinstance(self.quantity, int) and len(serials) > self.quantity:
            raise ValidationError(
                {
                    "serial_numbers": _(
                        "%(serials_count)s serial numbers for a quantity of %(quantity)s: "
                        "give at most one per unit."
                    ) % {"serials_count": len(serials), "quantity": self.quantity}
                }
            )
        repeated = sorted({s for s in serials if serials.count(s) > 1})
        if repeated:
            raise ValidationError(
                {
                    "serial_numbers": _(
                        "Each serial number once: %(join)s is given more than once."
                    ) % {"join": ', '.join(repeated)}
                }
            )
