"""Two receipts at a facility at once: together they may not exceed the week's intake."""

import datetime
import threading

import pytest
from django.db import connection, connections

from convoy.core.errors import DomainError
from convoy.repairs.models import RepairOrder
from convoy.repairs.services import repair_order_receive
from tests.catalog.factories import ItemFactory
from tests.core.factories import member
from tests.repairs.factories import RepairFacilityFactory, RepairOrderFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def race(*calls):
    """Run the calls at the same moment in their own connections; their results or errors."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            outcomes.append(call())
        except Exception as error:  # the test reads the outcome
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_operators_cannot_both_fill_the_last_intake_of_the_week():
    item = ItemFactory()
    facility = RepairFacilityFactory(item_groups=[item.group], capacity_per_week=10)
    orders = [RepairOrderFactory(facility=facility, item=item, quantity=6,
                                 requested_on=datetime.date(2024, 7, 1)) for _ in range(2)]
    operators = [member("facility_operator", facility.operator) for _ in range(2)]
    outcomes = race(*[
        lambda actor=actor, order=order: repair_order_receive(
            actor=actor, order=order, on=datetime.date(2024, 7, 8))
        for actor, order in zip(operators, orders, strict=True)
    ])
    made = [o for o in outcomes if isinstance(o, RepairOrder)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert "6 of 10" in refused[0].message_dict["received_on"][0]
    assert RepairOrder.objects.filter(status="received").count() == 1
