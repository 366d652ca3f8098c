"""Allocations: the pledge's item must fill the requirement's group, both must be in a state that
takes allocations, and never more than either has left."""

import datetime

import pytest

from convoy.core.audit import history
from convoy.core.errors import DomainError
from convoy.core.models import AuditRecord
from convoy.donations import services
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.donations.selectors import pledge_left, requirement_left
from convoy.logistics.models import Shipment
from tests.catalog.factories import ItemFactory
from tests.donations.factories import AllocationFactory, PledgeFactory, RequirementFactory
from tests.donations.helpers import message_of, refused_leaving_nothing
from tests.logistics.factories import ShipmentFactory

pytestmark = pytest.mark.django_db


def allocate(actor, pledge, requirement, quantity):
    return services.allocation_create(actor=actor, pledge=pledge, requirement=requirement,
                                      quantity=quantity)


def test_allocation_reduces_what_both_have_left(coordinator, pledge, requirement):
    allocation = allocate(coordinator, pledge, requirement, 30)
    assert allocation.pk is not None and allocation.quantity == 30
    assert pledge_left(pledge) == 70
    assert requirement_left(requirement) == 70
    assert requirement.status == Requirement.Status.OPEN


def test_allocation_is_audited_with_before_and_after(coordinator, pledge, requirement):
    allocation = allocate(coordinator, pledge, requirement, 30)
    record = history(allocation).get()
    assert record.action == "create" and record.actor == coordinator
    assert record.before is None
    assert record.after["quantity"] == 30
    assert record.after["pledge_id"] == pledge.pk
    assert record.after["requirement_id"] == requirement.pk


def test_fully_allocated_requirement_is_marked_filled_and_audited(coordinator, pledge,
                                                                   requirement):
    allocate(coordinator, pledge, requirement, 100)
    assert requirement.status == Requirement.Status.FILLED
    assert history(requirement).get().changes == {"status": ("open", "filled")}


def test_substitute_item_of_the_same_group_fills_the_requirement(coordinator, deu, requirement):
    substitute = ItemFactory(group=requirement.item_group)
    allocate(coordinator, PledgeFactory(donor=deu, item=substitute), requirement, 10)
    assert requirement_left(requirement) == 90


def test_allocation_cannot_exceed_pledge_left(coordinator, pledge, requirement, group):
    other = RequirementFactory(item_group=group, quantity=500)
    allocate(coordinator, pledge, other, 95)
    with refused_leaving_nothing(DomainError, Allocation) as info:
        allocate(coordinator, pledge, requirement, 6)
    assert "P-DEU-1 has 5 units left" in message_of(info, "quantity")


def test_allocation_cannot_exceed_requirement_left(coordinator, deu, item, requirement):
    big = PledgeFactory(donor=deu, item=item, quantity=500)
    allocate(coordinator, big, requirement, 95)
    with refused_leaving_nothing(DomainError, Allocation) as info:
        allocate(coordinator, big, requirement, 6)
    assert "R-IFV-1 needs 5 more units" in message_of(info, "quantity")


def test_allocation_of_an_item_outside_the_requirements_group_is_refused(coordinator, deu,
                                                                         requirement):
    wrong = PledgeFactory(code="P-WRONG", donor=deu, item=ItemFactory())
    with refused_leaving_nothing(DomainError, Allocation) as info:
        allocate(coordinator, wrong, requirement, 1)
    assert "P-WRONG" in message_of(info, "requirement")
    assert "R-IFV-1" in message_of(info, "requirement")


@pytest.mark.parametrize("quantity", [0, -5, 2.5])
def test_allocation_quantity_must_be_a_positive_whole_number(coordinator, pledge, requirement,
                                                             quantity):
    with refused_leaving_nothing(DomainError, Allocation) as info:
        allocate(coordinator, pledge, requirement, quantity)
    assert "P-DEU-1" in message_of(info, "quantity")


