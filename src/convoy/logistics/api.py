from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from convoy.api.base import CodeField, IdField, RecordViewSet, StepCancel, StepDate, StepMoment
from convoy.core.models import Nation
from convoy.donations.models import Allocation
from convoy.logistics import services
from convoy.logistics.models import (
    CapacityException,
    Discrepancy,
    Handover,
    Lane,
    Location,
    Node,
    Shipment,
    TrackingEvent,
)


class TrackingEventSerializer(serializers.ModelSerializer):
    recorded_by = serializers.StringRelatedField()

    class Meta:
        model = TrackingEvent
        fields = ["kind", "at", "recorded_by", "note"]


class ShipmentSerializer(serializers.ModelSerializer):
    allocation = IdField(Allocation)
    node = CodeField(Node)
    origin = serializers.SlugRelatedField(slug_field="code", read_only=True)
    destination = serializers.SlugRelatedField(slug_field="code", read_only=True)
    events = TrackingEventSerializer(many=True, read_only=True)

    class Meta:
        model = Shipment
        fields = [
            "id",
            "allocation",
            "quantity",
            "node",
            "origin",
            "destination",
            "status",
            "planned_departure",
            "planned_arrival",
            "dispatched_at",
            "arrived_at_node_at",
            "left_node_at",
            "handed_over_at",
            "follow_up_of",
            "events",
        ]
        read_only_fields = [
            "status",
            "planned_arrival",
            "dispatched_at",
            "arrived_at_node_at",
            "left_node_at",
            "handed_over_at",
            "follow_up_of",
        ]


class HandOver(StepMoment):
    """The receipt; fewer units than shipped say why and what becomes of the rest."""

    received_quantity = serializers.IntegerField(min_value=1)
    receiving_unit = serializers.CharField(max_length=120)
    signed_by = serializers.CharField(max_length=120)
    remarks = serializers.CharField(required=False, allow_blank=True)
    short_reason = serializers.ChoiceField(Handover.ShortReason.choices, required=False)
    rest = serializers.ChoiceField(Handover.Rest.choices, required=False)


class ShipmentViewSet(RecordViewSet):
    serializer_class = ShipmentSerializer
    select_related = ("node", "origin", "destination", "allocation__pledge")
    create_service = services.shipment_plan
    record_keyword = "shipment"
    lookup_field = "pk"
    steps = {
        "dispatch": (services.shipment_dispatch, StepMoment),
        "arrive": (services.shipment_record_arrival, StepMoment),
        "depart": (services.shipment_record_departure, StepMoment),
        "hand_over": (services.shipment_hand_over, HandOver),
        "cancel": (services.shipment_cancel, StepCancel),
    }
    filterset_fields = ["status"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("events__recorded_by")


class DiscrepancySerializer(serializers.ModelSerializer):
    shipment = serializers.PrimaryKeyRelatedField(read_only=True)
    resolved_by = serializers.StringRelatedField()

    class Meta:
        model = Discrepancy
        fields = ["id", "shipment", "quantity", "reason", "note", "status", "raised_at",
                  "resolution_note", "resolved_by", "resolved_on"]
        read_only_fields = fields


class Resolve(StepDate):
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text=_("How the discrepancy was resolved (required)."))


class DiscrepancyViewSet(RecordViewSet):
    """Short handovers' missing units: read, and resolved by their step (no create or change)."""

    serializer_class = DiscrepancySerializer
    select_related = ("shipment", "resolved_by")
    record_keyword = "discrepancy"
    lookup_field = "pk"
    steps = {"resolve": (services.discrepancy_resolve, Resolve)}
    filterset_fields = ["status", "reason"]


class LocationSerializer(serializers.ModelSerializer):
    nation = CodeField(Nation, read_only=True)

    class Meta:
        model = Location
        fields = ["code", "name", "nation", "kind"]
        read_only_fields = fields


class LocationViewSet(RecordViewSet):
    """Donor depots and recipient destinations: where shipments start and end (read only)."""

    serializer_class = LocationSerializer
    select_related = ("nation",)
    filterset_fields = ["kind"]


class NodeSerializer(serializers.ModelSerializer):
    nation = CodeField(Nation, read_only=True)
    operator = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = Node
        fields = ["code", "name", "nation", "place", "operator", "capacity_t_per_week"]
        read_only_fields = fields


class NodeViewSet(RecordViewSet):
    """Logistics nodes and their usual weekly capacity (read only; a week's exception is a
    capacity exception)."""

    serializer_class = NodeSerializer
    select_related = ("nation", "operator")


class CapacityExceptionSerializer(serializers.ModelSerializer):
    node = CodeField(Node)

    class Meta:
        model = CapacityException
        fields = ["id", "node", "week_start", "capacity_t", "reason"]
        validators = []  # POST sets the week's capacity, whether or not it has an exception


class CapacityExceptionViewSet(RecordViewSet):
    """A node's capacity in one week that differs from the usual. POST sets the week's
    capacity: it creates the exception, or changes the one the week already has."""

    serializer_class = CapacityExceptionSerializer
    select_related = ("node",)
    create_service = services.capacity_exception_set
    lookup_field = "pk"
    filterset_fields = ["node__code", "week_start"]


class LaneSerializer(serializers.ModelSerializer):
    node = CodeField(Node)
    location = CodeField(Location)

    class Meta:
        model = Lane
        fields = ["id", "node", "location", "direction", "transit_weeks", "cost_per_t"]


class LaneViewSet(RecordViewSet):
    serializer_class = LaneSerializer
    select_related = ("node", "location")
    create_service = services.lane_create
    update_service = services.lane_update
    record_keyword = "lane"
    lookup_field = "pk"
    filterset_fields = ["direction", "node__code"]

