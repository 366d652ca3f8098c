from rest_framework import serializers

from convoy.api.base import CodeField, RecordViewSet
from convoy.catalog import services
from convoy.catalog.models import CapabilityArea, CapabilityCoalition, Item, ItemGroup
from convoy.core.models import Nation
from convoy.training.models import Course


class ItemGroupSerializer(serializers.ModelSerializer):
    area = CodeField(CapabilityArea)

    class Meta:
        model = ItemGroup
        fields = ["code", "name", "name_uk", "area"]


class ItemSerializer(serializers.ModelSerializer):
    group = CodeField(ItemGroup)
    training_course = CodeField(Course, required=False, allow_null=True)

    class Meta:
        model = Item
        fields = [
            "code",
            "name",
            "name_uk",
            "group",
            "unit_mass_t",
            "nato_stock_number",
            "training_course",
            "crews_per_unit",
        ]


class ItemGroupViewSet(RecordViewSet):
    serializer_class = ItemGroupSerializer
    select_related = ("area",)
    create_service = services.item_group_create
    update_service = services.item_group_update
    record_keyword = "group"


class ItemViewSet(RecordViewSet):
    serializer_class = ItemSerializer
    select_related = ("group", "training_course")
    create_service = services.item_create
    update_service = services.item_update
    record_keyword = "item"


class CapabilityAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = CapabilityArea
        fields = ["code", "name"]


class CapabilityAreaViewSet(RecordViewSet):
    serializer_class = CapabilityAreaSerializer
    create_service = services.capability_area_create
    update_service = services.capability_area_update
    record_keyword = "area"


class CapabilityCoalitionSerializer(serializers.ModelSerializer):
    area = CodeField(CapabilityArea)
    lead_nations = CodeField(Nation, many=True)
    members = CodeField(Nation, many=True, required=False)

    class Meta:
        model = CapabilityCoalition
        fields = ["id", "name", "area", "lead_nations", "members"]


class CapabilityCoalitionViewSet(RecordViewSet):
    serializer_class = CapabilityCoalitionSerializer
    select_related = ("area",)
    create_service = services.coalition_create
    update_service = services.coalition_update
    record_keyword = "coalition"
    lookup_field = "pk"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("lead_nations", "members")
