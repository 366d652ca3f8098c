from rest_framework import serializers

from convoy.api.base import CodeField, RecordViewSet
from convoy.core.models import AuditRecord, Nation, Organisation


class NationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Nation
        fields = ["code", "name", "kind", "participation", "gdp_usd", "gdp_year"]
        read_only_fields = fields


class NationViewSet(RecordViewSet):
    serializer_class = NationSerializer


class OrganisationSerializer(serializers.ModelSerializer):
    nation = CodeField(Nation, read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "nation", "kind"]
        read_only_fields = fields


class OrganisationViewSet(RecordViewSet):
    """Ministries, agencies, node and facility operators (read only)."""

    serializer_class = OrganisationSerializer
    select_related = ("nation",)
    lookup_field = "pk"
    filterset_fields = ["kind"]


class AuditRecordSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)
    record_type = serializers.SerializerMethodField(
        help_text="The kind of record written, as app.model (e.g. donations.pledge).")

    class Meta:
        model = AuditRecord
        fields = ["id", "at", "actor", "source", "action", "record_type", "object_id",
                  "object_repr", "summary", "before", "after"]
        read_only_fields = fields

    def get_record_type(self, record: AuditRecord) -> str:
        return f"{record.content_type.app_label}.{record.content_type.model}"


class AuditRecordViewSet(RecordViewSet):
    """The audit trail, newest first: every write to the records the caller may see (read
    only: nothing changes or removes an audit record)."""

    serializer_class = AuditRecordSerializer
    select_related = ("actor", "content_type")
    lookup_field = "pk"
    filterset_fields = {
        "content_type__model": ["exact"],
        "object_id": ["exact"],
        "action": ["exact"],
        "source": ["exact"],
        "actor__username": ["exact"],
    }
