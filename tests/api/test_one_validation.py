"""One validation, wherever the write comes from: each divergence issue 9 found between the pages
and the API is refused the same way through both, and out-of-range input is a 400, never a 500
and never stored."""

import datetime
import json

import pytest
from django.urls import reverse

from convoy.core.models import AuditRecord
from convoy.donations.models import Pledge
from convoy.planning.models import PlanRun
from convoy.training.models import CourseSession

pytestmark = pytest.mark.django_db


def pledge_api(world, **changes):
    return {"donor": "DEU", "item": "marder", "quantity": 3, "available_from": "2030-01-01",
            "origin": "DEPOT-DEU", **changes}


def pledge_page(world, **changes):
    return {"code": "P-PAGE-1", "donor": world.deu.pk, "item": world.item.pk, "quantity": 3,
            "available_from": "2030-01-01", "origin": world.depot_deu.pk,
            "announced_on": world.today.isoformat(), **changes}


def test_a_pledge_whose_donor_is_the_recipient_is_refused_by_api_and_page(world, api_as,
                                                                          client):
    api = api_as("coordinator").post("/api/pledges/", pledge_api(world, donor="UKR"),
                                     format="json")
    assert api.status_code == 400 and "donor" in api.json()
    client.force_login(world.users["coordinator"])
    page = client.post(reverse("donations:pledge-create"), pledge_page(world, donor=world.ukr.pk))
    assert page.status_code == 400 and "donor" in page.context["form"].errors
    assert Pledge.objects.count() == 2


def test_a_pledge_from_another_nations_depot_is_refused_by_api_and_page(world, api_as, client):
    api = api_as("coordinator").post("/api/pledges/", pledge_api(world, origin="DEPOT-POL"),
                                     format="json")
    assert api.status_code == 400 and "origin" in api.json()
    patch = api_as("liaison").patch("/api/pledges/P-DEU-1/", {"origin": "DEPOT-POL"},
                                    format="json")
    assert patch.status_code == 400 and "origin" in patch.json()
    client.force_login(world.users["coordinator"])
    page = client.post(reverse("donations:pledge-create"),
                       pledge_page(world, origin=world.depot_pol.pk))
    assert page.status_code == 400 and "origin" in page.context["form"].errors
    assert Pledge.objects.count() == 2
    world.pledge_deu.refresh_from_db()
    assert world.pledge_deu.origin == world.depot_deu


def test_a_training_requests_recipient_stays_a_recipient_nation_when_patched(world, api_as,
                                                                              client):
    response = api_as("coordinator").patch("/api/training-requests/TR-1/", {"recipient": "POL"},
                                           format="json")
    assert response.status_code == 400 and "recipient" in response.json()
    client.force_login(world.users["planner"])
    page = client.post(reverse("training:request-edit", kwargs={"pk": world.training_request.pk}),
                       {"code": "TR-1", "recipient": world.pol.pk, "recipient_unit": "x",
                        "course": world.course.pk, "crews_needed": 4,
                        "needed_by": world.training_request.needed_by.isoformat()})
    assert page.status_code == 400
    world.training_request.refresh_from_db()
    assert world.training_request.recipient == world.ukr


def test_a_code_is_never_renamed_through_the_api(world, api_as):
    response = api_as("coordinator").patch("/api/pledges/P-DEU-1/",
                                           {"code": "P-202601-POL-9999"}, format="json")
    assert response.status_code == 400 and "code" in response.json()
    assert Pledge.objects.filter(code="P-DEU-1").exists()
    blind = api_as("liaison").patch("/api/pledges/P-DEU-1/", {"code": "P-202601-POL-9999"},
                                    format="json")
    assert blind.status_code == 400 and "code" in blind.json()
    assert not Pledge.objects.filter(code="P-202601-POL-9999").exists()


def test_deeply_nested_json_is_a_400(world, api_as):
    body = "[" * 100_000 + "]" * 100_000
    before = AuditRecord.objects.count()
    response = api_as("coordinator").generic("POST", "/api/pledges/", body,
                                             content_type="application/json")
    assert response.status_code == 400
    nested = {"notes": json.loads("[" * 50 + "]" * 50)}
    response = api_as("liaison").patch("/api/pledges/P-DEU-1/", nested, format="json")
    assert response.status_code == 400 and "notes" in response.json()
    assert AuditRecord.objects.count() == before


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1900-01-01", "2200-06-01"])
def test_far_dates_are_a_400_through_the_api(world, api_as, day):
    coordinator = api_as("coordinator")
    answers = [
        coordinator.post("/api/pledges/", pledge_api(world, available_from=day), format="json"),
        api_as("liaison").post("/api/pledges/P-DEU-1/steps/commit/", {"on": day},
                               format="json"),
        coordinator.post(f"/api/repair-orders/{world.repair_order.code}/steps/receive/",
                         {"on": day}, format="json"),
        coordinator.post("/api/plan-runs/", {"start_date": day, "horizon_weeks": 12,
                                             "method": "greedy"}, format="json"),
        coordinator.post("/api/capacity-exceptions/", {"node": "RZE", "week_start": day,
                                                       "capacity_t": "1"}, format="json"),
    ]
    assert [a.status_code for a in answers] == [400] * len(answers), [a.json() for a in answers]
    assert not PlanRun.objects.exists()
    world.pledge_deu.refresh_from_db()
    assert world.pledge_deu.status == "announced"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_far_dates_on_the_pages_are_never_a_server_error(world, client, day):
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("training:calendar"), {"from": day[:7]}).status_code < 500
    assert client.get(reverse("logistics:node-board", kwargs={"pk": world.node.pk}),
                      {"week": day}).status_code < 500
    receive = client.post(reverse("repairs:order-receive", kwargs={"pk": world.repair_order.pk}),
                          {"on": day})
    assert receive.status_code == 400
    world.repair_order.refresh_from_db()
    assert world.repair_order.status == "requested"


@pytest.mark.parametrize("number", [2**31, 2**63, 10**30, -1])
def test_integers_out_of_range_are_a_400_never_stored(world, api_as, number):
    coordinator = api_as("coordinator")
    run = coordinator.post("/api/plan-runs/", {"start_date": world.today.isoformat(),
                                               "horizon_weeks": number, "method": "greedy"},
                           format="json")
    assert run.status_code == 400 and "horizon_weeks" in run.json()
    seats = coordinator.patch("/api/course-sessions/S-1/", {"seats": number}, format="json")
    assert seats.status_code == 400 and "seats" in seats.json()
    quantity = api_as("liaison").patch("/api/pledges/P-DEU-1/", {"quantity": number},
                                       format="json")
    assert quantity.status_code == 400 and "quantity" in quantity.json()
    assert not PlanRun.objects.exists()
    assert CourseSession.objects.get(code="S-1").seats == 6


def test_an_out_of_range_seat_count_on_the_page_is_refused_at_the_field(world, client):
    client.force_login(world.users["coordinator"])
    url = reverse("training:session-edit", kwargs={"pk": world.session.pk})
    response = client.post(url, {"code": "S-1", "course": world.course.pk,
                                 "facility": world.training_facility.pk,
                                 "start_date": world.session.start_date.isoformat(),
                                 "seats": 2**31})
    assert response.status_code == 400 and "seats" in response.context["form"].errors
    assert datetime.date.today() and CourseSession.objects.get(code="S-1").seats == 6
