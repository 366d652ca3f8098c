"""Training pages: course sessions (list, detail, enrolment, calendar) and training requests."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View

from convoy.core import dates
from convoy.core.permissions import is_allowed
from convoy.training import filters, forms, services, tables
from convoy.training.attention import SESSION_RULES
from convoy.training.models import (
    Course,
    CourseSession,
    Enrolment,
    TrainingFacility,
    TrainingRequest,
)
from convoy.web import refusals
from convoy.web.lists import RecordListView
from convoy.web.params import QueryParams
from convoy.web.records import (
    Action,
    RecordActionView,
    RecordDetailView,
    Related,
    ServiceFormView,
)
from convoy.web.tables import Column

ACTIVE = ~Q(enrolments__status=Enrolment.Status.WITHDRAWN)


def with_seats_left(queryset):
    """Seats left counts every nation's enrolments (a total), not only those the user sees."""
    taken = Coalesce(Sum("enrolments__crews", filter=ACTIVE), 0)
    return queryset.annotate(seats_taken=taken).annotate(seats_left=Coalesce("seats", 0) - taken)


def with_crews_enrolled(queryset):
    return queryset.annotate(crews_enrolled=Coalesce(Sum("enrolments__crews", filter=ACTIVE), 0))


def may_enrol(user: Any, session: CourseSession) -> bool:
    return is_allowed(user, "add", Enrolment(session=session))


class SessionListView(RecordListView):
    model = CourseSession
    columns = tables.SESSION_COLUMNS
    filterset_class = filters.SessionFilter
    search_fields = ("code", "course__name", "facility__name", "facility__nation__name")
    search_hint = _("Code, course, facility or host nation")
    select_related = ("course", "facility")
    create_url = "training:session-create"
    attention = SESSION_RULES
    title = _("Course sessions")
    related_pages = ((_("Calendar"), "training:calendar"),)

    def base_queryset(self):
        return with_seats_left(super().base_queryset())


