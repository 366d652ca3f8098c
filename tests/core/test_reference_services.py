"""The services behind the reference-data pages of the domain apps: each checks the permission
rule, names the field it refuses, and leaves an audit record (many-to-many changes too)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from convoy.core.audit import history
from convoy.core.models import Nation
from convoy.development.services import target_update
from convoy.logistics.services import lane_create, lane_update
from convoy.repairs.services import repair_facility_update
from convoy.training.services import course_update
from tests.catalog.factories import ItemGroupFactory
from tests.core.factories import NationFactory, OrganisationFactory, member
from tests.development.factories import CapabilityTargetFactory
from tests.logistics.factories import LaneFactory, LocationFactory, NodeFactory
from tests.repairs.factories import RepairFacilityFactory
from tests.training.factories import CourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return member("coordinator")


def test_repair_facility_item_groups_change_is_audited(coordinator):
    facility = RepairFacilityFactory()
    first, second = ItemGroupFactory(), ItemGroupFactory()
    repair_facility_update(actor=coordinator, facility=facility, item_groups=[first, second],
                           capacity_per_week=7)
    assert set(facility.item_groups.all()) == {first, second}
    assert facility.capacity_per_week == 7
    last = history(facility).first()
    assert last.after["item_groups"] == sorted([first.pk, second.pk])


def test_only_the_facilitys_nation_or_operator_may_change_it():
    facility = RepairFacilityFactory()
    other_liaison = member("donor_liaison")
    with pytest.raises(PermissionDenied):
        repair_facility_update(actor=other_liaison, facility=facility, capacity_per_week=1)
    own_liaison = member("donor_liaison", OrganisationFactory(nation=facility.nation))
    repair_facility_update(actor=own_liaison, facility=facility, capacity_per_week=3)
    facility.refresh_from_db()
    assert facility.capacity_per_week == 3


def test_lane_to_a_destination_must_be_outbound_named_at_the_field(coordinator):
    node = NodeFactory()
    destination = LocationFactory(kind="destination")
    with pytest.raises(ValidationError) as refused:
        lane_create(actor=coordinator, node=node, location=destination, direction="inbound",
                    transit_weeks=1, cost_per_t=10)
    assert "location" in refused.value.message_dict
    lane = lane_create(actor=coordinator, node=node, location=destination,
                       direction="outbound", transit_weeks=1, cost_per_t=10)
    lane_update(actor=coordinator, lane=lane, transit_weeks=2)
    assert [r.action for r in history(lane)] == ["update", "create"]


def test_node_operator_may_not_change_lanes():
    lane = LaneFactory()
    with pytest.raises(PermissionDenied):
        lane_update(actor=member("node_operator"), lane=lane, cost_per_t=0)


def test_course_duration_below_one_week_is_refused(coordinator):
    course = CourseFactory()
    with pytest.raises(ValidationError):
        course_update(actor=coordinator, course=course, duration_weeks=0)
    course.refresh_from_db()
    assert course.duration_weeks >= 1


def test_target_update_keeps_the_target_rules(coordinator):
    target = CapabilityTargetFactory()
    with pytest.raises(ValidationError) as refused:
        target_update(actor=coordinator, target=target, target_quantity=None, target_level="")
    assert "target_quantity" in refused.value.message_dict
    ally = NationFactory(kind=Nation.Kind.ALLY)
    with pytest.raises(ValidationError) as refused:
        target_update(actor=coordinator, target=target, recipient=ally)
    assert "recipient" in refused.value.message_dict
    target_update(actor=coordinator, target=target, description="Six brigades")
    target.refresh_from_db()
    assert target.description == "Six brigades"
    with pytest.raises(PermissionDenied):
        target_update(actor=member("donor_liaison"), target=target, year=2031)
