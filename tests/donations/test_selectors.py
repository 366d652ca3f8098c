"""Reads through the permission rule, and what is left of pledges and requirements."""

import pytest

from convoy.donations import selectors
from tests.core.factories import UserFactory
from tests.donations.factories import AllocationFactory, PledgeFactory, RequirementFactory

pytestmark = pytest.mark.django_db


def test_donor_liaison_lists_only_their_nations_pledges(liaison, pledge, pol):
    PledgeFactory(donor=pol)
    assert list(selectors.pledges_for(liaison)) == [pledge]


def test_coordinator_and_viewer_list_every_pledge(coordinator, viewer, pledge, pol):
    polish = PledgeFactory(donor=pol)
    for user in (coordinator, viewer):
        assert set(selectors.pledges_for(user)) == {pledge, polish}


def test_user_without_membership_lists_nothing(pledge, requirement):
    nobody = UserFactory()
    assert not selectors.pledges_for(nobody).exists()
    assert not selectors.requirements_for(nobody).exists()


def test_pledges_for_filters_by_status_and_annotates_what_is_allocated(coordinator, pledge,
                                                                       requirement):
    AllocationFactory(pledge=pledge, requirement=requirement, quantity=40)
    (listed,) = selectors.pledges_for(coordinator, status="announced")
    assert listed.allocated == 40
    assert not selectors.pledges_for(coordinator, status="committed").exists()


def test_allocatable_pledges_leave_out_fully_allocated_and_closed_ones(coordinator, deu, item,
                                                                       pledge, requirement):
    full = PledgeFactory(donor=deu, item=item, quantity=10)
    AllocationFactory(pledge=full, requirement=requirement, quantity=10)
    PledgeFactory(donor=deu, item=item, status="cancelled", cancelled_on="2024-07-01")
    assert list(selectors.allocatable_pledges_for(coordinator)) == [pledge]


def test_requirements_are_shared_with_donor_liaisons(liaison, requirement):
    (listed,) = selectors.requirements_for(liaison, status="open")
    assert listed == requirement and listed.allocated == 0


def test_donor_liaison_lists_only_allocations_of_their_nations_pledges(liaison, pledge, pol,
                                                                       requirement):
    own = AllocationFactory(pledge=pledge, requirement=requirement)
    AllocationFactory(pledge=PledgeFactory(donor=pol, item=pledge.item), requirement=requirement)
    assert list(selectors.allocations_for(liaison)) == [own]
    assert list(selectors.allocations_for(liaison, requirement=requirement)) == [own]


def test_requirement_left_is_what_is_not_yet_allocated(requirement, pledge):
    AllocationFactory(pledge=pledge, requirement=requirement, quantity=35)
    assert selectors.requirement_left(requirement) == 65


def test_cancelled_requirement_has_nothing_left(group):
    assert selectors.requirement_left(RequirementFactory(item_group=group,
                                                         status="cancelled")) == 0
