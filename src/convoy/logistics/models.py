"""Moving equipment: locations, logistics nodes and their capacity, lanes, shipments, tracking."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from convoy.core.models import ConvoyModel, Nation, Organisation, code_validator
from convoy.core.validators import date_window, units, within

SHIPMENT_OWNER = "allocation__pledge__donor"


class Location(ConvoyModel):
    """Where equipment starts (a donor's depot, a repair facility) or ends (a recipient's
    destination). Logistics nodes are separate: every shipment passes exactly one node."""

    class Kind(models.TextChoices):
        DEPOT = "depot", _("Donor depot or origin")
        DESTINATION = "destination", _("Recipient destination")

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    nation = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="locations", verbose_name=_("nation")
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, verbose_name=_("kind"))

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["depot", "destination"]),
                name="location_kind_valid",
                violation_error_message=_("Choose a donor depot or a recipient destination."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Node(ConvoyModel):
    operator_path = "operator"

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    name = models.CharField(max_length=120, unique=True, verbose_name=_("name"))
    nation = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="nodes", verbose_name=_("nation")
    )
    place = models.CharField(max_length=120, blank=True, verbose_name=_("place"))
    operator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="nodes", verbose_name=_("operator")
    )
    capacity_t_per_week = models.DecimalField(
        _("throughput capacity (t/week)"), max_digits=12, decimal_places=3
    )

    class Meta:
        verbose_name = _("node")
        verbose_name_plural = _("nodes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity_t_per_week__gte=0),
                name="node_capacity_not_negative",
                violation_error_message=_("The capacity cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class CapacityException(ConvoyModel):
    """A node's capacity in one week when it differs from the usual (maintenance, surge, strike)."""

    operator_path = "node__operator"

    node = models.ForeignKey(
        Node, on_delete=models.CASCADE, related_name="capacity_exceptions", verbose_name=_("node")
    )
    week_start = models.DateField(
        help_text=_("The Monday of the week."),
        validators=[date_window],
        verbose_name=_("week start"),
    )
    capacity_t = models.DecimalField(_("capacity that week (t)"), max_digits=12, decimal_places=3)
    reason = models.CharField(max_length=200, blank=True, verbose_name=_("reason"))

    class Meta:
        verbose_name = _("capacity exception")
        verbose_name_plural = _("capacity exceptions")
        ordering = ["node", "week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "week_start"],
                name="capacity_exception_unique",
                violation_error_message=_(
                    "This node already has a capacity exception for that week."
                ),
            ),
            models.CheckConstraint(
                condition=Q(capacity_t__gte=0),
                name="exception_not_negative",
                violation_error_message=_("The capacity that week cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return _(
            "%(node)s week of %(week_start)s: %(capacity_t)s t"
        ) % {"node": self.node, "week_start": self.week_start, "capacity_t": self.capacity_t}

    def clean(self) -> None:
        if self.week_start and self.week_start.weekday() != 0:
            raise ValidationError({"week_start": _("A capacity exception starts on a Monday.")})


class Lane(ConvoyModel):
    """A transport leg into a node from an origin, or out of a node to a destination."""

    constraint_fields = {"lane_unique": "location"}

    class Direction(models.TextChoices):
        INBOUND = "inbound", _("Origin to node")
        OUTBOUND = "outbound", _("Node to destination")

    node = models.ForeignKey(
        Node, on_delete=models.CASCADE, related_name="lanes", verbose_name=_("node")
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="lanes", verbose_name=_("location")
    )
    direction = models.CharField(
        max_length=8, choices=Direction.choices, verbose_name=_("direction")
    )
    transit_weeks = models.PositiveSmallIntegerField(
        validators=within(0, 52, _("a number of weeks")), verbose_name=_("transit weeks")
    )
    cost_per_t = models.DecimalField(_("cost per tonne (EUR)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("lane")
        verbose_name_plural = _("lanes")
        ordering = ["node", "direction", "location"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "location", "direction"],
                name="lane_unique",
                violation_error_message=_(
                    "The node already has a lane this way to this location."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cost_per_t__gte=0),
                name="lane_cost_not_negative",
                violation_error_message=_("The cost per tonne cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(direction__in=["inbound", "outbound"]),
                name="lane_direction_valid",
                violation_error_message=_("Choose inbound or outbound."),
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
                {"location": _(
                    "An %(direction)s lane needs a location of kind '%(wanted)s'."
                ) % {"direction": self.direction, "wanted": wanted}}
            )


class Shipment(ConvoyModel):
    """Part of an allocation moving origin → node → destination."""

    owner_nation_path = SHIPMENT_OWNER
    operator_path = "node__operator"

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_TRANSIT = "in_transit", _("In transit to node")
        AT_NODE = "at_node", _("At node")
        ONWARD = "onward", _("Left node")
        DELIVERED = "delivered", _("Handed over")
        CANCELLED = "cancelled", _("Cancelled")

    allocation = models.ForeignKey(
        "donations.Allocation", on_delete=models.PROTECT, related_name="shipments",
        verbose_name=_("allocation"),
    )
    quantity = models.PositiveIntegerField(validators=units(), verbose_name=_("quantity"))
    node = models.ForeignKey(
        Node, on_delete=models.PROTECT, related_name="shipments", verbose_name=_("node")
    )
    origin = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("origin")
    )
    destination = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("destination")
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PLANNED, verbose_name=_("status")
    )
    planned_departure = models.DateField(
        help_text=_("When it leaves the node."), validators=[date_window],
        verbose_name=_("planned departure"),
    )
    planned_arrival = models.DateField(validators=[date_window], verbose_name=_("planned arrival"))
    dispatched_at = models.DateTimeField(
        null=True, blank=True, validators=[date_window], verbose_name=_("dispatched at")
    )
    arrived_at_node_at = models.DateTimeField(
        null=True, blank=True, validators=[date_window], verbose_name=_("arrived at node at")
    )
    left_node_at = models.DateTimeField(
        null=True, blank=True, validators=[date_window], verbose_name=_("left node at")
    )
    handed_over_at = models.DateTimeField(
        null=True, blank=True, validators=[date_window], verbose_name=_("handed over at")
    )
    plan_run = models.ForeignKey(
        "planning.PlanRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("plan run"),
    )
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups",
        help_text=_("The short-handed shipment whose missing units this one still delivers."),
        verbose_name=_("follow up of"),
    )

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["planned_departure", "id"]
        indexes = [models.Index(fields=["node", "planned_departure"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="shipment_quantity_positive",
                violation_error_message=_("A shipment carries at least one unit."),
            ),
            models.CheckConstraint(
                condition=Q(planned_arrival__gte=F("planned_departure")),
                name="shipment_arrives_after_departure",
                violation_error_message=_(
                    "The arrival cannot be before the departure from the node."
                ),
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
                violation_error_message=_("Choose a status from the list."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Shipment %(number)s (%(quantity)s units)") % {
            "number": self.pk or gettext("(new)"), "quantity": self.quantity}


class TrackingEvent(ConvoyModel):
    owner_nation_path = f"shipment__{SHIPMENT_OWNER}"
    operator_path = "shipment__node__operator"

    class Kind(models.TextChoices):
        DISPATCHED = "dispatched", _("Dispatched from origin")
        ARRIVED_AT_NODE = "arrived_at_node", _("Arrived at node")
        LEFT_NODE = "left_node", _("Left node")
        HANDED_OVER = "handed_over", _("Handed over")

    shipment = models.ForeignKey(
        Shipment, on_delete=models.CASCADE, related_name="events", verbose_name=_("shipment")
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    at = models.DateTimeField(validators=[date_window], verbose_name=_("at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    note = models.CharField(max_length=200, blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")
        ordering = ["shipment", "at"]
        constraints = [
            models.UniqueConstraint(
                fields=["shipment", "kind"],
                name="tracking_event_once",
                violation_error_message=_("This shipment already has this tracking event."),
            ),
        ]

    def __str__(self) -> str:
        return _(
            "%(kind)s at %(at)s"
        ) % {"kind": self.get_kind_display(), "at": format(self.at, "%Y-%m-%d %H:%M")}


class Handover(ConvoyModel):
    """The recipient's signed receipt for a shipment; a short one says why units are missing
    and what becomes of them."""

    owner_nation_path = f"shipment__{SHIPMENT_OWNER}"

    class ShortReason(models.TextChoices):
        DAMAGED = "damaged", _("Damaged in transit")
        LOST = "lost", _("Lost")
        MISSING = "missing", _("Missing on arrival")
        REFUSED = "refused", _("Refused as unserviceable")
        COUNTING = "counting", _("Counting error")
        OTHER = "other", _("Other (see remarks)")

    class Rest(models.TextChoices):
        FOLLOW_UP = "follow_up", _("Still to be delivered (a follow-up shipment)")
        DISCREPANCY = "discrepancy", _("A discrepancy to resolve")

    shipment = models.OneToOneField(
        Shipment, on_delete=models.PROTECT, related_name="handover", verbose_name=_("shipment")
    )
    received_quantity = models.PositiveIntegerField(
        validators=units(), verbose_name=_("received quantity")
    )
    receiving_unit = models.CharField(max_length=120, verbose_name=_("receiving unit"))
    signed_by = models.CharField(max_length=120, verbose_name=_("signed by"))
    signed_at = models.DateTimeField(validators=[date_window], verbose_name=_("signed at"))
    remarks = models.TextField(blank=True, verbose_name=_("remarks"))
    short_reason = models.CharField(
        _("why units are missing"), max_length=12, choices=ShortReason.choices, blank=True
    )
    rest = models.CharField(
        _("the missing units"), max_length=12, choices=Rest.choices, blank=True
    )

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-signed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_quantity__gte=1),
                name="handover_quantity_positive",
                violation_error_message=_("At least one unit must be received."),
            ),
        ]

    def __str__(self) -> str:
        return _(
            "Handover of shipment %(shipment_id)s to %(receiving_unit)s"
        ) % {"shipment_id": self.shipment_id, "receiving_unit": self.receiving_unit}

    @property
    def missing_quantity(self) -> int:
        return self.shipment.quantity - self.received_quantity


class Discrepancy(ConvoyModel):
    """Units a handover found missing that are not coming in a follow-up: open until a
    coordinator or the node's operator resolves it with a note."""

    owner_nation_path = f"shipment__{SHIPMENT_OWNER}"
    operator_path = "shipment__node__operator"

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    shipment = models.ForeignKey(
        Shipment,
        on_delete=models.PROTECT,
        related_name="discrepancies",
        verbose_name=_("shipment"),
    )
    quantity = models.PositiveIntegerField(_("units missing"), validators=units())
    reason = models.CharField(
        max_length=12, choices=Handover.ShortReason.choices, verbose_name=_("reason")
    )
    note = models.TextField(blank=True, verbose_name=_("note"))
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.OPEN, verbose_name=_("status")
    )
    raised_at = models.DateTimeField(validators=[date_window], verbose_name=_("raised at"))
    resolution_note = models.TextField(blank=True, verbose_name=_("resolution note"))
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_on = models.DateField(
        null=True, blank=True, validators=[date_window], verbose_name=_("resolved on")
    )

    class Meta:
        verbose_name = _("discrepancy")
        ordering = ["status", "-raised_at", "id"]
        verbose_name_plural = "discrepancies"
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="discrepancy_quantity_positive",
                violation_error_message=_("At least one unit must be missing for a discrepancy."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "resolved"]), name="discrepancy_status_valid",
                violation_error_message=_("A discrepancy is open or resolved."),
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(resolved_on__isnull=False),
                name="discrepancy_resolved_dated",
                violation_error_message=_(
                    "A resolved discrepancy needs the date it was resolved."
                ),
            ),
        ]

    def __str__(self) -> str:
        shipment = self.shipment_id
        return gettext("Discrepancy %(number)s (%(quantity)s units of shipment %(shipment)s)") % {
            "number": self.pk or gettext("(new)"), "quantity": self.quantity, "shipment": shipment}
