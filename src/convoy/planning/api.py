from rest_framework import serializers

from convoy.api.base import NoParameters, RecordViewSet
from convoy.planning import services
from convoy.planning.models import PlanRun


class PlanRunSerializer(serializers.ModelSerializer):
    started_by = serializers.StringRelatedField()
    decided_by = serializers.StringRelatedField()

    class Meta:
        model = PlanRun
        fields = [
            "id",
            "start_date",
            "horizon_weeks",
            "method",
            "time_limit_s",
            "status",
            "progress",
            "message",
            "objective",
            "bound",
            "result",
            "started_by",
            "created_at",
            "started_at",
            "finished_at",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = [
            f for f in fields if f not in {"start_date", "horizon_weeks", "method", "time_limit_s"}
        ]


class PlanRunViewSet(RecordViewSet):
    serializer_class = PlanRunSerializer
    select_related = ("started_by", "decided_by")
    create_service = services.plan_run_start
    record_keyword = "run"
    lookup_field = "pk"
    steps = {
        "approve": (services.plan_run_approve, NoParameters),
        "discard": (services.plan_run_discard, NoParameters),
    }
