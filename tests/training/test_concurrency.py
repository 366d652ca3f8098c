"""Two facility operators enrolling at the same moment cannot both take the last seats.

Needs PostgreSQL: the session row lock (select_for_update) is what makes the second enrolment
wait and then see the first one's crews. SQLite serialises whole transactions instead.
"""

from convoy.core.errors import DomainError
from convoy.training.models import Enrolment
from convoy.training.selectors import seats_left
from convoy.training.services import enrolment_create
from tests.concurrency import POSTGRES_RACE, race
from tests.core.factories import member
from tests.training.factories import CourseSessionFactory, TrainingRequestFactory

pytestmark = POSTGRES_RACE


def test_two_operators_cannot_both_take_the_last_seats():
    session = CourseSessionFactory(seats=4)
    first_come = TrainingRequestFactory(course=session.course, crews_needed=2)
    enrolment_create(actor=None, request=first_come, session=session, crews=2)
    operators = [member("facility_operator", session.facility.operator) for _ in range(2)]
    requests = [TrainingRequestFactory(course=session.course, crews_needed=2) for _ in range(2)]
    outcomes = race(
        *[
            lambda operator=operator, request=request: enrolment_create(
                actor=operator, request=request, session=session, crews=2
            )
            for operator, request in zip(operators, requests, strict=True)
        ]
    )

    made = [o for o in outcomes if isinstance(o, Enrolment)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert "seats left" in refused[0].message_dict["crews"][0]
    assert seats_left(session) == 0
    assert Enrolment.objects.filter(session=session).count() == 2
