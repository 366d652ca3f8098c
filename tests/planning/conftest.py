"""The world of shared/spec/example-scenario.json, built in the database."""

import datetime

import pytest

from convoy.core.models import Nation
from convoy.logistics.models import Lane, Location
from tests.catalog.factories import ItemFactory, ItemGroupFactory
from tests.core.factories import NationFactory, member
from tests.donations.factories import PledgeFactory, RequirementFactory
from tests.logistics.factories import LaneFactory, LocationFactory, NodeFactory
from tests.training.factories import (
    CourseFactory,
    CourseSessionFactory,
    EnrolmentFactory,
    TrainingRequestFactory,
)

START = datetime.date(2024, 7, 1)  # a Monday: week 0


def week(n: int) -> datetime.date:
    return START + datetime.timedelta(weeks=n)


@pytest.fixture
def example_world(db):
    ukr = NationFactory(code="UKR", name="Ukraine", kind=Nation.Kind.RECIPIENT)
    deu = NationFactory(code="DEU", name="Germany")
    depot = LocationFactory(code="DEU", nation=deu, kind=Location.Kind.DEPOT)
    west = LocationFactory(code="UKR-W", nation=ukr, kind=Location.Kind.DESTINATION)
    node = NodeFactory(code="node-pl-1", name="Logistics node A (POL)", capacity_t_per_week=900)
    node.capacity_exceptions.create(week_start=week(5), capacity_t=0)
    LaneFactory(node=node, location=depot, direction=Lane.Direction.INBOUND, cost_per_t=140)
    LaneFactory(node=node, location=west, direction=Lane.Direction.OUTBOUND, cost_per_t=60)

    ammo = ItemGroupFactory(code="ammo-155")
    long_range = ItemGroupFactory(code="ad-long-range")
    course = CourseFactory(code="patriot-crew", name="Patriot crew course", duration_weeks=10)
    shell = ItemFactory(code="art-155-he", name="155mm HE shell", group=ammo, unit_mass_t="0.048")
    launcher = ItemFactory(
        code="ad-patriot-ln",
        name="Patriot launcher",
        group=long_range,
        unit_mass_t="38",
        training_course=course,
        crews_per_unit=1,
    )
    PledgeFactory(code="P-1", donor=deu, item=shell, quantity=20000, origin=depot,
                  available_from=START, status="committed", committed_on=START)
    PledgeFactory(code="P-2", donor=deu, item=launcher, quantity=4, origin=depot,
                  available_from=week(3))
    RequirementFactory(code="R-1", recipient=ukr, item_group=ammo, quantity=50000, priority=1,
                       needed_by=week(4), destination=west)
    r2 = RequirementFactory(code="R-2", recipient=ukr, item_group=long_range, quantity=3,
                            priority=1, needed_by=week(8), destination=west)
    session = CourseSessionFactory(code="S-1", course=course, start_date=START, seats=2,
                                   facility__code="fac-de-1")
    # One crew trained before week 0, in an earlier session.
    earlier = CourseSessionFactory(code="S-0", course=course, start_date=week(-12), seats=1,
                                   facility=session.facility, status="completed")
    request = TrainingRequestFactory(recipient=ukr, course=course, crews_needed=3, requirement=r2)
    EnrolmentFactory(request=request, session=earlier, crews=1, status="trained")
    return {"coordinator": member("coordinator"), "node": node, "session": session}


def repair_order(example_world, *, received, status="received"):
    """A repair facility with a depot that has a lane into the node, and one order there."""
    from convoy.catalog.models import Item
    from tests.repairs.factories import RepairFacilityFactory, RepairOrderFactory

    pol = NationFactory(code="POL", name="Poland")
    depot = LocationFactory(code="POL-REP", nation=pol, kind=Location.Kind.DEPOT)
    LaneFactory(node=example_world["node"], location=depot, direction=Lane.Direction.INBOUND,
                transit_weeks=1, cost_per_t=20)
    facility = RepairFacilityFactory(code="rep-pl", nation=pol, location=depot,
                                     turnaround_weeks=4)
    return RepairOrderFactory(
        code="RO-2024-001", recipient=Nation.objects.get(code="UKR"),
        item=Item.objects.get(code="ad-patriot-ln"), quantity=2, facility=facility,
        status=status, requested_on=week(-2), received_on=received)
