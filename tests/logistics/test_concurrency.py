"""Two people planning the last units of an allocation at once: only one may get them."""

import datetime
import threading

import pytest
from django.db import connection, connections

from convoy.core.errors import DomainError
from convoy.logistics.models import Shipment
from convoy.logistics.services import shipment_plan
from tests.core.factories import member
from tests.donations.factories import AllocationFactory
from tests.logistics.factories import route_for

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


def test_two_planners_cannot_both_ship_the_last_units_of_an_allocation():
    allocation = AllocationFactory(quantity=10)
    node = route_for(allocation)
    coordinators = [member("coordinator") for _ in range(2)]
    outcomes = race(*[
        lambda actor=actor: shipment_plan(actor=actor, allocation=allocation, quantity=6,
                                          node=node, planned_departure=datetime.date(2024, 7, 8))
        for actor in coordinators
    ])
    made = [o for o in outcomes if isinstance(o, Shipment)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert "only 4 of 10" in refused[0].message_dict["quantity"][0]
    assert Shipment.objects.get().quantity == 6
