"""Every record type through the API: read by each role within its scope, written where the
role may write it, through the same services as the pages."""

import datetime

import pytest

from convoy.catalog.models import CapabilityCoalition
from convoy.core.models import AuditRecord
from convoy.funding.models import YearlyBaseline
from convoy.logistics.models import CapacityException, Lane
from convoy.repairs.models import RepairFacility
from convoy.training.models import Course, TrainingFacility

pytestmark = pytest.mark.django_db

MONDAY = datetime.date.today() + datetime.timedelta(days=7 - datetime.date.today().weekday())

LISTS = ["nations", "organisations", "capability-areas", "capability-coalitions", "item-groups",
         "items", "locations", "nodes", "capacity-exceptions", "lanes", "repair-facilities",
         "training-facilities", "courses", "yearly-baselines", "audit-records"]


@pytest.mark.parametrize("prefix", LISTS)
def test_every_list_answers_every_role(world, api_as, prefix):
    for role in world.users:
        response = api_as(role).get(f"/api/{prefix}/")
        assert response.status_code == 200, (role, response.content[:200])


def test_reference_records_read_by_their_keys(world, api_as):
    client = api_as("viewer")
    assert client.get("/api/nodes/RZE/").json()["capacity_t_per_week"] == "500.000"
    assert client.get("/api/courses/marder-crew/").json()["host_nation"] == "DEU"
    assert client.get("/api/repair-facilities/REP-DEU/").json()["item_groups"] == ["ifv"]
    coalition = client.get(f"/api/capability-coalitions/{world.coalition.pk}/").json()
    assert coalition["lead_nations"] == ["DEU"]
    year = datetime.date.today().year
    assert client.get(f"/api/yearly-baselines/{year}/").json()["amount_eur"] == "40000000000.00"


def test_node_operator_sets_its_nodes_capacity_for_a_week_and_the_api_shows_it(world, api_as):
    payload = {"node": "RZE", "week_start": MONDAY.isoformat(), "capacity_t": "120",
               "reason": "maintenance"}
    client = api_as("node_operator")
    assert client.post("/api/capacity-exceptions/", payload, format="json").status_code == 201
    again = client.post("/api/capacity-exceptions/", {**payload, "capacity_t": "80"},
                        format="json")
    assert again.status_code == 201, again.json()
    assert CapacityException.objects.get().capacity_t == 80
    assert client.get("/api/capacity-exceptions/").json()["count"] == 1


def test_capacity_exception_not_on_a_monday_is_400(world, api_as):
    payload = {"node": "RZE", "week_start": (MONDAY + datetime.timedelta(days=1)).isoformat(),
               "capacity_t": "120"}
    response = api_as("node_operator").post("/api/capacity-exceptions/", payload, format="json")
    assert response.status_code == 400 and "week_start" in response.json()
    assert not CapacityException.objects.exists()


@pytest.mark.parametrize("role", ["liaison", "planner", "viewer", "facility_operator"])
def test_other_roles_cannot_set_a_nodes_capacity(world, api_as, role):
    payload = {"node": "RZE", "week_start": MONDAY.isoformat(), "capacity_t": "1"}
    response = api_as(role).post("/api/capacity-exceptions/", payload, format="json")
    assert response.status_code in (400, 403)
    assert not CapacityException.objects.exists()


def test_coordinator_keeps_lanes_courses_and_facilities(world, api_as):
    client = api_as("coordinator")
    lane = client.post("/api/lanes/", {"node": "RZE", "location": "KYIV", "direction": "outbound",
                                       "transit_weeks": 2, "cost_per_t": "10"}, format="json")
    assert lane.status_code == 400  # the world has that lane already: named at the location
    assert "location" in lane.json()
    lane_id = Lane.objects.get(location__code="KYIV").pk
    changed = client.patch(f"/api/lanes/{lane_id}/", {"transit_weeks": 3}, format="json")
    assert changed.status_code == 200 and Lane.objects.get(pk=lane_id).transit_weeks == 3
    course = client.post("/api/courses/", {"code": "leo-crew", "name": "Leopard crew",
                                           "capability_area": world.group.area.code,
                                           "duration_weeks": 6, "host_nation": "POL"},
                         format="json")
    assert course.status_code == 201, course.json()
    assert Course.objects.filter(code="leo-crew").exists()
    facility = client.post("/api/training-facilities/", {
        "code": "TRN-POL", "name": "Training area Poland", "nation": "POL",
        "operator": "Training and Repair Ops"}, format="json")
    assert facility.status_code == 201, facility.json()
    assert TrainingFacility.objects.get(code="TRN-POL").operator == world.facility_org


