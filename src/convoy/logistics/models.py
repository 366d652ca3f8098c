"""Moving equipment: locations, logistics nodes and their capacity, lanes, shipments, tracking."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from convoy.core.models import ConvoyModel, Nation, Organisation, code_validator
from convoy.core.validators import date_window, units, within

SHIPMENT_OWNER = "allocation__pledge__donor"


class Location(ConvoyModel):
    """Where equipment starts (a donor's depot, a repair facility) or ends (a recipient's
    destination). Logistics nodes are separate: every shipment passes exactly one node."""

    class Kind(models.TextChoices):
        DEPOT = "depot", "Donor depot or origin"
        DESTINATION = "destination", "Recipient destination"

    code = models.CharField(max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(max_length=120)
    nation = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="locations")
    kind = models.CharField(max_length=12, choices=Kind.choices)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["depot", "destination"]),
                name="location_kind_valid",
                violation_error_message="Choose a donor depot or a recipient destination.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Node(ConvoyModel):
    operator_path = "operator"

    code = models.CharField(max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(max_length=120, unique=True)
    nation = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="nodes")
    place = models.CharField(max_length=120, blank=True)
    operator = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="nodes")
    capacity_t_per_week = models.DecimalField(
        "throughput capacity (t/week)", max_digits=12, decimal_places=3
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity_t_per_week__gte=0),
                name="node_capacity_not_negative",
                violation_error_message="The capacity cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CapacityException(ConvoyModel):
    """A node's capacity in one week when it differs from the usual (maintenance, surge, strike)."""

    operator_path = "node__operator"

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="capacity_exceptions")
    week_start = models.DateField(help_text="The Monday of the week.", validators=[date_window])
    capacity_t = models.DecimalField("capacity that week (t)", max_digits=12, decimal_places=3)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["node", "week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "week_start"],
                name="capacity_exception_unique",
                violation_error_message="This node already has a capacity exception for that week.",
            ),
            models.CheckConstraint(
                condition=Q(capacity_t__gte=0),
                name="exception_not_negative",
                violation_error_message="The capacity that week cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node} week of {self.week_start}: {self.capacity_t} t"

    def clean(self) -> None:
        if self.week_start and self.week_start.weekday() != 0:
            raise ValidationError({"week_start": "A capacity exception starts on a Monday."})


class Lane(ConvoyModel):
    """A transport leg into a node from an origin, or out of a node to a destination."""

    constraint_fields = {"lane_unique": "location"}

    class Direction(models.TextChoices):
        INBOUND = "inbound", "Origin to node"
        OUTBOUND = "outbound", "Node to destination"

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="lanes")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="lanes")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    transit_weeks = models.PositiveSmallIntegerField(validators=within(0, 52, "a number of weeks"))
    cost_per_t = models.DecimalField("cost per tonne (EUR)", max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["node", "direction", "location"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "location", "direction"],
                name="lane_unique",
                violation_error_message="The node already has a lane this way to this location.",
            ),
            models.CheckConstraint(
                condition=Q(cost_per_t__gte=0),
                name="lane_cost_not_negative",
                violation_error_message="The cost per tonne cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=["inbound", "outbound"]),
                name="lane_direction_valid",
                violation_error_message="Choose inbound or outbound.",
            ),
        ]

    def __str__(self) -> str:
        if self.direction == self.Direction.INBOUND:
            return f"{self.location.code} → {self.node.code}"
        return f"{self.node.code} → {self.location.code}"

    def clean(self) -> None:
        if self.location_id is None or not self.direction:
            return
        wanted = "depot" if self.direction == self.Direction.INBOUND else "destination"
        if self.location.kind != wanted:
            raise ValidationError(
                {"location": f"An {self.direction} lane needs a location of kind '{wanted}'."}
            )


