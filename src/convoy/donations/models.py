"""The recipient's requirements, the donors' pledges, and allocations of one to the other."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from convoy.core.models import ConvoyModel, Nation, code_validator
from convoy.core.validators import date_window, units, within


class Requirement(ConvoyModel):
    code_pattern = "REQ-{year}-"

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    recipient = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="requirements", verbose_name=_("recipient")
    )
    item_group = models.ForeignKey(
        "catalog.ItemGroup", on_delete=models.PROTECT, related_name="requirements",
        verbose_name=_("item group"),
    )
    quantity = models.PositiveIntegerField(validators=units(), verbose_name=_("quantity"))
    priority = models.PositiveSmallIntegerField(
        help_text=_("1 is the most urgent, 5 the least."), validators=within(1, 5, _("a priority")),
        verbose_name=_("priority"),
    )
    needed_by = models.DateField(validators=[date_window], verbose_name=_("needed by"))
    destination = models.ForeignKey(
        "logistics.Location", on_delete=models.PROTECT, related_name="requirements",
        verbose_name=_("destination"),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, verbose_name=_("status")
    )
    notes = models.TextField(blank=True, verbose_name=_("notes"))

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["priority", "needed_by", "code"]
        indexes = [models.Index(fields=["status", "priority"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="requirement_quantity_positive",
                violation_error_message=_("A requirement is for at least one unit."),
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1, priority__lte=5),
                name="requirement_priority_1_to_5",
                violation_error_message=_("The priority is 1 (most urgent) to 5 (least)."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "filled", "cancelled"]),
                name="requirement_status_valid",
                violation_error_message=_("Choose open, filled or cancelled."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Pledge(ConvoyModel):
    owner_nation_path = "donor"
    code_pattern = "P-{year}-"
    constraint_fields = {  # a missing lifecycle date is shown at the date
        "pledge_committed_dated": "committed_on",
        "pledge_in_delivery_dated": "delivery_started_on",
        "pledge_delivered_dated": "delivered_on",
        "pledge_cancelled_dated": "cancelled_on",
    }

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        COMMITTED = "committed", _("Committed")
        IN_DELIVERY = "in_delivery", _("In delivery")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        DONATION = "donation", _("Donation")
        REPAIR_RETURN = "repair_return", _("Returned from repair")

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    donor = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("donor")
    )
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, related_name="pledges", verbose_name=_("item")
    )
    quantity = models.PositiveIntegerField(validators=units(), verbose_name=_("quantity"))
    available_from = models.DateField(validators=[date_window], verbose_name=_("available from"))
    origin = models.ForeignKey(
        "logistics.Location", on_delete=models.PROTECT, related_name="pledges",
        verbose_name=_("origin"),
    )
    value_eur = models.DecimalField(
        _("value (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(
        max_length=14, choices=Source.choices, default=Source.DONATION, verbose_name=_("source")
    )
    bought_through = models.ForeignKey(
        "funding.PooledFund", null=True, blank=True, on_delete=models.PROTECT,
        related_name="equipment",
        help_text=_("The pooled fund that paid for this equipment: its value is counted once, "
                    "as the fund's donors' money."),
        verbose_name=_("bought through"),
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.ANNOUNCED, verbose_name=_("status")
    )
    announced_on = models.DateField(validators=[date_window], verbose_name=_("announced on"))
    committed_on = models.DateField(
        null=True, blank=True, validators=[date_window], verbose_name=_("committed on")
    )
    delivery_started_on = models.DateField(
        null=True, blank=True, validators=[date_window], verbose_name=_("delivery started on")
    )
    delivered_on = models.DateField(
        null=True, blank=True, validators=[date_window], verbose_name=_("delivered on")
    )
    cancelled_on = models.DateField(
        null=True, blank=True, validators=[date_window], verbose_name=_("cancelled on")
    )
    notes = models.TextField(blank=True, verbose_name=_("notes"))

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-announced_on", "code"]
        indexes = [
            models.Index(fields=["status", "donor"]),
            # The list's default order, so a deep page does not sort the whole table; and the
            # same within a donor's nation (what a donor liaison's list reads).
            models.Index(fields=["-announced_on", "code"], name="pledge_list_order"),
            models.Index(fields=["donor", "-announced_on", "code"], name="pledge_donor_order"),
            # A liaison's start page: the nation's announced pledges, oldest first.
            models.Index(fields=["donor", "status", "announced_on", "code"],
                         name="pledge_donor_status_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="pledge_quantity_positive",
                violation_error_message=_("A pledge is of at least one unit."),
            ),
            models.CheckConstraint(
                condition=Q(value_eur__isnull=True) | Q(value_eur__gte=0),
                name="pledge_value_not_negative",
                violation_error_message=_(
                    "The value cannot be negative; leave it empty if unknown."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["announced", "committed", "in_delivery", "delivered", "cancelled"]
                ),
                name="pledge_status_valid",
                violation_error_message=_("Choose a status from the list."),
            ),
            # Each step of the lifecycle carries its date.
            models.CheckConstraint(
                condition=~Q(status="committed") | Q(committed_on__isnull=False),
                name="pledge_committed_dated",
                violation_error_message=_("A committed pledge needs the date it was committed."),
            ),
            models.CheckConstraint(
                condition=~Q(status="in_delivery") | Q(delivery_started_on__isnull=False),
                name="pledge_in_delivery_dated",
                violation_error_message=_("A pledge in delivery needs the date delivery started."),
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_on__isnull=False),
                name="pledge_delivered_dated",
                violation_error_message=_("A delivered pledge needs the date it was delivered."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_on__isnull=False),
                name="pledge_cancelled_dated",
                violation_error_message=_("A cancelled pledge needs the date it was cancelled."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Allocation(ConvoyModel):
    """A quantity of a pledge assigned to a requirement; never more than either has left."""

    owner_nation_path = "pledge__donor"

    pledge = models.ForeignKey(
        Pledge, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("pledge")
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="allocations",
        verbose_name=_("requirement"),
    )
    quantity = models.PositiveIntegerField(validators=units(), verbose_name=_("quantity"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    plan_run = models.ForeignKey(
        "planning.PlanRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("plan run"),
    )

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="allocation_quantity_positive",
                violation_error_message=_("An allocation is of at least one unit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity:,} × {self.pledge.code} → {self.requirement.code}"
