"""Who may write what, through the one permission rule; every refusal leaves nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from convoy.core.models import Nation
from convoy.donations import services
from convoy.donations.models import Allocation, Pledge, Requirement
from tests.donations.factories import AllocationFactory, PledgeFactory
from tests.donations.helpers import refused_leaving_nothing
from tests.logistics.factories import LocationFactory

pytestmark = pytest.mark.django_db


def pledge_fields(donor, item, code="P-NEW"):
    return {"code": code, "donor": donor, "item": item, "quantity": 10,
            "available_from": datetime.date(2024, 8, 1), "origin": LocationFactory(nation=donor)}


def requirement_fields(group, code="R-NEW"):
    ukraine = Nation.objects.get_or_create(
        code="UKR", defaults={"name": "Ukraine", "kind": Nation.Kind.RECIPIENT}
    )[0]
    return {"code": code, "recipient": ukraine, "item_group": group, "quantity": 10,
            "priority": 3, "needed_by": datetime.date.today() + datetime.timedelta(days=90),
            "destination": LocationFactory(nation=ukraine, kind="destination")}


def assert_status(obj, status):
    obj.refresh_from_db()
    assert obj.status == status


# Donor liaison


def test_donor_liaison_creates_and_commits_their_own_nations_pledge(liaison, deu, item):
    pledge = services.pledge_create(actor=liaison, **pledge_fields(deu, item, code=""))
    services.pledge_commit(actor=liaison, pledge=pledge)
    assert pledge.status == Pledge.Status.COMMITTED


def test_donor_liaison_cannot_create_another_nations_pledge(liaison, pol, item):
    with refused_leaving_nothing(PermissionDenied, Pledge):
        services.pledge_create(actor=liaison, **pledge_fields(pol, item))


def test_donor_liaison_cannot_commit_another_nations_pledge(liaison, pol, item):
    polish = PledgeFactory(donor=pol, item=item)
    with refused_leaving_nothing(PermissionDenied, Pledge):
        services.pledge_commit(actor=liaison, pledge=polish)
    assert_status(polish, Pledge.Status.ANNOUNCED)


def test_donor_liaison_cannot_change_or_cancel_another_nations_pledge(liaison, pol, item):
    polish = PledgeFactory(donor=pol, item=item)
    with refused_leaving_nothing(PermissionDenied):
        services.pledge_update(actor=liaison, pledge=polish, quantity=1)
    with refused_leaving_nothing(PermissionDenied):
        services.pledge_cancel(actor=liaison, pledge=polish, reason="Not needed.")
    polish.refresh_from_db()
    assert (polish.quantity, polish.status) == (100, Pledge.Status.ANNOUNCED)


def test_donor_liaison_cannot_hand_their_pledge_to_another_nation(liaison, pol, pledge):
    with refused_leaving_nothing(PermissionDenied):
        services.pledge_update(actor=liaison, pledge=pledge, donor=pol)
    pledge.refresh_from_db()
    assert pledge.donor.code == "DEU"


def test_donor_liaison_cannot_create_or_change_a_requirement(liaison, group, requirement):
    with refused_leaving_nothing(PermissionDenied, Requirement):
        services.requirement_create(actor=liaison, **requirement_fields(group))
    with refused_leaving_nothing(PermissionDenied):
        services.requirement_update(actor=liaison, requirement=requirement, quantity=1)
    with refused_leaving_nothing(PermissionDenied):
        services.requirement_cancel(actor=liaison, requirement=requirement, reason="Not needed.")
    assert_status(requirement, Requirement.Status.OPEN)


def test_donor_liaison_cannot_allocate_even_their_own_pledge(liaison, pledge, requirement):
    with refused_leaving_nothing(PermissionDenied, Allocation):
        services.allocation_create(actor=liaison, pledge=pledge, requirement=requirement,
                                   quantity=1)


# Recipient planner


def test_recipient_planner_manages_requirements(planner, group):
    requirement = services.requirement_create(actor=planner, **requirement_fields(group))
    services.requirement_update(actor=planner, requirement=requirement, quantity=12)
    services.requirement_cancel(actor=planner, requirement=requirement, reason="Not needed.")
    assert (requirement.quantity, requirement.status) == (12, Requirement.Status.CANCELLED)


def test_recipient_planner_cannot_commit_a_pledge(planner, pledge):
    with refused_leaving_nothing(PermissionDenied):
        services.pledge_commit(actor=planner, pledge=pledge)
    assert_status(pledge, Pledge.Status.ANNOUNCED)


def test_recipient_planner_is_refused_before_the_lifecycle_is_checked(planner, deu, item):
    delivered = PledgeFactory(donor=deu, item=item, status="delivered",
                              committed_on=datetime.date(2024, 6, 1),
                              delivery_started_on=datetime.date(2024, 6, 2),
                              delivered_on=datetime.date(2024, 6, 3))
    with refused_leaving_nothing(PermissionDenied):
        services.pledge_commit(actor=planner, pledge=delivered)


def test_recipient_planner_cannot_create_pledges_or_allocations(planner, deu, item, pledge,
                                                                requirement):
    with refused_leaving_nothing(PermissionDenied, Pledge):
        services.pledge_create(actor=planner, **pledge_fields(deu, item))
    with refused_leaving_nothing(PermissionDenied, Allocation):
        services.allocation_create(actor=planner, pledge=pledge, requirement=requirement,
                                   quantity=1)


# Viewer


def test_viewer_cannot_write_any_pledge(viewer, deu, item, pledge):
    with refused_leaving_nothing(PermissionDenied, Pledge):
        services.pledge_create(actor=viewer, **pledge_fields(deu, item))
    for step in (services.pledge_commit, services.pledge_cancel):
        with refused_leaving_nothing(PermissionDenied):
            step(actor=viewer, pledge=pledge)
    with refused_leaving_nothing(PermissionDenied):
        services.pledge_update(actor=viewer, pledge=pledge, quantity=1)
    pledge.refresh_from_db()
    assert (pledge.status, pledge.quantity) == (Pledge.Status.ANNOUNCED, 100)


def test_viewer_cannot_write_any_requirement(viewer, group, requirement):
    with refused_leaving_nothing(PermissionDenied, Requirement):
        services.requirement_create(actor=viewer, **requirement_fields(group))
    with refused_leaving_nothing(PermissionDenied):
        services.requirement_update(actor=viewer, requirement=requirement, quantity=1)
    with refused_leaving_nothing(PermissionDenied):
        services.requirement_cancel(actor=viewer, requirement=requirement, reason="Not needed.")
    assert_status(requirement, Requirement.Status.OPEN)


def test_viewer_cannot_allocate_or_cancel_an_allocation(viewer, pledge, requirement):
    with refused_leaving_nothing(PermissionDenied, Allocation):
        services.allocation_create(actor=viewer, pledge=pledge, requirement=requirement,
                                   quantity=1)
    allocation = AllocationFactory(pledge=pledge, requirement=requirement)
    with refused_leaving_nothing(PermissionDenied, Allocation):
        services.allocation_cancel(actor=viewer, allocation=allocation, reason="Not needed.")


def test_coordinator_allocates_and_cancels(coordinator, pledge, requirement):
    allocation = services.allocation_create(actor=coordinator, pledge=pledge,
                                            requirement=requirement, quantity=5)
    services.allocation_cancel(actor=coordinator, allocation=allocation, reason="Not needed.")
    assert not Allocation.objects.exists()
