"""Node load and capacity by week, the node board, and who sees which shipments."""

import datetime
from decimal import Decimal

import pytest

from convoy.logistics.models import CapacityException, Shipment
from convoy.logistics.selectors import node_board, node_capacity, node_load, shipments_for
from tests.catalog.factories import ItemFactory
from tests.core.factories import NationFactory, OrganisationFactory, UserFactory, member
from tests.donations.factories import AllocationFactory, PledgeFactory
from tests.logistics.factories import NodeFactory, ShipmentFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 7, 8)
NEXT_MONDAY = MONDAY + datetime.timedelta(weeks=1)


def shipment(node, quantity, departure, mass="1.5", status=Shipment.Status.PLANNED, **fields):
    pledge = PledgeFactory(item=ItemFactory(unit_mass_t=mass), **fields)
    return ShipmentFactory(
        allocation=AllocationFactory(pledge=pledge, quantity=quantity),
        node=node,
        quantity=quantity,
        planned_departure=departure,
        planned_arrival=departure + datetime.timedelta(weeks=1),
        status=status,
    )


def test_node_load_sums_tonnes_leaving_the_node_that_week():
    node = NodeFactory()
    shipment(node, 10, MONDAY, mass="1.5")  # 15 t
    shipment(node, 4, MONDAY + datetime.timedelta(days=6), mass="0.25")  # Sunday: 1 t
    shipment(node, 100, MONDAY, status=Shipment.Status.CANCELLED)
    shipment(node, 100, NEXT_MONDAY)
    shipment(node, 100, MONDAY - datetime.timedelta(days=1))
    shipment(NodeFactory(), 100, MONDAY)
    assert node_load(node, MONDAY) == Decimal("16")
    # Any day of the week stands for its week.
    assert node_load(node, MONDAY + datetime.timedelta(days=3)) == Decimal("16")
    assert node_load(node, NEXT_MONDAY) == Decimal("150")


def test_node_load_of_an_empty_week_is_zero():
    assert node_load(NodeFactory(), MONDAY) == 0


def test_node_capacity_is_the_weeks_exception_or_the_usual():
    node = NodeFactory(capacity_t_per_week=500)
    CapacityException.objects.create(node=node, week_start=MONDAY, capacity_t=120)
    assert node_capacity(node, MONDAY) == Decimal("120")
    assert node_capacity(node, MONDAY + datetime.timedelta(days=4)) == Decimal("120")
    assert node_capacity(node, NEXT_MONDAY) == Decimal("500")


def test_node_board_shows_inbound_at_node_and_outbound_of_the_week():
    node = NodeFactory()
    coming = shipment(node, 1, MONDAY + datetime.timedelta(days=2),
                      status=Shipment.Status.IN_TRANSIT)
    overdue = shipment(node, 1, MONDAY - datetime.timedelta(weeks=1))
    shipment(node, 1, NEXT_MONDAY)  # not due this week
    here = shipment(node, 1, MONDAY, status=Shipment.Status.AT_NODE)
    gone = shipment(node, 1, MONDAY, status=Shipment.Status.ONWARD)
    gone.left_node_at = datetime.datetime(2024, 7, 10, 12, tzinfo=datetime.UTC)
    gone.save()
    earlier = shipment(node, 1, MONDAY, status=Shipment.Status.ONWARD)
    earlier.left_node_at = datetime.datetime(2024, 7, 5, 12, tzinfo=datetime.UTC)
    earlier.save()
    shipment(node, 1, MONDAY, status=Shipment.Status.CANCELLED)
    operator = member("node_operator", node.operator)
    board = node_board(operator, node, MONDAY + datetime.timedelta(days=1))
    assert board.week_start == MONDAY
    assert set(board.inbound) == {coming, overdue}
    assert board.at_node == [here]
    assert board.outbound == [gone]


def test_node_board_is_empty_for_another_nodes_operator():
    node = NodeFactory()
    shipment(node, 1, MONDAY, status=Shipment.Status.AT_NODE)
    stranger = member("node_operator", NodeFactory().operator)
    board = node_board(stranger, node, MONDAY)
    assert (board.inbound, board.at_node, board.outbound) == ([], [], [])


def test_donor_liaison_sees_only_shipments_of_their_nations_pledges():
    deu, pol = NationFactory(code="DEU"), NationFactory(code="POL")
    node = NodeFactory()
    own = shipment(node, 1, MONDAY, donor=deu)
    shipment(node, 1, MONDAY, donor=pol)
    liaison = member("donor_liaison", OrganisationFactory(nation=deu))
    assert list(shipments_for(liaison)) == [own]
    assert node_board(liaison, node, MONDAY).inbound == [own]


def test_coordinator_and_viewer_see_every_shipment():
    node = NodeFactory()
    both = {shipment(node, 1, MONDAY), shipment(NodeFactory(), 1, MONDAY)}
    for role in ("coordinator", "viewer", "recipient_planner"):
        assert set(shipments_for(member(role))) == both


def test_user_without_membership_sees_no_shipments():
    shipment(NodeFactory(), 1, MONDAY)
    assert not shipments_for(UserFactory())
