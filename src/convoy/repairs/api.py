from rest_framework import serializers

from convoy.api.base import CodeField, RecordViewSet, StepCancel, StepDate
from convoy.catalog.models import Item
from convoy.core.models import Nation
from convoy.repairs import services
from convoy.repairs.models import RepairFacility, RepairOrder


class RepairOrderSerializer(serializers.ModelSerializer):
    recipient = CodeField(Nation)
    item = CodeField(Item)
    facility = CodeField(RepairFacility)
    returned_as = serializers.SlugRelatedField(slug_field="code", read_only=True)
    follow_up_of = serializers.SlugRelatedField(slug_field="code", read_only=True)

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
            "returned_quantity",
            "written_off_quantity",
            "short_reason",
            "short_note",
            "follow_up_of",
        ]
        read_only_fields = [
            "status",
            "received_on",
            "repair_started_on",
            "returned_on",
            "returned_quantity",
            "written_off_quantity",
            "short_reason",
            "short_note",
        ]


class Return(StepDate):
    """A return; fewer units than the order's say why and what becomes of the rest."""

    returned_quantity = serializers.IntegerField(required=False, min_value=0)
    short_reason = serializers.ChoiceField(RepairOrder.ShortReason.choices, required=False)
    rest = serializers.ChoiceField(RepairOrder.Rest.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class RepairOrderViewSet(RecordViewSet):
    serializer_class = RepairOrderSerializer
    select_related = ("recipient", "item", "facility", "returned_as")
    create_service = services.repair_order_create
    record_keyword = "order"
    steps = {
        "receive": (services.repair_order_receive, StepDate),
        "start": (services.repair_order_start, StepDate),
        "return": (services.repair_order_return, Return),
        "cancel": (services.repair_order_cancel, StepCancel),
    }
    filterset_fields = ["status"]
