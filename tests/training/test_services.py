"""Training: sessions offered, requests for crews, enrolments within seats and crews left."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from convoy.core.audit import audit_source, history
from convoy.core.errors import DomainError
from convoy.core.models import Nation
from convoy.training.models import CourseSession, Enrolment, TrainingRequest
from convoy.training.selectors import crews_left, seats_left
from convoy.training.services import (
    enrolment_create,
    enrolment_mark_trained,
    enrolment_withdraw,
    session_cancel,
    session_create,
    session_update,
    training_request_cancel,
    training_request_create,
    training_request_update,
)
from tests.core.factories import NationFactory
from tests.training.factories import CourseFactory, CourseSessionFactory, EnrolmentFactory
from tests.training.helpers import leaves_nothing_written, messages_of

pytestmark = pytest.mark.django_db

WRITTEN = (CourseSession, TrainingRequest, Enrolment)


def session_fields(facility, course, code="LEO-25-1"):
    return {"code": code, "course": course, "facility": facility,
            "start_date": datetime.date(2025, 3, 3), "seats": 6}


def request_fields(course, code="TR-47-LEO"):
    return {"code": code, "recipient": NationFactory(code="UKR", kind=Nation.Kind.RECIPIENT),
            "recipient_unit": "47th Mechanised Brigade", "course": course, "crews_needed": 4,
            "needed_by": datetime.date.today() + datetime.timedelta(days=90)}


# Sessions ---------------------------------------------------------------------------------------


def test_donor_liaison_offers_a_session_at_their_nations_facility(german_liaison, facility,
                                                                  course):
    session = session_create(actor=german_liaison, status="completed",
                             **session_fields(facility, course, code=""))
    assert session.status == CourseSession.Status.OFFERED
    assert [r.action for r in history(session)] == ["create"]
    assert history(session).get().actor == german_liaison


def test_donor_liaison_cannot_offer_a_session_at_another_nations_facility(
    german_liaison, other_facility, course
):
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        session_create(actor=german_liaison, **session_fields(other_facility, course))


def test_facility_operator_offers_sessions_only_at_their_facility(operator, facility,
                                                                  other_facility, course):
    session_create(actor=operator, **session_fields(facility, course, code=""))
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        session_create(actor=operator, **session_fields(other_facility, course, code="ND-1"))


@pytest.mark.parametrize("role", ["planner", "viewer"])
def test_recipient_planner_and_viewer_cannot_offer_a_session(role, request, facility, course):
    actor = request.getfixturevalue(role)
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        session_create(actor=actor, **session_fields(facility, course))


def test_session_seats_cannot_drop_below_the_crews_enrolled(operator, session, request_for):
    enrolment_create(actor=operator, request=request_for(3), session=session, crews=3)
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        session_update(actor=operator, session=session, seats=2)
    assert "seats" in error.value.message_dict
    assert session.code in messages_of(error.value)
    session_update(actor=operator, session=session, seats=3)
    assert CourseSession.objects.get(pk=session.pk).seats == 3


def test_session_update_cannot_change_the_status(operator, session):
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        session_update(actor=operator, session=session, status="completed")
    assert "status" in error.value.message_dict


def test_cancelling_a_session_withdraws_its_crews_and_reopens_the_request(
    german_liaison, operator, session, request_for
):
    request = request_for(2)
    enrolment = enrolment_create(actor=operator, request=request, session=session, crews=2)
    assert TrainingRequest.objects.get(pk=request.pk).status == "covered"
    # The donor liaison may cancel the session, though not otherwise change enrolments.
    session_cancel(actor=german_liaison, session=session, reason="No longer needed.")
    assert CourseSession.objects.get(pk=session.pk).status == "cancelled"
    assert Enrolment.objects.get(pk=enrolment.pk).status == "withdrawn"
    assert TrainingRequest.objects.get(pk=request.pk).status == "open"
    assert history(enrolment).first().actor == german_liaison


def test_a_cancelled_session_cannot_be_cancelled_again(operator, session):
    session_cancel(actor=operator, session=session, reason="No longer needed.")
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        session_cancel(actor=operator, session=session, reason="No longer needed.")
    assert "status" in error.value.message_dict


def test_a_session_with_trained_crews_cannot_be_cancelled(operator, session, request_for):
    enrolment = enrolment_create(actor=operator, request=request_for(1), session=session, crews=1)
    enrolment_mark_trained(actor=operator, enrolment=enrolment)
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        session_cancel(actor=operator, session=session, reason="No longer needed.")
    assert session.code in error.value.message_dict["status"][0]


def test_other_nations_liaison_cannot_cancel_the_session(poland, session):
    from tests.core.factories import OrganisationFactory, member

    polish_liaison = member("donor_liaison", OrganisationFactory(nation=poland))
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        session_cancel(actor=polish_liaison, session=session, reason="No longer needed.")


# Training requests ------------------------------------------------------------------------------


def test_recipient_planner_creates_an_open_training_request(planner, course):
    request = training_request_create(actor=planner, status="covered", **request_fields(course))
    assert request.status == TrainingRequest.Status.OPEN
    assert history(request).get().actor == planner


@pytest.mark.parametrize("role", ["viewer", "operator", "german_liaison"])
def test_only_planners_and_coordinators_create_training_requests(role, request, course):
    actor = request.getfixturevalue(role)
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        training_request_create(actor=actor, **request_fields(course))


def test_training_request_must_be_for_a_recipient_nation(planner, course, germany):
    fields = {**request_fields(course), "recipient": germany}
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        training_request_create(actor=planner, **fields)
    assert "TR-47-LEO" in error.value.message_dict["recipient"][0]


def test_request_cannot_need_fewer_crews_than_enrolled(planner, operator, session, request_for):
    request = request_for(3)
    enrolment_create(actor=operator, request=request, session=session, crews=2)
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        training_request_update(actor=planner, request=request, crews_needed=1)
    assert request.code in error.value.message_dict["crews_needed"][0]
    training_request_update(actor=planner, request=request, crews_needed=2)
    assert TrainingRequest.objects.get(pk=request.pk).status == "covered"


def test_request_course_cannot_change_once_crews_are_enrolled(planner, operator, session,
                                                              request_for):
    request = request_for(3)
    enrolment_create(actor=operator, request=request, session=session, crews=1)
    other_course = CourseFactory()
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        training_request_update(actor=planner, request=request, course=other_course)
    assert "course" in error.value.message_dict


def test_cancelling_a_request_frees_the_seats_of_its_crews(planner, operator, session,
                                                           request_for):
    request = request_for(3)
    enrolment_create(actor=operator, request=request, session=session, crews=3)
    assert seats_left(session) == 1
    training_request_cancel(actor=planner, request=request, reason="No longer needed.")
    assert TrainingRequest.objects.get(pk=request.pk).status == "cancelled"
    assert seats_left(session) == 4


def test_viewer_cannot_cancel_a_request(viewer, request_for):
    request = request_for(3)
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        training_request_cancel(actor=viewer, request=request, reason="No longer needed.")


# Enrolments -------------------------------------------------------------------------------------


def test_enrolment_takes_seats_and_crews(operator, session, request_for):
    request = request_for(3)
    enrolment = enrolment_create(actor=operator, request=request, session=session, crews=2)
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert seats_left(session) == 2
    assert crews_left(request) == 1
    assert TrainingRequest.objects.get(pk=request.pk).status == "open"
    assert history(enrolment).get().actor == operator


def test_request_is_covered_when_fully_enrolled(operator, session, facility, course,
                                                request_for):
    request = request_for(3)
    second = CourseSessionFactory(facility=facility, course=course, seats=2)
    enrolment_create(actor=operator, request=request, session=session, crews=2)
    enrolment_create(actor=operator, request=request, session=second, crews=1)
    request.refresh_from_db()
    assert request.status == TrainingRequest.Status.COVERED
    # The status change is audited under the operator's name although they do not manage requests.
    assert history(request).first().actor == operator
    assert history(request).first().changes == {"status": ("open", "covered")}


def test_enrolment_cannot_exceed_the_sessions_seats_left(operator, session, request_for):
    enrolment_create(actor=operator, request=request_for(3), session=session, crews=3)
    waiting = request_for(3)
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        enrolment_create(actor=operator, request=waiting, session=session, crews=2)
    message = error.value.message_dict["crews"][0]
    assert session.code in message and "1 seats left" in message


def test_enrolment_cannot_exceed_the_requests_crews_left(operator, session, request_for):
    request = request_for(1)
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        enrolment_create(actor=operator, request=request, session=session, crews=2)
    assert "needs only 1 more" in error.value.message_dict["crews"][0]


def test_enrolment_session_must_teach_the_requests_course(operator, session):
    from tests.training.factories import TrainingRequestFactory

    request = TrainingRequestFactory(course=CourseFactory(code="patriot"))
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        enrolment_create(actor=operator, request=request, session=session, crews=1)
    assert request.code in error.value.message_dict["session"][0]


def test_enrolment_in_a_cancelled_session_is_refused(operator, session, request_for):
    session_cancel(actor=operator, session=session, reason="No longer needed.")
    waiting = request_for(1)
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        enrolment_create(actor=operator, request=waiting, session=session, crews=1)
    assert "cancelled" in error.value.message_dict["session"][0]


def test_enrolment_of_a_covered_request_is_refused(operator, session, facility, course,
                                                   request_for):
    request = request_for(1)
    enrolment_create(actor=operator, request=request, session=session, crews=1)
    other = CourseSessionFactory(facility=facility, course=course)
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        enrolment_create(actor=operator, request=request, session=other, crews=1)
    assert "covered" in error.value.message_dict["request"][0]


@pytest.mark.parametrize("crews", [0, -1])
def test_enrolment_needs_at_least_one_crew(operator, session, request_for, crews):
    waiting = request_for(1)
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        enrolment_create(actor=operator, request=waiting, session=session, crews=crews)
    assert "crews" in error.value.message_dict


def test_facility_operator_enrols_only_in_sessions_at_their_facility(operator, other_facility,
                                                                     course, request_for):
    elsewhere = CourseSessionFactory(facility=other_facility, course=course)
    waiting = request_for(1)
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        enrolment_create(actor=operator, request=waiting, session=elsewhere, crews=1)


@pytest.mark.parametrize("role", ["planner", "viewer", "german_liaison"])
def test_other_roles_cannot_enrol_crews(role, request, session, request_for):
    actor = request.getfixturevalue(role)
    waiting = request_for(1)
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        enrolment_create(actor=actor, request=waiting, session=session, crews=1)


def test_crews_are_trained_only_after_the_sessions_end(operator, session, request_for):
    with audit_source("import"):  # an enrolment of 2024, loaded as history
        enrolment = enrolment_create(actor=operator, request=request_for(1), session=session,
                                     crews=1)
    last_day = session.end_date - datetime.timedelta(days=1)
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        enrolment_mark_trained(actor=operator, enrolment=enrolment, on=last_day)
    assert str(session.end_date) in error.value.message_dict["on"][0]
    enrolment_mark_trained(actor=operator, enrolment=enrolment, on=session.end_date)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.TRAINED


def test_training_cannot_be_recorded_for_a_future_day(operator, session, request_for):
    enrolment = enrolment_create(actor=operator, request=request_for(1), session=session, crews=1)
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError):
        enrolment_mark_trained(actor=operator, enrolment=enrolment,
                               on=datetime.date.today() + datetime.timedelta(days=1))


def test_trained_crews_keep_their_seats_and_cannot_be_withdrawn(operator, session, request_for):
    enrolment = enrolment_create(actor=operator, request=request_for(2), session=session, crews=2)
    enrolment_mark_trained(actor=operator, enrolment=enrolment)
    assert seats_left(session) == 2
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        enrolment_withdraw(actor=operator, enrolment=enrolment)
    assert "status" in error.value.message_dict


def test_viewer_cannot_mark_crews_trained(operator, viewer, session, request_for):
    enrolment = enrolment_create(actor=operator, request=request_for(1), session=session, crews=1)
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        enrolment_mark_trained(actor=viewer, enrolment=enrolment)


def test_withdrawal_frees_the_seats_and_reopens_the_request(operator, session, request_for):
    request = request_for(2)
    enrolment = enrolment_create(actor=operator, request=request, session=session, crews=2)
    assert TrainingRequest.objects.get(pk=request.pk).status == "covered"
    enrolment_withdraw(actor=operator, enrolment=enrolment)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.WITHDRAWN
    assert seats_left(session) == 4
    assert crews_left(request) == 2
    assert TrainingRequest.objects.get(pk=request.pk).status == "open"


def test_withdrawn_crews_can_be_enrolled_again_in_the_same_session(operator, session,
                                                                   request_for):
    request = request_for(3)
    first = enrolment_create(actor=operator, request=request, session=session, crews=1)
    enrolment_withdraw(actor=operator, enrolment=first)
    again = enrolment_create(actor=operator, request=request, session=session, crews=3)
    assert again.pk == first.pk
    assert again.status == Enrolment.Status.ENROLLED and again.crews == 3
    assert TrainingRequest.objects.get(pk=request.pk).status == "covered"


def test_a_request_is_enrolled_once_per_session(operator, session, request_for):
    request = request_for(3)
    enrolment_create(actor=operator, request=request, session=session, crews=1)
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        enrolment_create(actor=operator, request=request, session=session, crews=1)
    assert "already enrolled" in error.value.message_dict["session"][0]


def test_other_facilitys_operator_cannot_withdraw_crews(session, other_facility, request_for):
    from tests.core.factories import member

    enrolment = EnrolmentFactory(session=session, request=request_for(1))
    stranger = member("facility_operator", other_facility.operator)
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        enrolment_withdraw(actor=stranger, enrolment=enrolment)


def test_the_system_may_enrol_and_is_audited_without_an_actor(session, request_for):
    enrolment = enrolment_create(actor=None, request=request_for(1), session=session, crews=1)
    record = history(enrolment).get()
    assert record.actor is None and record.source == "test"
