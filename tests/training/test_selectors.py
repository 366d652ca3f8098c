"""Training reads: seats and crews left, the session calendar, requests still to cover."""

import datetime

import pytest

from convoy.training.selectors import (
    crews_left,
    seats_left,
    sessions_calendar,
    uncovered_requests,
)
from convoy.training.services import enrolment_create, enrolment_withdraw, session_cancel
from tests.core.factories import UserFactory
from tests.training.factories import CourseSessionFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db

JULY = (datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))


def test_withdrawn_enrolments_free_seats_and_crews(session, request_for):
    request = request_for(3)
    EnrolmentFactory(session=session, request=request, crews=2, status="withdrawn")
    EnrolmentFactory(session=session, request=request_for(1), crews=1, status="trained")
    assert seats_left(session) == 3
    assert crews_left(request) == 3


def test_calendar_groups_sessions_by_facility_with_seats_left(coordinator, session, facility,
                                                              other_facility, course,
                                                              request_for):
    later = CourseSessionFactory(code="LEO-24-2", facility=facility, course=course,
                                 start_date=datetime.date(2024, 7, 22), seats=2)
    polish = CourseSessionFactory(code="ND-24-1", facility=other_facility, course=course,
                                  start_date=datetime.date(2024, 7, 15))
    enrolment_create(actor=coordinator, request=request_for(3), session=session, crews=3)
    calendar = sessions_calendar(coordinator, *JULY)
    assert [row.facility for row in calendar] == sorted([facility, other_facility],
                                                        key=lambda f: f.name)
    by_facility = {row.facility: [(s.session, s.seats_left) for s in row.sessions]
                   for row in calendar}
    assert by_facility[facility] == [(session, 1), (later, 2)]
    assert by_facility[other_facility] == [(polish, 4)]


def test_calendar_shows_sessions_running_in_the_window_but_not_cancelled_ones(
    coordinator, session, facility, course
):
    # `session` starts 8 July and runs six weeks, so it is still running in August.
    august = (datetime.date(2024, 8, 1), datetime.date(2024, 8, 31))
    after = CourseSessionFactory(facility=facility, course=course,
                                 start_date=datetime.date(2024, 9, 2))
    cancelled = CourseSessionFactory(facility=facility, course=course,
                                     start_date=datetime.date(2024, 8, 5))
    session_cancel(actor=coordinator, session=cancelled, reason="No longer needed.")
    calendar = sessions_calendar(coordinator, *august)
    shown = [slot.session for row in calendar for slot in row.sessions]
    assert shown == [session]
    assert after not in shown and cancelled not in shown


def test_calendar_leaves_out_sessions_that_ended_before_the_window(coordinator, session):
    assert sessions_calendar(coordinator, datetime.date(2024, 9, 1),
                             datetime.date(2024, 9, 30)) == []


def test_facility_operator_sees_only_their_facilitys_sessions(operator, session, other_facility,
                                                              course):
    CourseSessionFactory(facility=other_facility, course=course,
                         start_date=datetime.date(2024, 7, 15))
    calendar = sessions_calendar(operator, *JULY)
    assert [(row.facility, [s.session for s in row.sessions]) for row in calendar] == [
        (session.facility, [session])
    ]


def test_user_without_a_role_sees_no_sessions(session):
    assert sessions_calendar(UserFactory(), *JULY) == []


def test_uncovered_requests_lists_open_requests_with_crews_left(coordinator, session,
                                                                request_for):
    partly = request_for(3, needed_by=datetime.date(2024, 12, 1))
    untouched = request_for(2, needed_by=datetime.date(2024, 9, 1))
    covered = request_for(1)
    enrolment_create(actor=coordinator, request=partly, session=session, crews=2)
    enrolment_create(actor=coordinator, request=covered, session=session, crews=1)
    rows = list(uncovered_requests(coordinator))
    assert rows == [untouched, partly]
    assert [(r.crews_enrolled, r.crews_left) for r in rows] == [(0, 2), (2, 1)]


def test_withdrawn_crews_make_a_request_uncovered_again(coordinator, session, request_for):
    request = request_for(1)
    enrolment = enrolment_create(actor=coordinator, request=request, session=session, crews=1)
    assert list(uncovered_requests(coordinator)) == []
    enrolment_withdraw(actor=coordinator, enrolment=enrolment)
    assert list(uncovered_requests(coordinator)) == [request]


def test_uncovered_requests_are_hidden_from_users_without_a_role(request_for):
    request_for(1)
    assert list(uncovered_requests(UserFactory())) == []
