"""Two people planning the last units of an allocation at once: only one may get them."""

import datetime

from convoy.core.errors import DomainError
from convoy.logistics.models import Shipment
from convoy.logistics.services import shipment_plan
from tests.concurrency import POSTGRES_RACE, race
from tests.core.factories import member
from tests.donations.factories import AllocationFactory
from tests.logistics.factories import route_for

pytestmark = POSTGRES_RACE


def test_two_planners_cannot_both_ship_the_last_units_of_an_allocation():
    allocation = AllocationFactory(quantity=10)
    node = route_for(allocation)
    coordinators = [member("coordinator") for _ in range(2)]
    outcomes = race(
        *[
            lambda actor=actor: shipment_plan(
                actor=actor,
                allocation=allocation,
                quantity=6,
                node=node,
                planned_departure=datetime.date(2024, 7, 8),
            )
            for actor in coordinators
        ]
    )
    made = [o for o in outcomes if isinstance(o, Shipment)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert "only 4 of 10" in refused[0].message_dict["quantity"][0]
    assert Shipment.objects.get().quantity == 6