class SessionDetailView(RecordDetailView):
    model = CourseSession
    select_related = ("course", "facility")
    list_url = "training:session-list"
    edit_url = "training:session-edit"
    edit_states = ("offered", "running")
    template_name = "training/session_detail.html"
    attention = SESSION_RULES
    fields = [
        Column("code", _("Code")),
        Column("course.name", _("Course")),
        Column("course.duration_weeks", _("Duration (weeks)")),
        Column("facility.name", _("Facility")),
        Column("start_date", _("Starts")),
        Column("end_date", _("Ends")),
        Column("seats", _("Seats (crews)")),
        Column("seats_left", _("Seats left")),
        Column("status", _("Status")),
    ]
    actions = [Action(_(
        "Cancel session"
    ), "training:session-cancel", ("offered",), style="danger")]

    def get_object(self):
        queryset = with_seats_left(
            CourseSession.objects.restrict(self.request.user, "view").select_related(
                "course", "facility")
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def extra_context(self, obj: CourseSession) -> dict[str, Any]:
        can_enrol = may_enrol(self.request.user, obj) and obj.status in ("offered", "running")
        form = forms.EnrolForm(user=self.request.user, session=obj) if can_enrol else None
        enrolments = Enrolment.objects.restrict(self.request.user, "view").filter(
            session=obj).select_related("request")
        today = timezone.localdate()
        return {
            "enrol_form": form,
            "enrolments": [
                {"enrolment": e, "may_change": e.status == "enrolled"
                 and is_allowed(self.request.user, "change", e),
                 # Offered only once the session has ended; the service refuses it before.
                 "may_mark_trained": today >= obj.end_date}
                for e in enrolments
            ],
        }


class SessionCreateView(ServiceFormView):
    model = CourseSession
    form_class = forms.SessionForm
    success_message = _("Session {obj} offered.")
    create_service = staticmethod(services.session_create)
    list_url = "training:session-list"


class SessionEditView(SessionCreateView):
    edit_states = ("offered", "running")
    success_message = _("Session {obj} saved.")
    update_service = staticmethod(services.session_update)
    record_keyword = "session"


class SessionCancelView(RecordActionView):
    model = CourseSession
    service = staticmethod(services.session_cancel)
    record_keyword = "session"
    success_message = _("Session {obj} cancelled.")
    label = _("Cancel session")
    explanation = (_(
        "Session {obj} is cancelled; crews enrolled in it are withdrawn and their requests "
        "open again."
    ))
    reason_label = _("Reason for the cancellation")
    style = "danger"


class SessionEnrolView(LoginRequiredMixin, View):
    """Enrol crews of a training request in a session (POST from the session page)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = get_object_or_404(CourseSession.objects.restrict(request.user, "view"), pk=pk)
        back = reverse("training:session-detail", kwargs={"pk": pk})
        form = forms.EnrolForm(request.POST, user=request.user, session=session)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"Refused: {label}: {' '.join(errors)}".replace(": :", ":"))
            return HttpResponseRedirect(back)
        try:
            services.enrolment_create(actor=request.user, session=session,
                                      request=form.cleaned_data["request"],
                                      crews=form.cleaned_data["crews"])
        except PermissionDenied as error:
            messages.error(request, _("Refused: %(error)s") % {"error": error})
        except ValidationError as error:
            messages.error(request, "Refused: " + " ".join(refusals.messages_of(error)))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s crew of %(request)s enrolled in session %(session)s.",
                    "%(count)s crews of %(request)s enrolled in session %(session)s.",
                    form.cleaned_data["crews"],
                ) % {
                    "count": form.cleaned_data["crews"],
                    "request": form.cleaned_data['request'],
                    "session": session,
                },
            )
        return HttpResponseRedirect(back)


class EnrolmentStepView(RecordActionView):
    model = Enrolment
    record_keyword = "enrolment"

    def return_url(self, obj: Enrolment) -> str:
        return reverse("training:session-detail", kwargs={"pk": obj.session_id})


class EnrolmentTrainedView(EnrolmentStepView):
    service = staticmethod(services.enrolment_mark_trained)
    success_message = _("{obj}: marked trained.")
    label = _("Mark trained")
    explanation = _("The crews of {obj} are recorded as trained (not before the session ends).")


class EnrolmentWithdrawView(EnrolmentStepView):
    service = staticmethod(services.enrolment_withdraw)
    success_message = _("{obj}: withdrawn.")
    label = _("Withdraw")
    explanation = _("The crews of {obj} leave the session; its seats are free again.")
    reason_label = _("Reason (optional)")
    reason_required = False
    style = "danger"


class CalendarView(LoginRequiredMixin, View):
    """Sessions by facility and month, with seats left, over the next months."""

    months = 6

    def get(self, request: HttpRequest) -> HttpResponse:
        params = QueryParams(request)
        start = params.month("from", timezone.localdate())
        params.tell(request)
        months = [start]
        for _month in range(self.months - 1):
            months.append(dates.next_month(months[-1]))
        end = dates.next_month(months[-1])
        sessions = with_seats_left(
            CourseSession.objects.restrict(request.user, "view")
            .filter(start_date__gte=start, start_date__lt=end)
            .exclude(status=CourseSession.Status.CANCELLED)
            .select_related("course", "facility")
        ).order_by("start_date", "code")
        grid: dict[int, dict[date, list[CourseSession]]] = {}
        facilities: dict[int, TrainingFacility] = {}
        for session in sessions:
            facilities[session.facility_id] = session.facility
            grid.setdefault(session.facility_id, {}).setdefault(
                dates.first_of_month(session.start_date), []).append(session)
        rows = [
            {"facility": facilities[fid], "cells": [grid[fid].get(m, []) for m in months]}
            for fid in sorted(facilities, key=lambda f: facilities[f].name)
        ]
        return render(request, "training/calendar.html", {
            "title": _("Training calendar"),
            "months": months,
            "rows": rows,
            "previous": dates.previous_month(start),
            "next": months[1] if len(months) > 1 else end,
        })


# Training requests


class RequestListView(RecordListView):
    model = TrainingRequest
    columns = tables.REQUEST_COLUMNS
    filterset_class = filters.RequestFilter
    search_fields = ("code", "recipient_unit", "course__name")
    search_hint = _("Code, unit or course")
    select_related = ("course",)
    create_url = "training:request-create"

    def base_queryset(self):
        return with_crews_enrolled(super().base_queryset())

    def extra_context(self) -> dict[str, Any]:
        return {"related_pages": [
            (_("Not yet covered"), reverse("training:request-list") + "?status=open"),
        ]}


class RequestDetailView(RecordDetailView):
    model = TrainingRequest
    select_related = ("recipient", "course", "requirement")
    list_url = "training:request-list"
    edit_url = "training:request-edit"
    edit_states = ("open", "covered")
    fields = [
        Column("code", _("Code")),
        Column("recipient.name", _("Recipient")),
        Column("recipient_unit", _("Unit")),
        Column("course.name", _("Course")),
        Column("crews_needed", _("Crews needed")),
        Column("crews_enrolled", _("Crews enrolled")),
        Column("needed_by", _("Needed by")),
        Column("requirement", _("For requirement"), link=True),
        Column("status", _("Status")),
    ]
    actions = [Action(_("Cancel request"), "training:request-cancel", ("open",), style="danger")]

    def get_object(self):
        queryset = with_crews_enrolled(
            TrainingRequest.objects.restrict(self.request.user, "view").select_related(
                "recipient", "course", "requirement")
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def extra_context(self, obj: TrainingRequest) -> dict[str, Any]:
        if obj.status != "open":
            return {}
        url = reverse("training:session-list") + f"?course={obj.course_id}&has_seats=true"
        return {"extra_links": [(_("Find a session with seats"), url)]}

    def related(self, obj: TrainingRequest) -> list[Related]:
        enrolments = Enrolment.objects.restrict(self.request.user, "view").filter(
            request=obj).select_related("request", "session")
        return [Related(_("Enrolments you may see"), tables.ENROLMENT_COLUMNS, list(enrolments),
                        _("No crews enrolled yet."))]


class RequestCreateView(ServiceFormView):
    model = TrainingRequest
    form_class = forms.TrainingRequestForm
    success_message = _("Training request {obj} recorded.")
    create_service = staticmethod(services.training_request_create)
    list_url = "training:request-list"


class RequestEditView(RequestCreateView):
    edit_states = ("open", "covered")
    success_message = _("Training request {obj} saved.")
    update_service = staticmethod(services.training_request_update)
    record_keyword = "request"


class RequestCancelView(RecordActionView):
    model = TrainingRequest
    service = staticmethod(services.training_request_cancel)
    record_keyword = "request"
    success_message = _("Training request {obj} cancelled.")
    label = _("Cancel request")
    explanation = (_(
        "Training request {obj} is cancelled; its crews still enrolled are withdrawn, freeing "
        "their seats."
    ))
    reason_label = _("Reason for the cancellation")
    style = "danger"


# Courses and training facilities (reference data coordinators keep)


class CourseListView(RecordListView):
    model = Course
    columns = tables.COURSE_COLUMNS
    filterset_class = filters.CourseFilter
    search_fields = ("code", "name")
    select_related = ("capability_area", "item_group", "host_nation")
    create_url = "training:course-create"
    related_pages = ((_("Administration"), "core:administration"),)


class CourseDetailView(RecordDetailView):
    model = Course
    select_related = ("capability_area", "item_group", "host_nation")
    list_url = "training:course-list"
    edit_url = "training:course-edit"
    fields = [
        Column("code", _("Code")),
        Column("name", _("Name")),
        Column("capability_area.name", _("Capability area")),
        Column("item_group", _("Qualifies crews for")),
        Column("duration_weeks", _("Duration (weeks)")),
        Column("language", _("Language")),
        Column("host_nation.name", _("Host nation")),
    ]

    def related(self, obj: Course) -> list[Related]:
        sessions = CourseSession.objects.restrict(self.request.user, "view").filter(
            course=obj).select_related("course", "facility")
        return [Related(_("Sessions you may see"), [
            Column("code", _("Code"), link=True), Column("facility.name", _("Facility")),
            Column("start_date", _("Starts")), Column("seats", _("Seats"), numeric=True),
            Column("status", _("Status")),
        ], list(sessions), _("No sessions."))]


class CourseCreateView(ServiceFormView):
    model = Course
    form_class = forms.CourseForm
    create_service = staticmethod(services.course_create)
    list_url = "training:course-list"


class CourseEditView(CourseCreateView):
    update_service = staticmethod(services.course_update)
    record_keyword = "course"
    fixed_fields = ("code",)


class FacilityListView(RecordListView):
    model = TrainingFacility
    columns = tables.FACILITY_COLUMNS
    filterset_class = filters.FacilityFilter
    search_fields = ("code", "name", "place")
    select_related = ("nation", "operator")
    create_url = "training:facility-create"
    related_pages = ((_("Administration"), "core:administration"),)


class FacilityDetailView(RecordDetailView):
    model = TrainingFacility
    select_related = ("nation", "operator")
    list_url = "training:facility-list"
    edit_url = "training:facility-edit"
    fields = [
        Column("code", _("Code")),
        Column("name", _("Name")),
        Column("nation.name", _("Nation")),
        Column("place", _("Place")),
        Column("operator", _("Operator"), link=True),
    ]


class FacilityCreateView(ServiceFormView):
    model = TrainingFacility
    form_class = forms.TrainingFacilityForm
    create_service = staticmethod(services.facility_create)
    list_url = "training:facility-list"


class FacilityEditView(FacilityCreateView):
    update_service = staticmethod(services.facility_update)
    record_keyword = "facility"
    fixed_fields = ("code",)
