"""Partial repair returns: fewer units come back than went in; the rest is written off or stays in
repair as a follow-up order, with a reason from the fixed list."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from convoy.core.errors import DomainError
from convoy.core.models import AuditRecord
from convoy.donations.models import Pledge
from convoy.repairs import services
from convoy.repairs.models import RepairOrder
from tests.catalog.factories import ItemFactory
from tests.core.factories import member
from tests.repairs.factories import RepairFacilityFactory, RepairOrderFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 7, 8)
RETURNED = datetime.date(2024, 8, 5)


@pytest.fixture
def facility():
    return RepairFacilityFactory(item_groups=[ItemFactory().group], capacity_per_week=10)


@pytest.fixture
def operator(facility):
    return member("facility_operator", facility.operator)


@pytest.fixture
def order(facility, operator):
    item = ItemFactory(group=facility.item_groups.get())
    order = RepairOrderFactory(facility=facility, item=item, quantity=5,
                               requested_on=datetime.date(2024, 7, 1))
    services.repair_order_receive(actor=operator, order=order, on=MONDAY)
    services.repair_order_start(actor=operator, order=order, on=MONDAY)
    return order


def test_a_full_return_returns_every_unit(order, operator):
    services.repair_order_return(actor=operator, order=order, on=RETURNED)
    order.refresh_from_db()
    assert (order.status, order.returned_quantity, order.written_off_quantity) == (
        "returned", 5, 0)
    assert order.returned_as.quantity == 5


def test_a_partial_return_writes_off_the_rest_with_its_reason(order, operator):
    services.repair_order_return(actor=operator, order=order, on=RETURNED, returned_quantity=3,
                                 rest="written_off", short_reason="beyond_repair",
                                 note="Two hulls cracked.")
    order.refresh_from_db()
    assert (order.status, order.returned_quantity, order.written_off_quantity) == (
        "returned", 3, 2)
    assert (order.short_reason, order.short_note) == ("beyond_repair", "Two hulls cracked.")
    assert order.returned_as.quantity == 3
    assert not RepairOrder.objects.filter(follow_up_of=order).exists()


def test_a_partial_return_keeps_the_rest_in_repair_as_a_follow_up(order, operator):
    services.repair_order_return(actor=operator, order=order, on=RETURNED, returned_quantity=4,
                                 rest="in_repair", short_reason="parts")
    order.refresh_from_db()
    rest = RepairOrder.objects.get(follow_up_of=order)
    assert (rest.code, rest.quantity, rest.status, rest.facility) == (
        f"{order.code}-REST", 1, "in_repair", order.facility)
    assert order.written_off_quantity == 0
    services.repair_order_return(actor=operator, order=rest, on=RETURNED)
    rest.refresh_from_db()
    assert rest.returned_as.quantity == 1


def test_nothing_returned_makes_no_pledge(order, operator):
    pledges = Pledge.objects.count()
    services.repair_order_return(actor=operator, order=order, on=RETURNED, returned_quantity=0,
                                 rest="written_off", short_reason="lost")
    order.refresh_from_db()
    assert (order.status, order.returned_as, order.written_off_quantity) == ("returned", None, 5)
    assert Pledge.objects.count() == pledges


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"returned_quantity": 3}, "short_reason"),
        ({"returned_quantity": 3, "short_reason": "parts"}, "rest"),
        ({"returned_quantity": 3, "short_reason": "other", "rest": "written_off"}, "note"),
        ({"returned_quantity": 6}, "returned_quantity"),
        ({"returned_quantity": -1}, "returned_quantity"),
        ({"on": datetime.date(2024, 7, 7)}, "on"),
    ],
)
def test_an_unexplained_or_impossible_return_is_refused_at_its_field(order, operator, arguments,
                                                                     field):
    before = AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.repair_order_return(actor=operator, order=order, **{"on": RETURNED, **arguments})
    assert str(order) in error.value.message_dict[field][0]
    assert AuditRecord.objects.count() == before
    order.refresh_from_db()
    assert order.status == "in_repair"


def test_a_donor_liaison_may_not_return_an_order(order):
    with pytest.raises(PermissionDenied):
        services.repair_order_return(actor=member("donor_liaison"), order=order,
                                     returned_quantity=3, rest="written_off",
                                     short_reason="lost")
