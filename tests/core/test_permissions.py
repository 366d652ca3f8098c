"""The one permission rule: what each role must see and must be refused."""

import pytest
from django.core.exceptions import PermissionDenied

from convoy.core.models import Organisation
from convoy.core.permissions import ensure_allowed
from convoy.donations.models import Pledge, Requirement
from convoy.logistics.models import Shipment
from tests.core.factories import NationFactory, OrganisationFactory, UserFactory, member
from tests.donations.factories import PledgeFactory, RequirementFactory
from tests.logistics.factories import NodeFactory, ShipmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_donors():
    deu, pol = NationFactory(code="DEU"), NationFactory(code="POL")
    return deu, pol


def test_donor_sees_only_their_nations_pledges(two_donors):
    deu, pol = two_donors
    own, other = PledgeFactory(donor=deu), PledgeFactory(donor=pol)
    liaison = member("donor_liaison", OrganisationFactory(nation=deu))
    assert list(Pledge.objects.restrict(liaison, "view")) == [own]
    assert other not in Pledge.objects.restrict(liaison, "view")


def test_donor_may_read_aggregates_of_all_nations(two_donors):
    deu, pol = two_donors
    PledgeFactory(donor=deu), PledgeFactory(donor=pol)
    liaison = member("donor_liaison", OrganisationFactory(nation=deu))
    assert Pledge.objects.restrict(liaison, "aggregate").count() == 2


def test_donor_cannot_change_another_nations_pledge(two_donors):
    deu, pol = two_donors
    other = PledgeFactory(donor=pol)
    liaison = member("donor_liaison", OrganisationFactory(nation=deu))
    with pytest.raises(PermissionDenied):
        ensure_allowed(liaison, "change", other)
    ensure_allowed(liaison, "change", PledgeFactory(donor=deu))


def test_donor_cannot_create_requirements(two_donors):
    liaison = member("donor_liaison", OrganisationFactory(nation=two_donors[0]))
    with pytest.raises(PermissionDenied):
        ensure_allowed(liaison, "add", RequirementFactory.build())


def test_donor_reads_shared_requirements(two_donors):
    requirement = RequirementFactory()
    liaison = member("donor_liaison", OrganisationFactory(nation=two_donors[0]))
    assert list(Requirement.objects.restrict(liaison)) == [requirement]


def test_viewer_reads_everything_and_writes_nothing(two_donors):
    pledge = PledgeFactory(donor=two_donors[0])
    viewer = member("viewer")
    assert list(Pledge.objects.restrict(viewer, "view")) == [pledge]
    for action in ("add", "change", "delete"):
        with pytest.raises(PermissionDenied):
            ensure_allowed(viewer, action, pledge)


def test_recipient_planner_manages_requirements_but_not_pledges(two_donors):
    planner = member("recipient_planner")
    ensure_allowed(planner, "change", RequirementFactory())
    with pytest.raises(PermissionDenied):
        ensure_allowed(planner, "change", PledgeFactory(donor=two_donors[0]))


def test_node_operator_sees_only_shipments_through_their_node():
    ours, theirs = NodeFactory(), NodeFactory()
    own = ShipmentFactory(node=ours)
    ShipmentFactory(node=theirs)
    operator = member("node_operator", ours.operator)
    assert list(Shipment.objects.restrict(operator)) == [own]
    assert Pledge.objects.restrict(operator).count() == 0


def test_node_operator_cannot_change_another_nodes_shipment():
    ours = NodeFactory()
    operator = member("node_operator", ours.operator)
    with pytest.raises(PermissionDenied):
        ensure_allowed(operator, "change", ShipmentFactory())


def test_user_without_membership_sees_nothing():
    PledgeFactory()
    RequirementFactory()
    nobody = UserFactory()
    assert Pledge.objects.restrict(nobody).count() == 0
    assert Requirement.objects.restrict(nobody).count() == 0


def test_anonymous_user_sees_nothing():
    from django.contrib.auth.models import AnonymousUser

    PledgeFactory()
    assert Pledge.objects.restrict(AnonymousUser()).count() == 0


def test_coordinator_sees_and_changes_everything(two_donors):
    pledge = PledgeFactory(donor=two_donors[1])
    coordinator = member(
        "coordinator", OrganisationFactory(kind=Organisation.Kind.COMMAND, nation=two_donors[0])
    )
    assert list(Pledge.objects.restrict(coordinator, "change")) == [pledge]
    ensure_allowed(coordinator, "delete", pledge)


def test_inactive_user_is_refused_everything(two_donors):
    coordinator = member("coordinator", is_active=False)
    PledgeFactory(donor=two_donors[0])
    assert Pledge.objects.restrict(coordinator).count() == 0


def test_consequences_of_a_step_are_allowed_for_that_actor_only(two_donors):
    from convoy.core.permissions import consequences_of_step

    planner, other = member("recipient_planner"), member("recipient_planner")
    pledge = PledgeFactory(donor=two_donors[0])
    with consequences_of_step(planner):
        ensure_allowed(planner, "change", pledge)
        with pytest.raises(PermissionDenied):
            ensure_allowed(other, "change", pledge)
    with pytest.raises(PermissionDenied):
        ensure_allowed(planner, "change", pledge)
