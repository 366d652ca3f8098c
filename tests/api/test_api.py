"""The API: reads through the permission rule, writes through the services, clear 400s and 403s."""

import datetime

import pytest
from rest_framework.test import APIClient

from convoy.core.models import AuditRecord
from convoy.donations.models import Pledge
from tests.catalog.factories import ItemFactory
from tests.core.factories import NationFactory, OrganisationFactory, member
from tests.donations.factories import AllocationFactory, PledgeFactory, RequirementFactory
from tests.logistics.factories import LocationFactory, ShipmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deu():
    return NationFactory(code="DEU", name="Germany")


@pytest.fixture
def liaison(deu):
    return member("donor_liaison", OrganisationFactory(nation=deu))


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def pledge_payload(donor, **changes):
    item, origin = ItemFactory(), LocationFactory(nation=donor)
    return {"donor": donor.code, "item": item.code, "quantity": 12,
            "available_from": "2024-08-01", "origin": origin.code, **changes}


def test_anonymous_requests_are_refused():
    PledgeFactory()
    assert APIClient().get("/api/pledges/").status_code in (401, 403)


def test_donor_liaison_lists_only_their_nations_pledges(deu, liaison):
    own = PledgeFactory(donor=deu)
    PledgeFactory(donor=NationFactory(code="POL"))
    response = client_for(liaison).get("/api/pledges/")
    assert response.status_code == 200
    assert [p["code"] for p in response.json()["results"]] == [own.code]


def test_another_nations_pledge_is_not_found(liaison):
    other = PledgeFactory(donor=NationFactory(code="POL"))
    assert client_for(liaison).get(f"/api/pledges/{other.code}/").status_code == 404


def test_donor_liaison_records_a_pledge_audited_as_api(deu, liaison):
    response = client_for(liaison).post("/api/pledges/", pledge_payload(deu), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "announced"
    pledge = Pledge.objects.get(code=response.json()["code"])
    record = AuditRecord.objects.get(object_id=str(pledge.pk), action="create",
                                     content_type__model="pledge")
    assert (record.source, record.actor) == ("api", liaison)


def test_a_pledge_for_another_nation_is_refused_with_403_and_nothing_written(liaison):
    pol = NationFactory(code="POL")
    before = AuditRecord.objects.count()
    response = client_for(liaison).post("/api/pledges/", pledge_payload(pol), format="json")
    assert response.status_code == 403
    assert "not" in response.json()["detail"]
    assert not Pledge.objects.exists()
    assert AuditRecord.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"quantity": -3}, "quantity"), ({"item": "no-such-item"}, "item"),
     ({"available_from": "soon"}, "available_from")],
)
def test_bad_input_answers_400_naming_the_field(deu, liaison, changes, field):
    response = client_for(liaison).post("/api/pledges/", pledge_payload(deu, **changes),
                                        format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Pledge.objects.exists()


def test_a_domain_rule_answers_400_with_the_field(deu, liaison):
    pledge = PledgeFactory(donor=deu, status="cancelled", cancelled_on=datetime.date(2024, 7, 1))
    response = client_for(liaison).post(f"/api/pledges/{pledge.code}/steps/commit/", {},
                                        format="json")
    assert response.status_code == 400
    assert "status" in response.json()
    pledge.refresh_from_db()
    assert pledge.status == "cancelled"


def test_lifecycle_step_commits_a_pledge(deu, liaison):
    pledge = PledgeFactory(donor=deu)
    response = client_for(liaison).post(f"/api/pledges/{pledge.code}/steps/commit/",
                                        {"on": "2024-07-02"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["committed_on"]) == ("committed",
                                                                             "2024-07-02")


def test_unknown_step_is_404(deu, liaison):
    pledge = PledgeFactory(donor=deu)
    response = client_for(liaison).post(f"/api/pledges/{pledge.code}/steps/explode/", {})
    assert response.status_code == 404


def test_viewer_reads_but_cannot_write(deu):
    pledge = PledgeFactory(donor=deu)
    viewer = client_for(member("viewer"))
    assert viewer.get(f"/api/pledges/{pledge.code}/").status_code == 200
    assert viewer.patch(f"/api/pledges/{pledge.code}/", {"quantity": 5},
                        format="json").status_code == 403
    assert viewer.post(f"/api/pledges/{pledge.code}/steps/commit/", {}).status_code == 403
    pledge.refresh_from_db()
    assert (pledge.quantity, pledge.status) == (100, "announced")


def test_a_reference_the_user_cannot_see_is_unknown(deu, liaison):
    """A node operator may not learn that another nation's pledge exists."""
    hidden = PledgeFactory(donor=NationFactory(code="POL"))
    coordinator_client = client_for(member("node_operator"))
    response = coordinator_client.post(
        "/api/allocations/",
        {"pledge": hidden.code, "requirement": RequirementFactory().code, "quantity": 1},
        format="json")
    assert response.status_code == 400
    assert "pledge" in response.json()


def test_coordinator_allocates_and_over_allocation_is_400():
    pledge = PledgeFactory(quantity=10)
    requirement = RequirementFactory(item_group=pledge.item.group, quantity=50)
    client = client_for(member("coordinator"))
    ok = client.post("/api/allocations/", {"pledge": pledge.code,
                                           "requirement": requirement.code, "quantity": 8},
                     format="json")
    assert ok.status_code == 201, ok.json()
    too_much = client.post("/api/allocations/", {"pledge": pledge.code,
                                                 "requirement": requirement.code, "quantity": 3},
                           format="json")
    assert too_much.status_code == 400
    assert "quantity" in too_much.json()


def test_recipient_planner_hands_over_a_shipment_through_the_api():
    shipment = ShipmentFactory(status="onward")
    response = client_for(member("recipient_planner")).post(
        f"/api/shipments/{shipment.pk}/steps/hand_over/",
        {"received_quantity": shipment.quantity, "receiving_unit": "1st Brigade",
         "signed_by": "Maj. Koval"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "delivered"
    assert [e["kind"] for e in response.json()["events"]] == ["handed_over"]


def test_list_endpoints_do_not_grow_queries_with_rows(django_assert_max_num_queries):
    for _ in range(5):
        AllocationFactory()
        ShipmentFactory()
    client = client_for(member("coordinator"))
    for url in ("/api/pledges/", "/api/allocations/", "/api/shipments/", "/api/requirements/"):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_plan_runs_are_started_by_coordinators_and_hidden_from_donors(liaison, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    payload = {"start_date": "2024-07-01", "horizon_weeks": 12, "method": "greedy"}
    assert client_for(liaison).post("/api/plan-runs/", payload, format="json").status_code == 403
    response = client_for(member("coordinator")).post("/api/plan-runs/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "queued"
    assert client_for(liaison).get("/api/plan-runs/").json()["results"] == []
