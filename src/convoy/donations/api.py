from rest_framework import serializers

from convoy.api.base import CodeField, RecordViewSet, StepCancel, StepDate
from convoy.catalog.models import Item, ItemGroup
from convoy.core.models import Nation
from convoy.donations import services
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.logistics.models import Location


class RequirementSerializer(serializers.ModelSerializer):
    recipient = CodeField(Nation)
    item_group = CodeField(ItemGroup)
    destination = CodeField(Location)

    class Meta:
        model = Requirement
        fields = [
            "code",
            "recipient",
            "item_group",
            "quantity",
            "priority",
            "needed_by",
            "destination",
            "status",
            "notes",
        ]
        read_only_fields = ["status"]


class PledgeSerializer(serializers.ModelSerializer):
    donor = CodeField(Nation)
    item = CodeField(Item)
    origin = CodeField(Location)

    class Meta:
        model = Pledge
        fields = [
            "code",
            "donor",
            "item",
            "quantity",
            "available_from",
            "origin",
            "value_eur",
            "source",
            "status",
            "announced_on",
            "committed_on",
            "delivery_started_on",
            "delivered_on",
            "cancelled_on",
            "notes",
        ]
        read_only_fields = [
            "source",
            "status",
            "committed_on",
            "delivery_started_on",
            "delivered_on",
            "cancelled_on",
        ]
        extra_kwargs = {"announced_on": {"required": False}}


class AllocationSerializer(serializers.ModelSerializer):
    pledge = CodeField(Pledge)
    requirement = CodeField(Requirement)

    class Meta:
        model = Allocation
        fields = ["id", "pledge", "requirement", "quantity", "created_at", "plan_run"]
        read_only_fields = ["created_at", "plan_run"]


class RequirementViewSet(RecordViewSet):
    serializer_class = RequirementSerializer
    select_related = ("recipient", "item_group", "destination")
    create_service = services.requirement_create
    update_service = services.requirement_update
    record_keyword = "requirement"
    steps = {"cancel": (services.requirement_cancel, StepCancel)}
    filterset_fields = ["status", "priority"]


class PledgeViewSet(RecordViewSet):
    serializer_class = PledgeSerializer
    select_related = ("donor", "item", "origin")
    create_service = services.pledge_create
    update_service = services.pledge_update
    record_keyword = "pledge"
    steps = {
        "commit": (services.pledge_commit, StepDate),
        "start_delivery": (services.pledge_start_delivery, StepDate),
        "mark_delivered": (services.pledge_mark_delivered, StepDate),
        "cancel": (services.pledge_cancel, StepCancel),
    }
    filterset_fields = ["status"]


class AllocationViewSet(RecordViewSet):
    serializer_class = AllocationSerializer
    select_related = ("pledge", "requirement")
    create_service = services.allocation_create
    record_keyword = "allocation"
    lookup_field = "pk"
    steps = {"cancel": (services.allocation_cancel, StepCancel)}