class Shipment(ConvoyModel):
    """Part of an allocation moving origin → node → destination."""

    owner_nation_path = SHIPMENT_OWNER
    operator_path = "node__operator"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_TRANSIT = "in_transit", "In transit to node"
        AT_NODE = "at_node", "At node"
        ONWARD = "onward", "Left node"
        DELIVERED = "delivered", "Handed over"
        CANCELLED = "cancelled", "Cancelled"

    allocation = models.ForeignKey(
        "donations.Allocation", on_delete=models.PROTECT, related_name="shipments"
    )
    quantity = models.PositiveIntegerField(validators=units())
    node = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="shipments")
    origin = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    planned_departure = models.DateField(
        help_text="When it leaves the node.", validators=[date_window]
    )
    planned_arrival = models.DateField(validators=[date_window])
    dispatched_at = models.DateTimeField(null=True, blank=True, validators=[date_window])
    arrived_at_node_at = models.DateTimeField(null=True, blank=True, validators=[date_window])
    left_node_at = models.DateTimeField(null=True, blank=True, validators=[date_window])
    handed_over_at = models.DateTimeField(null=True, blank=True, validators=[date_window])
    plan_run = models.ForeignKey(
        "planning.PlanRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups",
        help_text="The short-handed shipment whose missing units this one still delivers.",
    )

    class Meta:
        ordering = ["planned_departure", "id"]
        indexes = [models.Index(fields=["node", "planned_departure"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="shipment_quantity_positive",
                violation_error_message="A shipment carries at least one unit.",
            ),
            models.CheckConstraint(
                condition=Q(planned_arrival__gte=F("planned_departure")),
                name="shipment_arrives_after_departure",
                violation_error_message="The arrival cannot be before the departure from the node.",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "planned",
                        "in_transit",
                        "at_node",
                        "onward",
                        "delivered",
                        "cancelled",
                    ]
                ),
                name="shipment_status_valid",
                violation_error_message="Choose a status from the list.",
            ),
        ]

    def __str__(self) -> str:
        return f"Shipment {self.pk or '(new)'} ({self.quantity} units)"


class TrackingEvent(ConvoyModel):
    owner_nation_path = f"shipment__{SHIPMENT_OWNER}"
    operator_path = "shipment__node__operator"

    class Kind(models.TextChoices):
        DISPATCHED = "dispatched", "Dispatched from origin"
        ARRIVED_AT_NODE = "arrived_at_node", "Arrived at node"
        LEFT_NODE = "left_node", "Left node"
        HANDED_OVER = "handed_over", "Handed over"

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField(validators=[date_window])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["shipment", "at"]
        constraints = [
            models.UniqueConstraint(
                fields=["shipment", "kind"],
                name="tracking_event_once",
                violation_error_message="This shipment already has this tracking event.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class Handover(ConvoyModel):
    """The recipient's signed receipt for a shipment; a short one says why units are missing
    and what becomes of them."""

    owner_nation_path = f"shipment__{SHIPMENT_OWNER}"

    class ShortReason(models.TextChoices):
        DAMAGED = "damaged", "Damaged in transit"
        LOST = "lost", "Lost"
        MISSING = "missing", "Missing on arrival"
        REFUSED = "refused", "Refused as unserviceable"
        COUNTING = "counting", "Counting error"
        OTHER = "other", "Other (see remarks)"

    class Rest(models.TextChoices):
        FOLLOW_UP = "follow_up", "Still to be delivered (a follow-up shipment)"
        DISCREPANCY = "discrepancy", "A discrepancy to resolve"

    shipment = models.OneToOneField(Shipment, on_delete=models.PROTECT, related_name="handover")
    received_quantity = models.PositiveIntegerField(validators=units())
    receiving_unit = models.CharField(max_length=120)
    signed_by = models.CharField(max_length=120)
    signed_at = models.DateTimeField(validators=[date_window])
    remarks = models.TextField(blank=True)
    short_reason = models.CharField(
        "why units are missing", max_length=12, choices=ShortReason.choices, blank=True
    )
    rest = models.CharField(
        "the missing units", max_length=12, choices=Rest.choices, blank=True
    )

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_quantity__gte=1),
                name="handover_quantity_positive",
                violation_error_message="At least one unit must be received.",
            ),
        ]

    def __str__(self) -> str:
        return f"Handover of shipment {self.shipment_id} to {self.receiving_unit}"

    @property
    def missing_quantity(self) -> int:
        return self.shipment.quantity - self.received_quantity


class Discrepancy(ConvoyModel):
    """Units a handover found missing that are not coming in a follow-up: open until a
    coordinator or the node's operator resolves it with a note."""

    owner_nation_path = f"shipment__{SHIPMENT_OWNER}"
    operator_path = "shipment__node__operator"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="discrepancies")
    quantity = models.PositiveIntegerField("units missing", validators=units())
    reason = models.CharField(max_length=12, choices=Handover.ShortReason.choices)
    note = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    raised_at = models.DateTimeField(validators=[date_window])
    resolution_note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_on = models.DateField(null=True, blank=True, validators=[date_window])

    class Meta:
        ordering = ["status", "-raised_at", "id"]
        verbose_name_plural = "discrepancies"
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="discrepancy_quantity_positive",
                violation_error_message="At least one unit must be missing for a discrepancy.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "resolved"]), name="discrepancy_status_valid",
                violation_error_message="A discrepancy is open or resolved.",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(resolved_on__isnull=False),
                name="discrepancy_resolved_dated",
                violation_error_message="A resolved discrepancy needs the date it was resolved.",
            ),
        ]

    def __str__(self) -> str:
        shipment = self.shipment_id
        return f"Discrepancy {self.pk or '(new)'} ({self.quantity} units of shipment {shipment})"
