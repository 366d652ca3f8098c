"""Shipments: planning through a node, the tracking steps, handover, capacity exceptions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from convoy.core.audit import audit_source, history
from convoy.core.errors import DomainError
from convoy.core.models import AuditRecord
from convoy.donations.models import Pledge, Requirement
from convoy.logistics import services
from convoy.logistics.models import CapacityException, Handover, Lane, Shipment, TrackingEvent
from tests.core.factories import OrganisationFactory, member
from tests.donations.factories import AllocationFactory
from tests.logistics.factories import NodeFactory, ShipmentFactory, route_for

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 7, 8)
AT = datetime.datetime(2024, 7, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def allocation():
    return AllocationFactory(quantity=10)


@pytest.fixture
def shipment(allocation, node, coordinator):
    # Loaded as history (its steps are dated 2024), so the trail sets no creation bound.
    with audit_source("import"):
        return services.shipment_plan(actor=coordinator, allocation=allocation, quantity=10,
                                      node=node, planned_departure=MONDAY)


def at(days: int) -> datetime.datetime:
    return AT + datetime.timedelta(days=days)


def advance(shipment, actor, to):
    """Take the shipment through its steps up to status `to`."""
    steps = [
        ("in_transit", services.shipment_dispatch),
        ("at_node", services.shipment_record_arrival),
        ("onward", services.shipment_record_departure),
    ]
    for day, (status, step) in enumerate(steps):
        if shipment.status == to:
            break
        if shipment.status != status:
            step(actor=actor, shipment=shipment, at=at(day))
    assert shipment.status == to
    return shipment


# Planning


def test_plan_takes_the_route_and_arrives_after_the_outbound_transit(shipment, allocation, node):
    assert shipment.status == Shipment.Status.PLANNED
    assert shipment.origin == allocation.pledge.origin
    assert shipment.destination == allocation.requirement.destination
    assert shipment.node == node
    assert shipment.planned_arrival == MONDAY + datetime.timedelta(weeks=2)
    assert [r.action for r in history(shipment)] == ["create"]


@pytest.mark.parametrize("direction", [Lane.Direction.INBOUND, Lane.Direction.OUTBOUND])
def test_plan_needs_both_lanes_of_the_route(allocation, node, coordinator, direction):
    Lane.objects.filter(node=node, direction=direction).delete()
    audits = AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.shipment_plan(actor=coordinator, allocation=allocation, quantity=5, node=node,
                               planned_departure=MONDAY)
    assert direction in error.value.message_dict["node"][0]
    assert f"Node {node}" in error.value.message_dict["node"][0]
    assert not Shipment.objects.exists()
    assert AuditRecord.objects.count() == audits


def test_shipments_never_carry_more_than_allocated(allocation, node, coordinator):
    services.shipment_plan(actor=coordinator, allocation=allocation, quantity=6, node=node,
                           planned_departure=MONDAY)
    audits = AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.shipment_plan(actor=coordinator, allocation=allocation, quantity=5, node=node,
                               planned_departure=MONDAY)
    assert "only 4 of 10" in error.value.message_dict["quantity"][0]
    assert Shipment.objects.count() == 1
    assert AuditRecord.objects.count() == audits
    services.shipment_plan(actor=coordinator, allocation=allocation, quantity=4, node=node,
                           planned_departure=MONDAY)
    assert Shipment.objects.count() == 2


def test_cancelled_shipment_frees_its_units_for_planning(shipment, allocation, node, coordinator):
    services.shipment_cancel(actor=coordinator, shipment=shipment, reason="Not needed.")
    assert shipment.status == Shipment.Status.CANCELLED
    again = services.shipment_plan(actor=coordinator, allocation=allocation, quantity=10,
                                   node=node, planned_departure=MONDAY)
    assert again.quantity == 10


def _cancel_pledge(allocation):
    Pledge.objects.filter(pk=allocation.pledge_id).update(
        status=Pledge.Status.CANCELLED, cancelled_on=MONDAY)


def _cancel_requirement(allocation):
    Requirement.objects.filter(pk=allocation.requirement_id).update(
        status=Requirement.Status.CANCELLED)


@pytest.mark.parametrize("cancel", [_cancel_pledge, _cancel_requirement])
def test_plan_refused_for_cancelled_pledge_or_requirement(allocation, node, coordinator, cancel):
    cancel(allocation)
    audits = AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.shipment_plan(actor=coordinator, allocation=allocation, quantity=1, node=node,
                               planned_departure=MONDAY)
    assert "is cancelled" in error.value.message_dict["allocation"][0]
    assert not Shipment.objects.exists()
    assert AuditRecord.objects.count() == audits


def test_node_operator_plans_only_through_their_own_node(allocation, node, operator):
    other = route_for(allocation)
    audits = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        services.shipment_plan(actor=operator, allocation=allocation, quantity=1, node=other,
                               planned_departure=MONDAY)
    assert not Shipment.objects.exists()
    assert AuditRecord.objects.count() == audits
    own = services.shipment_plan(actor=operator, allocation=allocation, quantity=1, node=node,
                                 planned_departure=MONDAY)
    assert own.node == node


# Tracking


def test_tracking_steps_move_the_shipment_and_log_who_recorded_them(shipment, operator, planner):
    services.shipment_dispatch(actor=operator, shipment=shipment, at=at(0))
    assert (shipment.status, shipment.dispatched_at) == (Shipment.Status.IN_TRANSIT, at(0))
    services.shipment_record_arrival(actor=operator, shipment=shipment, at=at(3))
    assert (shipment.status, shipment.arrived_at_node_at) == (Shipment.Status.AT_NODE, at(3))
    services.shipment_record_departure(actor=operator, shipment=shipment, at=at(5))
    assert (shipment.status, shipment.left_node_at) == (Shipment.Status.ONWARD, at(5))
    handover = services.shipment_hand_over(
        actor=planner, shipment=shipment, received_quantity=9, receiving_unit="1st Brigade",
        signed_by="Maj. Koval", at=at(9), remarks="one unit damaged in transit",
        short_reason="damaged", rest="discrepancy")
    assert (shipment.status, shipment.handed_over_at) == (Shipment.Status.DELIVERED, at(9))
    assert (handover.received_quantity, handover.signed_at) == (9, at(9))
    events = list(shipment.events.order_by("at").values_list("kind", "at", "recorded_by"))
    assert events == [
        ("dispatched", at(0), operator.pk),
        ("arrived_at_node", at(3), operator.pk),
        ("left_node", at(5), operator.pk),
        ("handed_over", at(9), planner.pk),
    ]


def test_cancel_is_allowed_only_before_dispatch(shipment, coordinator):
    services.shipment_dispatch(actor=coordinator, shipment=shipment, at=at(0))
    with pytest.raises(DomainError) as error:
        services.shipment_cancel(actor=coordinator, shipment=shipment, reason="Not needed.")
    assert f"Shipment {shipment.pk}" in error.value.message_dict["status"][0]
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT


def _hand_over(actor, shipment):
    return services.shipment_hand_over(actor=actor, shipment=shipment, received_quantity=1,
                                       receiving_unit="unit", signed_by="someone",
                                       short_reason="lost", rest="discrepancy")


ILLEGAL_STEPS = [
    ("planned", services.shipment_record_arrival),
    ("planned", services.shipment_record_departure),
    ("planned", _hand_over),
    ("in_transit", services.shipment_dispatch),
    ("in_transit", services.shipment_record_departure),
    ("in_transit", services.shipment_cancel),
    ("at_node", services.shipment_record_arrival),
    ("at_node", _hand_over),
    ("onward", services.shipment_cancel),
]


@pytest.mark.parametrize(("status", "step"), ILLEGAL_STEPS)
def test_illegal_tracking_step_is_refused_naming_shipment_and_status(
    shipment, coordinator, status, step
):
    advance(shipment, coordinator, status)
    events, audits = TrackingEvent.objects.count(), AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        step(actor=coordinator, shipment=shipment)
    assert f"Shipment {shipment.pk}" in error.value.message_dict["status"][0]
    shipment.refresh_from_db()
    assert shipment.status == status
    assert TrackingEvent.objects.count() == events
    assert not Handover.objects.exists()
    assert AuditRecord.objects.count() == audits


def test_delivered_shipment_takes_no_further_step(shipment, coordinator):
    advance(shipment, coordinator, "onward")
    _hand_over(coordinator, shipment)
    for step in (services.shipment_cancel, services.shipment_dispatch, _hand_over):
        with pytest.raises(DomainError):
            step(actor=coordinator, shipment=shipment)
    assert Handover.objects.count() == 1


# Permissions


def test_node_operator_cannot_record_arrival_of_another_nodes_shipment(shipment, coordinator):
    services.shipment_dispatch(actor=coordinator, shipment=shipment, at=at(0))
    stranger = member("node_operator", NodeFactory().operator)
    audits = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        services.shipment_record_arrival(actor=stranger, shipment=shipment)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT
    assert shipment.arrived_at_node_at is None
    assert list(shipment.events.values_list("kind", flat=True)) == ["dispatched"]
    assert AuditRecord.objects.count() == audits


def test_node_operator_records_arrival_of_their_own_nodes_shipment(shipment, operator):
    services.shipment_dispatch(actor=operator, shipment=shipment, at=at(0))
    services.shipment_record_arrival(actor=operator, shipment=shipment, at=at(2))
    assert shipment.status == Shipment.Status.AT_NODE


def test_donor_liaison_cannot_record_an_arrival(shipment, allocation, coordinator):
    services.shipment_dispatch(actor=coordinator, shipment=shipment, at=at(0))
    liaison = member("donor_liaison", OrganisationFactory(nation=allocation.pledge.donor))
    audits = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        services.shipment_record_arrival(actor=liaison, shipment=shipment)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT
    assert shipment.events.count() == 1
    assert AuditRecord.objects.count() == audits


@pytest.mark.parametrize("role", ["node_operator", "donor_liaison", "viewer"])
def test_only_the_recipient_side_records_a_handover(shipment, coordinator, allocation, node,
                                                    role):
    advance(shipment, coordinator, "onward")
    organisation = {"node_operator": node.operator,
                    "donor_liaison": OrganisationFactory(nation=allocation.pledge.donor)}.get(role)
    refused = member(role, organisation)
    audits = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        _hand_over(refused, shipment)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.ONWARD
    assert not Handover.objects.exists()
    assert not shipment.events.filter(kind="handed_over").exists()
    assert AuditRecord.objects.count() == audits


def test_handover_cannot_receive_more_than_the_shipment_carries(shipment, coordinator, planner):
    advance(shipment, coordinator, "onward")
    audits = AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.shipment_hand_over(actor=planner, shipment=shipment, received_quantity=11,
                                    receiving_unit="unit", signed_by="someone")
    assert f"Shipment {shipment.pk}" in error.value.message_dict["received_quantity"][0]
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.ONWARD
    assert not Handover.objects.exists()
    assert AuditRecord.objects.count() == audits


VIEWER_WRITES = {
    "plan": lambda v, s, n: services.shipment_plan(
        actor=v, allocation=s.allocation, quantity=1, node=n, planned_departure=MONDAY),
    "dispatch": lambda v, s, n: services.shipment_dispatch(actor=v, shipment=s),
    "cancel": lambda v, s, n: services.shipment_cancel(actor=v, shipment=s, reason="Not needed."),
    "capacity": lambda v, s, n: services.capacity_exception_set(
        actor=v, node=n, week_start=MONDAY, capacity_t=1),
}


@pytest.mark.parametrize("write", VIEWER_WRITES)
def test_viewer_can_do_nothing(allocation, node, write):
    shipment = ShipmentFactory(allocation=allocation, node=node, quantity=5)
    viewer = member("viewer")
    audits = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        VIEWER_WRITES[write](viewer, shipment, node)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.PLANNED
    assert Shipment.objects.count() == 1
    assert not TrackingEvent.objects.exists()
    assert not CapacityException.objects.exists()
    assert AuditRecord.objects.count() == audits


@pytest.mark.parametrize("step", [services.shipment_record_arrival,
                                  services.shipment_record_departure])
def test_viewer_cannot_record_arrival_or_departure(shipment, coordinator, step):
    advance(shipment, coordinator, "in_transit" if step is services.shipment_record_arrival
            else "at_node")
    viewer = member("viewer")
    audits = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        step(actor=viewer, shipment=shipment)
    assert AuditRecord.objects.count() == audits


# Audit


def test_dispatch_is_audited_with_the_operator_as_actor(shipment, operator):
    services.shipment_dispatch(actor=operator, shipment=shipment, at=at(0))
    change = history(shipment).filter(action="update").get()
    assert change.actor == operator
    assert change.changes["status"] == ("planned", "in_transit")
    assert change.source == "test"
    event = shipment.events.get()
    created = history(event).get()
    assert (created.action, created.actor, created.after["kind"]) == (
        "create", operator, "dispatched")


def test_hand_over_is_audited_and_names_the_planner(shipment, coordinator, planner):
    advance(shipment, coordinator, "onward")
    handover = _hand_over(planner, shipment)
    created = history(handover).get()
    assert (created.action, created.actor) == ("create", planner)
    assert created.after["received_quantity"] == 1
    # The shipment's consequences follow from the planner's step and are audited under them.
    delivered = history(shipment).filter(action="update").order_by("-id").first()
    assert delivered.changes["status"] == ("onward", "delivered")
    assert delivered.actor == planner
    event = shipment.events.get(kind="handed_over")
    assert event.recorded_by == planner
    assert history(event).get().actor == planner


# Capacity exceptions


def test_capacity_exception_is_created_then_updated_for_the_same_week(node, operator):
    first = services.capacity_exception_set(actor=operator, node=node, week_start=MONDAY,
                                            capacity_t=Decimal("400"), reason="rail works")
    second = services.capacity_exception_set(actor=operator, node=node, week_start=MONDAY,
                                             capacity_t=Decimal("250"), reason="strike")
    assert first.pk == second.pk
    stored = CapacityException.objects.get()
    assert (stored.capacity_t, stored.reason) == (Decimal("250"), "strike")
    assert [r.action for r in history(stored).order_by("id")] == ["create", "update"]


def test_capacity_exception_starts_on_a_monday(node, operator):
    with pytest.raises(DomainError) as error:
        services.capacity_exception_set(actor=operator, node=node,
                                        week_start=MONDAY + datetime.timedelta(days=2),
                                        capacity_t=1)
    assert f"Node {node}" in error.value.message_dict["week_start"][0]
    assert not CapacityException.objects.exists()


def test_node_operator_cannot_set_another_nodes_capacity(node, operator):
    other = NodeFactory()
    audits = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        services.capacity_exception_set(actor=operator, node=other, week_start=MONDAY,
                                        capacity_t=1)
    assert not CapacityException.objects.exists()
    assert AuditRecord.objects.count() == audits
