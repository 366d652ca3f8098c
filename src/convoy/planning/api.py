from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from convoy.api.base import NoParameters, RecordViewSet
from convoy.planning import services
from convoy.planning.compare import compare
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
            "changes",
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
            f for f in fields
            if f not in {"start_date", "horizon_weeks", "method", "time_limit_s", "changes"}
        ]
        extra_kwargs = {"changes": {"help_text": (
            "A what-if run's changes, made to its scenario only: a list of objects, each with a "
            "kind and its fields: node_capacity (node, capacity_t, from_week, to_week), "
            "session_seats (session, seats), pledge (donor, item, quantity, origin, "
            "available_week), requirement (requirement, priority, due_week), leave_out_donor "
            "(donor). Weeks count from week 0. Such a run is never approved."
        )}}


def _pair(child: serializers.Field) -> serializers.ListField:
    return serializers.ListField(child=child, min_length=2, max_length=2)


def _number() -> serializers.FloatField:
    return serializers.FloatField(allow_null=True)


class RequirementOutcomeSerializer(serializers.Serializer):
    requirement = serializers.CharField()
    priority = _pair(serializers.IntegerField(allow_null=True))
    required = _pair(serializers.IntegerField(allow_null=True))
    delivered = _pair(serializers.IntegerField(allow_null=True))
    on_time = _pair(serializers.IntegerField(allow_null=True))


class ComparisonSerializer(serializers.Serializer):
    """Two runs side by side; each figure is a pair [this run, the other run]."""

    runs = _pair(serializers.IntegerField())
    what_if = _pair(serializers.ListField(child=serializers.DictField()))
    objective = _pair(_number())
    bound = _pair(_number())
    on_time_rate = _pair(_number())
    units_delivered = _pair(serializers.IntegerField(allow_null=True))
    fill_rate_by_priority = serializers.DictField(child=_pair(_number()))
    node_peak_utilisation = serializers.DictField(child=_pair(_number()))
    node_tonnes = serializers.DictField(child=_pair(_number()))
    requirements = RequirementOutcomeSerializer(
        many=True, help_text="Only the requirements whose outcome differs between the runs.")


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

    @extend_schema(
        parameters=[OpenApiParameter("other", OpenApiTypes.INT, OpenApiParameter.PATH,
                                     description="The plan run to compare with.")],
        responses=ComparisonSerializer, summary="Compare with another run",
    )
    @action(detail=True, methods=["get"], url_path=r"compare/(?P<other>[0-9]{1,18})")
    def compare(self, request: Request, other: str, **kwargs: object) -> Response:
        """This run and another side by side: objective, fill rate by priority, on-time rate,
        node load, and the requirements whose outcome differs."""
        run = self.get_object()
        second = self.get_queryset().filter(pk=int(other)).first()
        if second is None:
            raise Http404(_("No plan run %(pk)s that you may see.") % {"pk": other})
        return Response(ComparisonSerializer(compare(run, second)).data)
