"""Two facility operators enrolling at the same moment cannot both take the last seats.

Needs PostgreSQL: the session row lock (select_for_update) is what makes the second enrolment
wait and then see the first one's crews. SQLite serialises whole transactions instead.
"""

import threading

import pytest
from django.db import connection, connections

from convoy.core.errors import DomainError
from convoy.training.models import Enrolment
from convoy.training.selectors import seats_left
from convoy.training.services import enrolment_create
from tests.core.factories import member
from tests.training.factories import CourseSessionFactory, TrainingRequestFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_two_operators_cannot_both_take_the_last_seats():
    session = CourseSessionFactory(seats=4)
    first_come = TrainingRequestFactory(course=session.course, crews_needed=2)
    enrolment_create(actor=None, request=first_come, session=session, crews=2)
    operators = [member("facility_operator", session.facility.operator) for _ in range(2)]
    requests = [TrainingRequestFactory(course=session.course, crews_needed=2) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def enrol(operator, request):
        try:
            barrier.wait(timeout=10)
            outcomes.append(enrolment_create(actor=operator, request=request, session=session,
                                             crews=2))
        except Exception as error:  # the test reads the outcome below
            outcomes.append(error)
        finally:
            # Each thread has its own connection; close it so the test database can be dropped.
            connections.close_all()

    pairs = zip(operators, requests, strict=True)
    threads = [threading.Thread(target=enrol, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    made = [o for o in outcomes if isinstance(o, Enrolment)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert "seats left" in refused[0].message_dict["crews"][0]
    assert seats_left(session) == 0
    assert Enrolment.objects.filter(session=session).count() == 2
