from rest_framework import serializers

from convoy.api.base import CodeField, IdField, NoParameters, RecordViewSet, StepTime
from convoy.donations.models import Allocation
from convoy.logistics import services
from convoy.logistics.models import Node, Shipment, TrackingEvent


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
            "events",
        ]
        read_only_fields = [
            "status",
            "planned_arrival",
            "dispatched_at",
            "arrived_at_node_at",
            "left_node_at",
            "handed_over_at",
        ]


class HandOver(serializers.Serializer):
    received_quantity = serializers.IntegerField(min_value=1)
    receiving_unit = serializers.CharField(max_length=120)
    signed_by = serializers.CharField(max_length=120)
    at = serializers.DateTimeField(required=False)
    remarks = serializers.CharField(required=False, allow_blank=True)


class ShipmentViewSet(RecordViewSet):
    serializer_class = ShipmentSerializer
    select_related = ("node", "origin", "destination")
    create_service = services.shipment_plan
    record_keyword = "shipment"
    lookup_field = "pk"
    steps = {
        "dispatch": (services.shipment_dispatch, StepTime),
        "arrive": (services.shipment_record_arrival, StepTime),
        "depart": (services.shipment_record_departure, StepTime),
        "hand_over": (services.shipment_hand_over, HandOver),
        "cancel": (services.shipment_cancel, NoParameters),
    }
    filterset_fields = ["status"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("events__recorded_by")
