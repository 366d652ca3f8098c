"""Requirements: created open, changed within what is allocated, cancelled when nothing is."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from convoy.core.audit import history
from convoy.core.errors import DomainError
from convoy.core.models import Nation
from convoy.donations import services
from convoy.donations.models import Requirement
from tests.catalog.factories import ItemGroupFactory
from tests.donations.factories import AllocationFactory
from tests.donations.helpers import message_of, refused_leaving_nothing
from tests.logistics.factories import LocationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ukraine():
    return Nation.objects.get_or_create(
        code="UKR", defaults={"name": "Ukraine", "kind": Nation.Kind.RECIPIENT}
    )[0]


def new_requirement_fields(ukraine, group, **overrides):
    fields = {
        "code": "R-NEW", "recipient": ukraine, "item_group": group, "quantity": 40,
        "priority": 1, "needed_by": datetime.date.today() + datetime.timedelta(days=90),
        "destination": LocationFactory(nation=ukraine, kind="destination"),
    }
    return {**fields, **overrides}


def test_planner_creates_an_open_requirement_audited(planner, ukraine, group):
    requirement = services.requirement_create(actor=planner,
                                              **new_requirement_fields(ukraine, group))
    assert requirement.status == Requirement.Status.OPEN
    record = history(requirement).get()
    assert record.actor == planner and record.after["quantity"] == 40


def test_requirement_create_refuses_a_status(planner, ukraine, group):
    with refused_leaving_nothing(DomainError, Requirement) as info:
        services.requirement_create(actor=planner,
                                    **new_requirement_fields(ukraine, group, status="filled"))
    assert "R-NEW" in message_of(info, "status")


def test_requirement_needs_a_recipient_nation_and_a_destination(planner, ukraine, deu, group):
    fields = new_requirement_fields(ukraine, group, recipient=deu,
                                    destination=LocationFactory(nation=ukraine, kind="depot"))
    with refused_leaving_nothing(DomainError, Requirement) as info:
        services.requirement_create(actor=planner, **fields)
    assert set(info.value.message_dict) == {"recipient", "destination"}


def test_requirement_priority_outside_1_to_5_is_refused(planner, ukraine, group):
    with refused_leaving_nothing(ValidationError, Requirement):
        services.requirement_create(actor=planner,
                                    **new_requirement_fields(ukraine, group, priority=6))


def test_requirement_update_is_audited_with_before_and_after(planner, requirement):
    services.requirement_update(actor=planner, requirement=requirement, priority=1)
    assert requirement.priority == 1
    assert history(requirement).get().changes == {"priority": (2, 1)}


def test_requirement_quantity_cannot_go_below_what_is_allocated(planner, requirement, pledge):
    AllocationFactory(pledge=pledge, requirement=requirement, quantity=30)
    with refused_leaving_nothing(DomainError) as info:
        services.requirement_update(actor=planner, requirement=requirement, quantity=29)
    assert "R-IFV-1" in message_of(info, "quantity")
    requirement.refresh_from_db()
    assert requirement.quantity == 100


def test_lowering_quantity_to_what_is_allocated_fills_the_requirement(planner, requirement,
                                                                       pledge):
    AllocationFactory(pledge=pledge, requirement=requirement, quantity=30)
    services.requirement_update(actor=planner, requirement=requirement, quantity=30)
    assert requirement.status == Requirement.Status.FILLED
    services.requirement_update(actor=planner, requirement=requirement, quantity=31)
    assert requirement.status == Requirement.Status.OPEN


def test_requirement_item_group_cannot_change_while_allocated(planner, requirement, pledge):
    AllocationFactory(pledge=pledge, requirement=requirement, quantity=30)
    with refused_leaving_nothing(DomainError) as info:
        services.requirement_update(actor=planner, requirement=requirement,
                                    item_group=ItemGroupFactory())
    assert "R-IFV-1" in message_of(info, "item_group")


def test_requirement_update_refuses_to_set_the_status(planner, requirement):
    with refused_leaving_nothing(DomainError):
        services.requirement_update(actor=planner, requirement=requirement, status="filled")
    requirement.refresh_from_db()
    assert requirement.status == Requirement.Status.OPEN


def test_planner_cancels_a_requirement_audited(planner, requirement):
    services.requirement_cancel(actor=planner, requirement=requirement, reason="Not needed.")
    assert requirement.status == Requirement.Status.CANCELLED
    assert history(requirement).get().changes == {"status": ("open", "cancelled")}


def test_cancelled_requirement_cannot_be_cancelled_or_changed_again(planner, requirement):
    services.requirement_cancel(actor=planner, requirement=requirement, reason="Not needed.")
    with refused_leaving_nothing(DomainError) as info:
        services.requirement_cancel(actor=planner, requirement=requirement, reason="Not needed.")
    assert "R-IFV-1" in message_of(info, "status")
    with refused_leaving_nothing(DomainError) as info:
        services.requirement_update(actor=planner, requirement=requirement, quantity=5)
    assert "R-IFV-1" in message_of(info, "status")


def test_requirement_with_allocations_cannot_be_cancelled(planner, requirement, pledge):
    AllocationFactory(pledge=pledge, requirement=requirement, quantity=30)
    with refused_leaving_nothing(DomainError) as info:
        services.requirement_cancel(actor=planner, requirement=requirement, reason="Not needed.")
    assert "30 units are allocated" in message_of(info, "status")
    requirement.refresh_from_db()
    assert requirement.status == Requirement.Status.OPEN


def test_filled_requirement_can_be_cancelled_once_its_allocations_are(coordinator, requirement,
                                                                       pledge):
    allocation = services.allocation_create(actor=coordinator, pledge=pledge,
                                            requirement=requirement, quantity=100)
    assert requirement.status == Requirement.Status.FILLED
    services.allocation_cancel(actor=coordinator, allocation=allocation, reason="Not needed.")
    services.requirement_cancel(actor=coordinator, requirement=requirement, reason="Not needed.")
    assert requirement.status == Requirement.Status.CANCELLED