@pytest.mark.parametrize("status", ["delivered", "cancelled"])
def test_nothing_is_allocated_from_a_delivered_or_cancelled_pledge(coordinator, deu, item,
                                                                   requirement, status):
    dates = {"committed_on": datetime.date(2024, 6, 20),
             "delivery_started_on": datetime.date(2024, 7, 1),
             "delivered_on": datetime.date(2024, 7, 9), "cancelled_on": datetime.date(2024, 7, 9)}
    done = PledgeFactory(code="P-DONE", donor=deu, item=item, status=status, **dates)
    with refused_leaving_nothing(DomainError, Allocation) as info:
        allocate(coordinator, done, requirement, 1)
    assert "P-DONE" in message_of(info, "pledge")
    assert pledge_left(done) == 0


@pytest.mark.parametrize("status", ["announced", "committed", "in_delivery"])
def test_announced_committed_and_in_delivery_pledges_can_be_allocated(coordinator, deu, item,
                                                                      requirement, status):
    pledge = PledgeFactory(donor=deu, item=item, status=status,
                           committed_on=datetime.date(2024, 6, 20),
                           delivery_started_on=datetime.date(2024, 7, 1))
    allocate(coordinator, pledge, requirement, 5)
    assert pledge_left(pledge) == 95


@pytest.mark.parametrize("status", ["filled", "cancelled"])
def test_only_open_requirements_take_allocations(coordinator, pledge, group, status):
    closed = RequirementFactory(code="R-CLOSED", item_group=group, status=status)
    with refused_leaving_nothing(DomainError, Allocation) as info:
        allocate(coordinator, pledge, closed, 1)
    assert "R-CLOSED" in message_of(info, "requirement")


def test_allocation_records_the_plan_run(coordinator, pledge, requirement):
    from convoy.planning.models import PlanRun

    run = PlanRun.objects.create(start_date=datetime.date(2024, 7, 1), scenario={},
                                 fingerprint="test", started_by=coordinator)
    allocation = services.allocation_create(actor=coordinator, pledge=pledge,
                                            requirement=requirement, quantity=5, plan_run=run)
    assert allocation.plan_run == run


def test_allocation_cancel_gives_the_units_back_and_reopens_the_requirement(coordinator, pledge,
                                                                             requirement):
    allocation = allocate(coordinator, pledge, requirement, 100)
    pk = allocation.pk
    services.allocation_cancel(actor=coordinator, allocation=allocation, reason="Not needed.")
    assert not Allocation.objects.filter(pk=pk).exists()
    assert pledge_left(pledge) == 100
    requirement.refresh_from_db()
    assert requirement.status == Requirement.Status.OPEN
    deleted = AuditRecord.objects.get(object_id=str(pk), action="delete",
                                      content_type__model="allocation")
    assert deleted.before["quantity"] == 100 and deleted.after is None


def test_allocation_cancel_removes_its_planned_shipments(coordinator, pledge, requirement):
    allocation = AllocationFactory(pledge=pledge, requirement=requirement, quantity=10)
    shipment = ShipmentFactory(allocation=allocation)
    services.allocation_cancel(actor=coordinator, allocation=allocation, reason="Not needed.")
    assert not Shipment.objects.filter(pk=shipment.pk).exists()
    assert AuditRecord.objects.filter(object_id=str(shipment.pk), action="delete",
                                      content_type__model="shipment").exists()


@pytest.mark.parametrize("status", ["in_transit", "at_node", "onward", "delivered"])
def test_allocation_cannot_be_cancelled_once_a_shipment_is_dispatched(coordinator, pledge,
                                                                      requirement, status):
    allocation = AllocationFactory(pledge=pledge, requirement=requirement, quantity=10)
    ShipmentFactory(allocation=allocation, status=status)
    with refused_leaving_nothing(DomainError, Allocation, Shipment) as info:
        services.allocation_cancel(actor=coordinator, allocation=allocation, reason="Not needed.")
    assert "has been dispatched" in message_of(info, "allocation")


def test_pledge_left_counts_every_allocation(pledge, group):
    AllocationFactory(pledge=pledge, requirement=RequirementFactory(item_group=group), quantity=7)
    AllocationFactory(pledge=pledge, requirement=RequirementFactory(item_group=group), quantity=3)
    assert pledge_left(pledge) == 90
    assert Pledge.objects.get(pk=pledge.pk).quantity == 100
