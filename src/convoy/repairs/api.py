from rest_framework import serializers

from convoy.api.base import CodeField, NoParameters, RecordViewSet, StepDate
from convoy.catalog.models import Item
from convoy.core.models import Nation
from convoy.repairs import services
from convoy.repairs.models import RepairFacility, RepairOrder


class RepairOrderSerializer(serializers.ModelSerializer):
    recipient = CodeField(Nation)
    item = CodeField(Item)
    facility = CodeField(RepairFacility)
    returned_as = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RepairOrder
        fields = [
            "code",
            "recipient",
            "item",
            "quantity",
            "serial_numbers",
            "facility",
            "status",
            "requested_on",
            "received_on",
            "repair_started_on",
            "returned_on",
            "returned_as",
        ]
        read_only_fields = ["status", "received_on", "repair_started_on", "returned_on"]


class RepairOrderViewSet(RecordViewSet):
    serializer_class = RepairOrderSerializer
    select_related = ("recipient", "item", "facility", "returned_as")
    create_service = services.repair_order_create
    record_keyword = "order"
    steps = {
        "receive": (services.repair_order_receive, StepDate),
        "start": (services.repair_order_start, StepDate),
        "return": (services.repair_order_return, StepDate),
        "cancel": (services.repair_order_cancel, NoParameters),
    }
    filterset_fields = ["status"]
