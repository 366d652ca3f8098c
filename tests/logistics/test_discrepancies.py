"""Short handovers: the reason and what becomes of the missing units are recorded; the rest is
either a follow-up shipment still to be delivered or a discrepancy someone must resolve."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from convoy.core.audit import audit_source, history
from convoy.core.errors import DomainError
from convoy.core.models import AuditRecord
from convoy.logistics import services
from convoy.logistics.models import Discrepancy, Handover, Shipment
from tests.core.factories import OrganisationFactory, member
from tests.donations.factories import AllocationFactory
from tests.logistics.factories import NodeFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 7, 8)
AT = datetime.datetime(2024, 7, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def allocation():
    return AllocationFactory(quantity=49)


@pytest.fixture
def shipment(allocation, node, coordinator):
    """49 units on their way to the destination (loaded as history: its steps are of 2024)."""
    with audit_source("import"):
        shipment = services.shipment_plan(actor=coordinator, allocation=allocation, quantity=49,
                                          node=node, planned_departure=MONDAY)
        for step in (services.shipment_dispatch, services.shipment_record_arrival,
                     services.shipment_record_departure):
            step(actor=coordinator, shipment=shipment, at=AT)
    return shipment


def hand_over(actor, shipment, received=47, **short):
    return services.shipment_hand_over(actor=actor, shipment=shipment, received_quantity=received,
                                       receiving_unit="47th Mechanised Brigade",
                                       signed_by="Maj. Kovalenko", **short)


def test_a_short_handover_without_reason_or_rest_is_refused_naming_both(shipment, planner):
    before = AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        hand_over(planner, shipment)
    errors = error.value.message_dict
    assert f"Shipment {shipment.pk}: 2 of 49 units" in errors["short_reason"][0]
    assert "rest" in errors
    assert AuditRecord.objects.count() == before
    assert not Handover.objects.exists()
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.ONWARD


def test_a_reason_not_on_the_list_is_refused(shipment, planner):
    with pytest.raises(DomainError) as error:
        hand_over(planner, shipment, short_reason="stolen by gremlins", rest="discrepancy")
    assert "listed reasons" in error.value.message_dict["short_reason"][0]


def test_the_reason_other_needs_remarks(shipment, planner):
    with pytest.raises(DomainError) as error:
        hand_over(planner, shipment, short_reason="other", rest="discrepancy")
    assert "remarks" in error.value.message_dict["remarks"][0]
    hand_over(planner, shipment, short_reason="other", rest="discrepancy",
              remarks="Two units diverted to a field repair point.")
    assert Discrepancy.objects.get().note == "Two units diverted to a field repair point."


def test_a_short_handover_into_a_discrepancy_records_it_open(shipment, planner):
    handover = hand_over(planner, shipment, short_reason="damaged", rest="discrepancy")
    assert (handover.received_quantity, handover.short_reason, handover.rest) == (
        47, "damaged", "discrepancy")
    assert handover.missing_quantity == 2
    discrepancy = Discrepancy.objects.get()
    assert (discrepancy.shipment, discrepancy.quantity, discrepancy.reason, discrepancy.status) == (
        shipment, 2, "damaged", "open")
    assert history(discrepancy).get().actor == planner
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.DELIVERED
    assert not Shipment.objects.filter(follow_up_of=shipment).exists()


def test_a_short_handover_with_a_follow_up_keeps_the_missing_units_on_their_way(
        shipment, planner, allocation):
    hand_over(planner, shipment, short_reason="missing", rest="follow_up")
    follow_up = Shipment.objects.get(follow_up_of=shipment)
    assert (follow_up.quantity, follow_up.status, follow_up.node, follow_up.destination) == (
        2, Shipment.Status.ONWARD, shipment.node, shipment.destination)
    assert not Discrepancy.objects.exists()
    # The follow-up carries units its shipment already counts: nothing more is "shipped".
    assert services.shipped_quantity(allocation) == 49
    services.shipment_hand_over(actor=planner, shipment=follow_up, received_quantity=2,
                                receiving_unit="47th Mechanised Brigade", signed_by="Maj. K")
    follow_up.refresh_from_db()
    assert follow_up.status == Shipment.Status.DELIVERED


def test_a_full_handover_raises_nothing_and_ignores_short_fields(shipment, planner):
    handover = hand_over(planner, shipment, received=49, short_reason="lost", rest="discrepancy")
    assert (handover.short_reason, handover.rest) == ("", "")
    assert not Discrepancy.objects.exists()


# Resolving a discrepancy


@pytest.fixture
def discrepancy(shipment, planner):
    hand_over(planner, shipment, short_reason="lost", rest="discrepancy",
              at=AT + datetime.timedelta(days=5))
    return Discrepancy.objects.get()


def test_the_node_operator_resolves_a_discrepancy_with_a_note(discrepancy, operator):
    services.discrepancy_resolve(actor=operator, discrepancy=discrepancy,
                                 note="Found at the node's second siding; sent on.")
    discrepancy.refresh_from_db()
    assert discrepancy.status == Discrepancy.Status.RESOLVED
    assert (discrepancy.resolved_by, discrepancy.resolved_on) == (
        operator, datetime.date.today())
    assert discrepancy.resolution_note == "Found at the node's second siding; sent on."
    record = history(discrepancy).filter(action="update").get()
    assert record.actor == operator and "Found at the node" in record.summary


def test_a_coordinator_resolves_a_discrepancy_back_dated(discrepancy, coordinator):
    day = datetime.date.today() - datetime.timedelta(days=3)
    services.discrepancy_resolve(actor=coordinator, discrepancy=discrepancy, on=day,
                                 note="Written off by the donor.")
    discrepancy.refresh_from_db()
    assert discrepancy.resolved_on == day


def test_resolving_without_a_note_or_in_the_future_is_refused(discrepancy, operator):
    with pytest.raises(DomainError) as error:
        services.discrepancy_resolve(actor=operator, discrepancy=discrepancy, note=" ")
    assert "how it was resolved" in error.value.message_dict["note"][0]
    with pytest.raises(DomainError) as error:
        services.discrepancy_resolve(actor=operator, discrepancy=discrepancy, note="Found.",
                                     on=datetime.date.today() + datetime.timedelta(days=1))
    assert "in the future" in error.value.message_dict["on"][0]
    with pytest.raises(DomainError) as error:
        services.discrepancy_resolve(actor=operator, discrepancy=discrepancy, note="Found.",
                                     on=datetime.date(2024, 7, 1))
    assert "before its previous step" in error.value.message_dict["on"][0]
    discrepancy.refresh_from_db()
    assert discrepancy.status == Discrepancy.Status.OPEN


def test_a_resolved_discrepancy_cannot_be_resolved_again(discrepancy, operator):
    services.discrepancy_resolve(actor=operator, discrepancy=discrepancy, note="Found.")
    with pytest.raises(DomainError) as error:
        services.discrepancy_resolve(actor=operator, discrepancy=discrepancy, note="Again.")
    assert "already resolved" in error.value.message_dict["status"][0]


@pytest.mark.parametrize("role", ["recipient_planner", "viewer", "donor_liaison"])
def test_other_roles_may_not_resolve_a_discrepancy(discrepancy, role):
    with pytest.raises(PermissionDenied):
        services.discrepancy_resolve(actor=member(role), discrepancy=discrepancy, note="Found.")
    discrepancy.refresh_from_db()
    assert discrepancy.status == Discrepancy.Status.OPEN


def test_another_nodes_operator_neither_sees_nor_resolves_the_discrepancy(discrepancy):
    other = member("node_operator", NodeFactory(operator=OrganisationFactory()).operator)
    assert not Discrepancy.objects.restrict(other, "view").exists()
    with pytest.raises(PermissionDenied):
        services.discrepancy_resolve(actor=other, discrepancy=discrepancy, note="Found.")
