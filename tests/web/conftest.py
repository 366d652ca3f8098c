"""A small coalition for the page tests: two donors, the recipient, a node, facilities, and one
user in every role."""

import datetime
from types import SimpleNamespace

import pytest

from convoy.catalog.models import CapabilityCoalition
from convoy.core.models import Nation, Organisation
from tests.catalog.factories import ItemFactory, ItemGroupFactory
from tests.core.factories import NationFactory, OrganisationFactory, member
from tests.development.factories import CapabilityTargetFactory
from tests.donations.factories import AllocationFactory, PledgeFactory, RequirementFactory
from tests.funding.factories import FinancialPledgeFactory, YearlyBaselineFactory
from tests.logistics.factories import LaneFactory, LocationFactory, NodeFactory, ShipmentFactory
from tests.manning.factories import PostFactory
from tests.repairs.factories import RepairFacilityFactory, RepairOrderFactory
from tests.training.factories import (
    CourseFactory,
    CourseSessionFactory,
    TrainingFacilityFactory,
    TrainingRequestFactory,
)


@pytest.fixture(autouse=True)
def _plain_static_and_fast_hashing(settings):
    """Pages render {% static %} without a collected manifest; test users need no costly hash;
    no test sees a home page another test computed (ids repeat after a rollback)."""
    from django.core.cache import cache

    cache.clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Served over plain http by the test client and the live server.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def world(db):
    """Germany and Poland pledge; Ukraine requires; one node, one repair and one training
    facility; a user in every role."""
    deu = NationFactory(code="DEU", name="Germany")
    pol = NationFactory(code="POL", name="Poland")
    ukr = NationFactory(code="UKR", name="Ukraine", kind=Nation.Kind.RECIPIENT)
    group = ItemGroupFactory(code="ifv", name="Infantry fighting vehicles")
    coalition = CapabilityCoalition.objects.create(name="Fighting vehicles coalition",
                                                   area=group.area)
    coalition.lead_nations.set([deu])
    coalition.members.set([deu])
    target = CapabilityTargetFactory(recipient=ukr, area=group.area)
    item = ItemFactory(code="marder", name="Marder 1A3", group=group, unit_mass_t="30")
    depot_deu = LocationFactory(code="DEPOT-DEU", name="Unterlüß depot", nation=deu)
    depot_pol = LocationFactory(code="DEPOT-POL", name="Poznań depot", nation=pol)
    kyiv = LocationFactory(code="KYIV", name="Kyiv", nation=ukr, kind="destination")
    node_org = OrganisationFactory(name="Node Operator Rzeszów", nation=pol,
                                   kind=Organisation.Kind.NODE_OPERATOR)
    node = NodeFactory(code="RZE", name="Rzeszów hub", nation=pol, operator=node_org,
                       capacity_t_per_week=500)
    for depot in (depot_deu, depot_pol):
        LaneFactory(node=node, location=depot, direction="inbound", transit_weeks=1)
    LaneFactory(node=node, location=kyiv, direction="outbound", transit_weeks=1)
    requirement = RequirementFactory(code="R-IFV-1", recipient=ukr, item_group=group,
                                     quantity=100, destination=kyiv, priority=1)
    pledge_deu = PledgeFactory(code="P-DEU-1", donor=deu, item=item, quantity=40,
                               origin=depot_deu)
    pledge_pol = PledgeFactory(code="P-POL-1", donor=pol, item=item, quantity=30,
                               origin=depot_pol)
    allocation_deu = AllocationFactory(pledge=pledge_deu, requirement=requirement, quantity=20)
    allocation_pol = AllocationFactory(pledge=pledge_pol, requirement=requirement, quantity=10)
    shipment_deu = ShipmentFactory(allocation=allocation_deu, node=node, quantity=20)
    shipment_pol = ShipmentFactory(allocation=allocation_pol, node=node, quantity=10)
    facility_org = OrganisationFactory(name="Training and Repair Ops", nation=deu,
                                       kind=Organisation.Kind.FACILITY_OPERATOR)
    repair_facility = RepairFacilityFactory(code="REP-DEU", name="Repair works Germany",
                                            nation=deu, location=depot_deu, operator=facility_org,
                                            item_groups=[group])
    repair_order = RepairOrderFactory(code="RO-1", recipient=ukr, item=item,
                                      facility=repair_facility)
    training_facility = TrainingFacilityFactory(code="TRN-DEU", name="Training area Germany",
                                                nation=deu, operator=facility_org)
    course = CourseFactory(code="marder-crew", name="Marder crew course", host_nation=deu)
    today = datetime.date.today()
    session = CourseSessionFactory(code="S-1", course=course, facility=training_facility,
                                   start_date=today + datetime.timedelta(days=14), seats=6)
    training_request = TrainingRequestFactory(code="TR-1", recipient=ukr, course=course,
                                              crews_needed=4, requirement=requirement)
    YearlyBaselineFactory(year=today.year, amount_eur=40_000_000_000)
    fin_deu = FinancialPledgeFactory(code="FP-DEU-1", donor=deu, first_year=today.year,
                                     last_year=today.year, amount=8_000_000_000,
                                     amount_eur=8_000_000_000)
    fin_pol = FinancialPledgeFactory(code="FP-POL-1", donor=pol, first_year=today.year,
                                     last_year=today.year, amount=3_000_000_000,
                                     amount_eur=3_000_000_000)
    post = PostFactory(code="J4-001", title="Chief J4")
    command = OrganisationFactory(name="Security Assistance Command", nation=deu,
                                  kind=Organisation.Kind.COMMAND)
    users = {
        "coordinator": member("coordinator", command, username="coordinator"),
        "liaison": member("donor_liaison", OrganisationFactory(name="German MoD", nation=deu),
                          username="liaison_deu"),
        "liaison_pol": member("donor_liaison",
                              OrganisationFactory(name="Polish MoD", nation=pol),
                              username="liaison_pol"),
        "planner": member("recipient_planner",
                          OrganisationFactory(name="Ukrainian General Staff", nation=ukr,
                                              kind=Organisation.Kind.ARMED_FORCES),
                          username="planner"),
        "node_operator": member("node_operator", node_org, username="node_operator"),
        "facility_operator": member("facility_operator", facility_org,
                                    username="facility_operator"),
        "viewer": member("viewer", OrganisationFactory(name="Auditors", nation=deu),
                         username="viewer"),
    }
    return SimpleNamespace(**locals())


@pytest.fixture
def as_user(client, world):
    """Sign the test client in as one of the world's users: `as_user("liaison")`."""

    def sign_in(role: str):
        client.force_login(world.users[role])
        return client

    return sign_in