def test_coalition_nations_are_set_by_code(world, api_as):
    response = api_as("coordinator").post("/api/capability-coalitions/", {
        "name": "Armour coalition", "area": world.group.area.code, "lead_nations": ["POL"],
        "members": ["POL", "DEU"]}, format="json")
    assert response.status_code == 201, response.json()
    coalition = CapabilityCoalition.objects.get(name="Armour coalition")
    assert sorted(n.code for n in coalition.members.all()) == ["DEU", "POL"]
    empty = api_as("coordinator").patch(f"/api/capability-coalitions/{coalition.pk}/",
                                        {"lead_nations": []}, format="json")
    assert empty.status_code == 400 and "lead_nations" in empty.json()


def test_a_donor_liaison_offers_repair_capacity_for_its_own_nation_only(world, api_as):
    # Convoy gives the code: the liaison sees only its own nation's facilities.
    payload = {"name": "Second works", "nation": "DEU",
               "location": "DEPOT-DEU", "operator": "Training and Repair Ops",
               "item_groups": ["ifv"], "capacity_per_week": 4, "turnaround_weeks": 6}
    client = api_as("liaison")
    assert client.post("/api/repair-facilities/", payload, format="json").status_code == 201
    polish = client.post("/api/repair-facilities/", {**payload, "name": "Polish works",
                                                     "nation": "POL",
                                                     "location": "DEPOT-POL"}, format="json")
    assert polish.status_code == 403
    assert not RepairFacility.objects.filter(name="Polish works").exists()


def test_baseline_is_set_by_year_by_coordinators_only(world, api_as):
    year = datetime.date.today().year + 1
    payload = {"year": year, "amount_eur": "41000000000"}
    assert api_as("liaison").post("/api/yearly-baselines/", payload,
                                  format="json").status_code == 403
    client = api_as("coordinator")
    assert client.post("/api/yearly-baselines/", payload, format="json").status_code == 201
    replaced = client.post("/api/yearly-baselines/", {**payload, "amount_eur": "42000000000"},
                           format="json")
    assert replaced.status_code == 201, replaced.json()
    assert YearlyBaseline.objects.get(year=year).amount_eur == 42_000_000_000


def _audited_codes(client, model):
    results = client.get(f"/api/audit-records/?content_type__model={model}").json()["results"]
    return {r["object_repr"] for r in results}


def test_audit_trail_follows_the_permission_rule(world, api_as):
    api_as("liaison_pol").patch("/api/pledges/P-POL-1/", {"quantity": 29}, format="json")
    api_as("liaison").patch("/api/pledges/P-DEU-1/", {"quantity": 39}, format="json")
    assert {"P-DEU-1", "P-POL-1"} <= _audited_codes(api_as("coordinator"), "pledge")
    assert {"P-DEU-1", "P-POL-1"} <= _audited_codes(api_as("viewer"), "pledge")
    seen = _audited_codes(api_as("liaison"), "pledge")
    assert "P-DEU-1" in seen and "P-POL-1" not in seen
    polish = AuditRecord.objects.filter(content_type__model="pledge",
                                        object_id=str(world.pledge_pol.pk)).first()
    assert api_as("liaison").get(f"/api/audit-records/{polish.pk}/").status_code == 404
    assert _audited_codes(api_as("node_operator"), "pledge") == set()


def test_audit_trail_is_read_only(world, api_as):
    client = api_as("coordinator")
    client.patch("/api/pledges/P-POL-1/", {"quantity": 29}, format="json")
    record = AuditRecord.objects.first()
    assert client.post("/api/audit-records/", {}, format="json").status_code == 405
    assert client.patch(f"/api/audit-records/{record.pk}/", {"summary": "x"},
                        format="json").status_code == 405
    assert client.delete(f"/api/audit-records/{record.pk}/").status_code == 405


def test_memberships_and_tokens_are_not_in_a_donors_audit_trail(world, api_as):
    seen = {r["record_type"] for r in api_as("liaison").get(
        "/api/audit-records/?page_size=500").json()["results"]}
    assert not seen & {"core.membership", "api.apitoken", "auth.user"}
