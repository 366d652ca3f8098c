"""Who sees which repair orders, which facilities take an item, and a facility's weekly intake."""

import datetime

import pytest

from convoy.repairs.selectors import facilities_for_item, repair_orders_for, units_received_in_week
from tests.catalog.factories import ItemFactory
from tests.core.factories import UserFactory, member
from tests.repairs.factories import RepairFacilityFactory, RepairOrderFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 7, 8)


def test_facility_operator_sees_only_orders_at_their_facility():
    ours, theirs = RepairFacilityFactory(), RepairFacilityFactory()
    own = RepairOrderFactory(facility=ours)
    RepairOrderFactory(facility=theirs)
    operator = member("facility_operator", ours.operator)
    assert list(repair_orders_for(operator)) == [own]
    assert repair_orders_for(member("recipient_planner")).count() == 2
    assert not repair_orders_for(UserFactory())


def test_facilities_for_item_are_those_repairing_its_group():
    item = ItemFactory()
    able = RepairFacilityFactory(item_groups=[item.group])
    RepairFacilityFactory(item_groups=[ItemFactory().group])
    assert list(facilities_for_item(member("viewer"), item)) == [able]


def test_units_received_in_week_runs_monday_to_sunday_and_skips_cancelled():
    facility = RepairFacilityFactory()
    for received_on, quantity, status in [
        (MONDAY, 3, "received"),
        (MONDAY + datetime.timedelta(days=6), 4, "in_repair"),
        (MONDAY + datetime.timedelta(days=2), 50, "cancelled"),
        (MONDAY - datetime.timedelta(days=1), 50, "received"),
        (MONDAY + datetime.timedelta(days=7), 50, "received"),
    ]:
        RepairOrderFactory(facility=facility, received_on=received_on, quantity=quantity,
                           status=status)
    RepairOrderFactory(received_on=MONDAY, quantity=50, status="received")
    assert units_received_in_week(facility, MONDAY + datetime.timedelta(days=3)) == 7
