"""Admin of training. Sessions, requests and enrolments are saved through the services, so the
seat and crew rules hold here too; lifecycle steps are admin actions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from convoy.core.adminbase import AuditedAdmin, step_action
from convoy.training import services
from convoy.training.models import (
    Course,
    CourseSession,
    Enrolment,
    TrainingFacility,
    TrainingRequest,
)


@admin.register(TrainingFacility)
class TrainingFacilityAdmin(AuditedAdmin):
    list_display = ["code", "name", "nation", "place", "operator"]
    list_filter = ["nation"]
    search_fields = ["code", "name", "place"]


@admin.register(Course)
class CourseAdmin(AuditedAdmin):
    list_display = [
        "code",
        "name",
        "capability_area",
        "item_group",
        "duration_weeks",
        "language",
        "host_nation",
    ]
    list_filter = ["capability_area", "host_nation", "language"]
    search_fields = ["code", "name"]


class EnrolmentInline(admin.TabularInline):
    """Shown, not edited: enrolments are made and withdrawn through their own services."""

    model = Enrolment
    fields = ["request", "crews", "status", "plan_run"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CourseSession)
class CourseSessionAdmin(AuditedAdmin):
    create_service = services.session_create
    update_service = services.session_update
    record_keyword = "session"
    list_display = ["code", "course", "facility", "start_date", "seats", "status"]
    list_filter = ["status", "facility", "course", "facility__nation"]
    search_fields = ["code", "course__name", "facility__name"]
    date_hierarchy = "start_date"
    lifecycle_fields = ("status",)
    inlines = [EnrolmentInline]
    actions = [
        step_action(
            services.session_cancel,
            _("Cancel the selected sessions (withdraws their crews)"),
            name="cancel_sessions",
        ),
    ]


@admin.register(TrainingRequest)
class TrainingRequestAdmin(AuditedAdmin):
    create_service = services.training_request_create
    update_service = services.training_request_update
    record_keyword = "request"
    list_display = [
        "code",
        "recipient",
        "recipient_unit",
        "course",
        "crews_needed",
        "needed_by",
        "status",
    ]
    list_filter = ["status", "course", "recipient"]
    search_fields = ["code", "recipient_unit", "course__name"]
    date_hierarchy = "needed_by"
    lifecycle_fields = ("status",)
    actions = [
        step_action(
            services.training_request_cancel,
            _("Cancel the selected requests (withdraws their crews)"),
            name="cancel_requests",
        ),
    ]


@admin.register(Enrolment)
class EnrolmentAdmin(AuditedAdmin):
    create_service = services.enrolment_create
    record_keyword = "enrolment"
    list_display = ["__str__", "request", "session", "crews", "status"]
    list_filter = ["status", "session__facility", "session__course"]
    search_fields = ["request__code", "session__code"]
    lifecycle_fields = ("status",)
    actions = [
        step_action(
            services.enrolment_mark_trained,
            _("Mark the selected enrolments trained"),
            name="mark_trained",
        ),
        step_action(
            services.enrolment_withdraw,
            _("Withdraw the selected enrolments (frees their seats)"),
            name="withdraw",
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Once made, an enrolment's crews change only by withdrawing and enrolling again.
        fixed = ("request", "session", "crews", "plan_run") if obj is not None else ()
        return (*super().get_readonly_fields(request, obj), *fixed)

    def save_model(self, request, obj, form, change):
        # Nothing of a made enrolment is left to edit; its steps are the actions above.
        if not change:
            super().save_model(request, obj, form, change)
