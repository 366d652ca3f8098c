from rest_framework import serializers

from convoy.api.base import CodeField, RecordViewSet
from convoy.catalog.models import CapabilityArea
from convoy.core.models import Nation
from convoy.development import services
from convoy.development.models import CapabilityTarget


class CapabilityTargetSerializer(serializers.ModelSerializer):
    recipient = CodeField(Nation)
    area = CodeField(CapabilityArea)

    class Meta:
        model = CapabilityTarget
        fields = [
            "id",
            "recipient",
            "area",
            "year",
            "description",
            "target_quantity",
            "achieved_quantity",
            "target_level",
        ]
        read_only_fields = ["achieved_quantity"]


class Progress(serializers.Serializer):
    achieved_quantity = serializers.IntegerField(min_value=0)


class CapabilityTargetViewSet(RecordViewSet):
    serializer_class = CapabilityTargetSerializer
    select_related = ("recipient", "area")
    create_service = services.target_create
    record_keyword = "target"
    lookup_field = "pk"
    steps = {"progress": (services.target_record_progress, Progress)}
