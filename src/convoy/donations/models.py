"""The recipient's requirements, the donors' pledges, and allocations of one to the other."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from convoy.core.models import ConvoyModel, Nation, code_validator
from convoy.core.validators import date_window, units, within


class Requirement(ConvoyModel):
    code_pattern = "REQ-{year}-"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        FILLED = "filled", "Filled"
        CANCELLED = "cancelled", "Cancelled"

    code = models.CharField(max_length=40, unique=True, validators=[code_validator])
    recipient = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="requirements")
    item_group = models.ForeignKey(
        "catalog.ItemGroup", on_delete=models.PROTECT, related_name="requirements"
    )
    quantity = models.PositiveIntegerField(validators=units())
    priority = models.PositiveSmallIntegerField(
        help_text="1 is the most urgent, 5 the least.", validators=within(1, 5, "a priority")
    )
    needed_by = models.DateField(validators=[date_window])
    destination = models.ForeignKey(
        "logistics.Location", on_delete=models.PROTECT, related_name="requirements"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["priority", "needed_by", "code"]
        indexes = [models.Index(fields=["status", "priority"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="requirement_quantity_positive",
                violation_error_message="A requirement is for at least one unit.",
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1, priority__lte=5),
                name="requirement_priority_1_to_5",
                violation_error_message="The priority is 1 (most urgent) to 5 (least).",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "filled", "cancelled"]),
                name="requirement_status_valid",
                violation_error_message="Choose open, filled or cancelled.",
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
        ANNOUNCED = "announced", "Announced"
        COMMITTED = "committed", "Committed"
        IN_DELIVERY = "in_delivery", "In delivery"
        DELIVERED = "delivered", "Delivered"
        CANCELLED = "cancelled", "Cancelled"

    class Source(models.TextChoices):
        DONATION = "donation", "Donation"
        REPAIR_RETURN = "repair_return", "Returned from repair"

    code = models.CharField(max_length=40, unique=True, validators=[code_validator])
    donor = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="pledges")
    item = models.ForeignKey("catalog.Item", on_delete=models.PROTECT, related_name="pledges")
    quantity = models.PositiveIntegerField(validators=units())
    available_from = models.DateField(validators=[date_window])
    origin = models.ForeignKey(
        "logistics.Location", on_delete=models.PROTECT, related_name="pledges"
    )
    value_eur = models.DecimalField(
        "value (EUR)", max_digits=16, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(max_length=14, choices=Source.choices, default=Source.DONATION)
    bought_through = models.ForeignKey(
        "funding.PooledFund", null=True, blank=True, on_delete=models.PROTECT,
        related_name="equipment",
        help_text=_("The pooled fund that paid for this equipment: its value is counted once, "
                    "as the fund's donors' money."),
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ANNOUNCED)
    announced_on = models.DateField(validators=[date_window])
    committed_on = models.DateField(null=True, blank=True, validators=[date_window])
    delivery_started_on = models.DateField(null=True, blank=True, validators=[date_window])
    delivered_on = models.DateField(null=True, blank=True, validators=[date_window])
    cancelled_on = models.DateField(null=True, blank=True, validators=[date_window])
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-announced_on", "code"]
        indexes = [
            models.Index(fields=["status", "donor"]),
            models.Index(fields=["donor", "announced_on"]),
            # The list's default order, so a deep page does not sort the whole table.
            models.Index(fields=["-announced_on", "code"], name="pledge_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="pledge_quantity_positive",
                violation_error_message="A pledge is of at least one unit.",
            ),
            models.CheckConstraint(
                condition=Q(value_eur__isnull=True) | Q(value_eur__gte=0),
                name="pledge_value_not_negative",
                violation_error_message="The value cannot be negative; leave it empty if unknown.",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["announced", "committed", "in_delivery", "delivered", "cancelled"]
                ),
                name="pledge_status_valid",
                violation_error_message="Choose a status from the list.",
            ),
            # Each step of the lifecycle carries its date.
            models.CheckConstraint(
                condition=~Q(status="committed") | Q(committed_on__isnull=False),
                name="pledge_committed_dated",
                violation_error_message="A committed pledge needs the date it was committed.",
            ),
            models.CheckConstraint(
                condition=~Q(status="in_delivery") | Q(delivery_started_on__isnull=False),
                name="pledge_in_delivery_dated",
                violation_error_message="A pledge in delivery needs the date delivery started.",
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_on__isnull=False),
                name="pledge_delivered_dated",
                violation_error_message="A delivered pledge needs the date it was delivered.",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_on__isnull=False),
                name="pledge_cancelled_dated",
                violation_error_message="A cancelled pledge needs the date it was cancelled.",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Allocation(ConvoyModel):
    """A quantity of a pledge assigned to a requirement; never more than either has left."""

    owner_nation_path = "pledge__donor"

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="allocations")
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="allocations"
    )
    quantity = models.PositiveIntegerField(validators=units())
    created_at = models.DateTimeField(auto_now_add=True)
    plan_run = models.ForeignKey(
        "planning.PlanRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="allocation_quantity_positive",
                violation_error_message="An allocation is of at least one unit.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.pledge_id} → {self.requirement_id}"
