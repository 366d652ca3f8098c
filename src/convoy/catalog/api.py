from rest_framework import serializers

from convoy.api.base import CodeField, RecordViewSet
from convoy.catalog import services
from convoy.catalog.models import CapabilityArea, Item, ItemGroup
from convoy.training.models import Course


class ItemGroupSerializer(serializers.ModelSerializer):
    area = CodeField(CapabilityArea)

    class Meta:
        model = ItemGroup
        fields = ["code", "name", "area"]


class ItemSerializer(serializers.ModelSerializer):
    group = CodeField(ItemGroup)
    training_course = CodeField(Course, required=False, allow_null=True)

    class Meta:
        model = Item
        fields = [
            "code",
            "name",
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
