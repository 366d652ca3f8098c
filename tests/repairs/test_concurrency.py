"""Two receipts at a facility at once: together they may not exceed the week's intake."""

import datetime

from convoy.core.errors import DomainError
from convoy.repairs.models import RepairOrder
from convoy.repairs.services import repair_order_receive
from tests.catalog.factories import ItemFactory
from tests.concurrency import POSTGRES_RACE, race
from tests.core.factories import member
from tests.repairs.factories import RepairFacilityFactory, RepairOrderFactory

pytestmark = POSTGRES_RACE


def test_two_operators_cannot_both_fill_the_last_intake_of_the_week():
    item = ItemFactory()
    facility = RepairFacilityFactory(item_groups=[item.group], capacity_per_week=10)
    orders = [
        RepairOrderFactory(
            facility=facility, item=item, quantity=6, requested_on=datetime.date(2024, 7, 1)
        )
        for _ in range(2)
    ]
    operators = [member("facility_operator", facility.operator) for _ in range(2)]
    outcomes = race(
        *[
            lambda actor=actor, order=order: repair_order_receive(
                actor=actor, order=order, on=datetime.date(2024, 7, 8)
            )
            for actor, order in zip(operators, orders, strict=True)
        ]
    )
    made = [o for o in outcomes if isinstance(o, RepairOrder)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert "6 of 10" in refused[0].message_dict["received_on"][0]
    assert RepairOrder.objects.filter(status="received").count() == 1
