from rest_framework import serializers

from convoy.api.base import CodeField, NameField, RecordViewSet, StepCancel, StepDate
from convoy.catalog.models import CapabilityArea, ItemGroup
from convoy.core.models import Nation, Organisation
from convoy.donations.models import Requirement
from convoy.training import services
from convoy.training.models import (
    Course,
    CourseSession,
    Enrolment,
    TrainingFacility,
    TrainingRequest,
)


class CourseSessionSerializer(serializers.ModelSerializer):
    course = CodeField(Course)
    facility = CodeField(TrainingFacility)

    class Meta:
        model = CourseSession
        fields = ["code", "course", "facility", "start_date", "seats", "status"]
        read_only_fields = ["status"]


class TrainingRequestSerializer(serializers.ModelSerializer):
    recipient = CodeField(Nation)
    course = CodeField(Course)
    requirement = CodeField(Requirement, required=False, allow_null=True)

    class Meta:
        model = TrainingRequest
        fields = [
            "code",
            "recipient",
            "recipient_unit",
            "course",
            "crews_needed",
            "needed_by",
            "requirement",
            "status",
        ]
        read_only_fields = ["status"]


class EnrolmentSerializer(serializers.ModelSerializer):
    request = CodeField(TrainingRequest)
    session = CodeField(CourseSession)

    class Meta:
        model = Enrolment
        fields = ["id", "request", "session", "crews", "status", "plan_run"]
        read_only_fields = ["status", "plan_run"]


class CourseSessionViewSet(RecordViewSet):
    serializer_class = CourseSessionSerializer
    select_related = ("course", "facility")
    create_service = services.session_create
    update_service = services.session_update
    record_keyword = "session"
    steps = {"cancel": (services.session_cancel, StepCancel)}


class TrainingRequestViewSet(RecordViewSet):
    serializer_class = TrainingRequestSerializer
    select_related = ("recipient", "course", "requirement")
    create_service = services.training_request_create
    update_service = services.training_request_update
    record_keyword = "request"
    steps = {"cancel": (services.training_request_cancel, StepCancel)}


class EnrolmentViewSet(RecordViewSet):
    serializer_class = EnrolmentSerializer
    select_related = ("request", "session")
    create_service = services.enrolment_create
    record_keyword = "enrolment"
    lookup_field = "pk"
    steps = {
        "mark_trained": (services.enrolment_mark_trained, StepDate),
        "withdraw": (services.enrolment_withdraw, StepCancel),
    }


class CourseSerializer(serializers.ModelSerializer):
    capability_area = CodeField(CapabilityArea)
    item_group = CodeField(ItemGroup, required=False, allow_null=True)
    host_nation = CodeField(Nation)

    class Meta:
        model = Course
        fields = ["code", "name", "capability_area", "item_group", "duration_weeks", "language",
                  "host_nation"]


class CourseViewSet(RecordViewSet):
    serializer_class = CourseSerializer
    select_related = ("capability_area", "item_group", "host_nation")
    create_service = services.course_create
    update_service = services.course_update
    record_keyword = "course"


class TrainingFacilitySerializer(serializers.ModelSerializer):
    nation = CodeField(Nation)
    operator = NameField(Organisation)

    class Meta:
        model = TrainingFacility
        fields = ["code", "name", "nation", "place", "operator"]


class TrainingFacilityViewSet(RecordViewSet):
    serializer_class = TrainingFacilitySerializer
    select_related = ("nation", "operator")
    create_service = services.facility_create
    update_service = services.facility_update
    record_keyword = "facility"
