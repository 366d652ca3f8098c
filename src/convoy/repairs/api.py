from rest_framework import serializers

from convoy.api.base import CodeField, NameField, RecordViewSet, StepCancel, StepDate
from convoy.catalog.models import Item, ItemGroup
from convoy.core.models import Nation, Organisation
from convoy.donations.models import Pledge
from convoy.logistics.models import Location
from convoy.repairs import services
from convoy.repairs.models import RepairFacility, RepairOrder


class RepairOrderSerializer(serializers.ModelSerializer):
    recipient = CodeField(Nation)
    item = CodeField(Item)
    facility = CodeField(RepairFacility)
    returned_as = CodeField(Pledge, read_only=True)
    follow_up_of = CodeField(RepairOrder, read_only=True)

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


class RepairFacilitySerializer(serializers.ModelSerializer):
    nation = CodeField(Nation)
    location = CodeField(Location)
    operator = NameField(Organisation)
    item_groups = CodeField(ItemGroup, many=True)

    class Meta:
        model = RepairFacility
        fields = ["code", "name", "nation", "location", "operator", "item_groups",
                  "capacity_per_week", "turnaround_weeks"]


class RepairFacilityViewSet(RecordViewSet):
    serializer_class = RepairFacilitySerializer
    select_related = ("nation", "location", "operator")
    create_service = services.repair_facility_create
    update_service = services.repair_facility_update
    record_keyword = "facility"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("item_groups")
