"""Admin of training. Sessions, requests and enrolments are saved through the services, so the
seat and crew rules hold here too; lifecycle steps are admin actions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from convoy.core.adminbase import AuditedAdmin
from convoy.training import services
from convoy.training.models import (
    Course,
    CourseSession,
    Enrolment,
    TrainingFacility,
    TrainingRequest,
)


def _run_step(modeladmin, request, queryset, step, done: str) -> None:
    """Apply one service step to each selected record, reporting refusals instead of failing."""
    count = 0
    for obj in queryset:
        try:
            step(request.user, obj)
            count += 1
        except (ValidationError, PermissionDenied) as error:
            text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            modeladmin.message_user(request, f"{obj}: {text}", messages.ERROR)
    if count:
        modeladmin.message_user(request, f"{count} {done}.", messages.SUCCESS)


def _fields(form, obj) -> dict:
    return {name: getattr(obj, name) for name in form.changed_data if name in form.cleaned_data}


class SessionForm(forms.ModelForm):
    """Shows the seat rules beside the fields instead of failing on save."""

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None:
            changes = {name: data[name] for name in self.changed_data if name in data}
            services.check_session_change(self.instance, changes)
        return data


class TrainingRequestForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if self.instance.pk is not None:
            changes = {name: data[name] for name in self.changed_data if name in data}
            services.check_request_change(self.instance, changes)
        return data


class EnrolmentForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if self.instance.pk is None and all(data.get(k) for k in ("request", "session", "crews")):
            services.check_enrolment(data["request"], data["session"], data["crews"])
        return data


@admin.register(TrainingFacility)
class TrainingFacilityAdmin(AuditedAdmin):
    list_display = ["code", "name", "nation", "place", "operator"]
    list_filter = ["nation"]
    search_fields = ["code", "name", "place"]


@admin.register(Course)
class CourseAdmin(AuditedAdmin):
    list_display = ["code", "name", "capability_area", "item_group", "duration_weeks", "language",
                    "host_nation"]
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
    form = SessionForm
    list_display = ["code", "course", "facility", "start_date", "seats", "status"]
    list_filter = ["status", "facility", "course", "facility__nation"]
    search_fields = ["code", "course__name", "facility__name"]
    date_hierarchy = "start_date"
    lifecycle_fields = ("status",)
    inlines = [EnrolmentInline]
    actions = ["cancel_sessions"]

    def save_model(self, request, obj, form, change):
        if change:
            services.session_update(actor=request.user, session=obj, **_fields(form, obj))
        else:
            created = services.session_create(
                actor=request.user,
                **{f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields
                   if not f.primary_key},
            )
            obj.pk = created.pk
            obj._state.adding = False

    @admin.action(description="Cancel the selected sessions (withdraws their crews)")
    def cancel_sessions(self, request, queryset):
        _run_step(self, request, queryset,
                  lambda user, s: services.session_cancel(actor=user, session=s), "cancelled")


@admin.register(TrainingRequest)
class TrainingRequestAdmin(AuditedAdmin):
    form = TrainingRequestForm
    list_display = ["code", "recipient", "recipient_unit", "course", "crews_needed", "needed_by",
                    "status"]
    list_filter = ["status", "course", "recipient"]
    search_fields = ["code", "recipient_unit", "course__name"]
    date_hierarchy = "needed_by"
    lifecycle_fields = ("status",)
    actions = ["cancel_requests"]

    def save_model(self, request, obj, form, change):
        if change:
            services.training_request_update(actor=request.user, request=obj,
                                             **_fields(form, obj))
        else:
            created = services.training_request_create(
                actor=request.user,
                **{f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields
                   if not f.primary_key},
            )
            obj.pk = created.pk
            obj._state.adding = False

    @admin.action(description="Cancel the selected requests (withdraws their crews)")
    def cancel_requests(self, request, queryset):
        _run_step(self, request, queryset,
                  lambda user, r: services.training_request_cancel(actor=user, request=r),
                  "cancelled")


@admin.register(Enrolment)
class EnrolmentAdmin(AuditedAdmin):
    form = EnrolmentForm
    list_display = ["__str__", "request", "session", "crews", "status"]
    list_filter = ["status", "session__facility", "session__course"]
    search_fields = ["request__code", "session__code"]
    lifecycle_fields = ("status",)
    actions = ["mark_trained", "withdraw"]

    def get_readonly_fields(self, request, obj=None):
        # Once made, an enrolment's crews change only by withdrawing and enrolling again.
        fixed = ("request", "session", "crews", "plan_run") if obj is not None else ()
        return (*super().get_readonly_fields(request, obj), *fixed)

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing editable is left; steps are the actions below
        created = services.enrolment_create(actor=request.user, request=obj.request,
                                            session=obj.session, crews=obj.crews,
                                            plan_run=obj.plan_run)
        obj.pk = created.pk
        obj._state.adding = False

    @admin.action(description="Mark the selected enrolments trained")
    def mark_trained(self, request, queryset):
        _run_step(self, request, queryset,
                  lambda user, e: services.enrolment_mark_trained(actor=user, enrolment=e),
                  "marked trained")

    @admin.action(description="Withdraw the selected enrolments (frees their seats)")
    def withdraw(self, request, queryset):
        _run_step(self, request, queryset,
                  lambda user, e: services.enrolment_withdraw(actor=user, enrolment=e),
                  "withdrawn")
