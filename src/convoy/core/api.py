from rest_framework import serializers

from convoy.api.base import RecordViewSet
from convoy.core.models import Nation


class NationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Nation
        fields = ["code", "name", "kind", "participation", "gdp_usd", "gdp_year"]
        read_only_fields = fields


class NationViewSet(RecordViewSet):
    serializer_class = NationSerializer
