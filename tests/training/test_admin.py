"""The training admin saves through the services, so their rules hold there too."""

import pytest
from django.urls import reverse

from convoy.core.audit import history
from convoy.training.models import CourseSession, Enrolment, TrainingRequest
from convoy.training.services import enrolment_create
from tests.training.factories import EnrolmentFactory
from tests.training.helpers import leaves_nothing_written

pytestmark = pytest.mark.django_db

MODELS = ["trainingfacility", "course", "coursesession", "trainingrequest", "enrolment"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_and_add_pages_open(admin_client, model):
    EnrolmentFactory()
    assert admin_client.get(reverse(f"admin:training_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:training_{model}_add")).status_code == 200


def test_session_page_shows_its_enrolments_read_only(admin_client, session, request_for):
    enrolment_create(actor=None, request=request_for(2), session=session, crews=2)
    page = admin_client.get(reverse("admin:training_coursesession_change", args=[session.pk]))
    assert page.status_code == 200
    assert page.context["inline_admin_formsets"][0].formset.queryset.count() == 1


def test_admin_enrolment_beyond_the_seats_is_shown_as_a_form_error(admin_client, session,
                                                                   request_for):
    enrolment_create(actor=None, request=request_for(3), session=session, crews=3)
    request = request_for(2)
    with leaves_nothing_written(Enrolment, TrainingRequest):
        page = admin_client.post(reverse("admin:training_enrolment_add"),
                                 {"request": request.pk, "session": session.pk, "crews": 2})
    assert page.status_code == 200
    assert "1 seats left" in str(page.context["adminform"].form.errors["crews"])


def test_admin_enrolment_goes_through_the_service(admin_client, session, request_for):
    request = request_for(2)
    page = admin_client.post(reverse("admin:training_enrolment_add"),
                             {"request": request.pk, "session": session.pk, "crews": 2})
    assert page.status_code == 302
    assert TrainingRequest.objects.get(pk=request.pk).status == "covered"
    record = history(Enrolment.objects.get()).get()
    assert record.actor.username == "admin" and record.source == "admin"


def test_admin_cannot_cut_session_seats_below_enrolled(admin_client, session, request_for):
    enrolment_create(actor=None, request=request_for(3), session=session, crews=3)
    url = reverse("admin:training_coursesession_change", args=[session.pk])
    data = {"code": session.code, "course": session.course_id, "facility": session.facility_id,
            "start_date": "2024-07-08", "seats": 2,
            "enrolments-TOTAL_FORMS": 1, "enrolments-INITIAL_FORMS": 1}
    data["enrolments-0-id"] = Enrolment.objects.get().pk
    data["enrolments-0-session"] = session.pk
    page = admin_client.post(url, data)
    assert page.status_code == 200
    assert "seats" in page.context["adminform"].form.errors
    assert CourseSession.objects.get(pk=session.pk).seats == 4


def test_admin_action_cancels_sessions_through_the_service(admin_client, session, request_for):
    enrolment = enrolment_create(actor=None, request=request_for(1), session=session, crews=1)
    page = admin_client.post(reverse("admin:training_coursesession_changelist"),
                             {"action": "cancel_sessions", "_selected_action": [session.pk],
                              "reason": "Instructors unavailable."})
    assert page.status_code == 302
    assert CourseSession.objects.get(pk=session.pk).status == "cancelled"
    assert Enrolment.objects.get(pk=enrolment.pk).status == "withdrawn"


def test_admin_action_reports_a_refused_step(admin_client, session, request_for):
    enrolment = enrolment_create(actor=None, request=request_for(1), session=session, crews=1)
    page = admin_client.post(reverse("admin:training_enrolment_changelist"),
                             {"action": "withdraw", "_selected_action": [enrolment.pk]},
                             follow=True)
    page = admin_client.post(reverse("admin:training_enrolment_changelist"),
                             {"action": "withdraw", "_selected_action": [enrolment.pk]},
                             follow=True)
    assert any("cannot go from" in str(m) for m in page.context["messages"])
