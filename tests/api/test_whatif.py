"""What-if runs through the API: started with their changes, refused with field errors, never
approved."""

import pytest
from rest_framework.test import APIClient

from convoy.planning.models import PlanRun
from tests.core.factories import member
from tests.planning.conftest import START, example_world  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def payload(*changes):
    return {"start_date": START.isoformat(), "horizon_weeks": 26, "time_limit_s": 30,
            "changes": list(changes)}


def test_a_coordinator_starts_a_what_if_run(example_world, settings):  # noqa: F811
    settings.TASKS = DUMMY
    change = {"kind": "leave_out_donor", "donor": "DEU"}
    response = client_for(example_world["coordinator"]).post(
        "/api/plan-runs/", payload(change), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["changes"] == [change]
    assert PlanRun.objects.get().scenario["pledges"] == []


def test_bad_changes_answer_400_naming_the_change(example_world, settings):  # noqa: F811
    settings.TASKS = DUMMY
    response = client_for(example_world["coordinator"]).post(
        "/api/plan-runs/", payload({"kind": "node_capacity", "node": "node-pl-1",
                                    "capacity_t": 10, "to_week": 99}), format="json")
    assert response.status_code == 400
    [message] = response.json()["changes"]
    assert "Change 1" in message and "to_week" in message and "outside the horizon" in message
    assert not PlanRun.objects.exists()


def test_others_may_not_start_one(example_world, settings):  # noqa: F811
    settings.TASKS = DUMMY
    response = client_for(member("viewer")).post(
        "/api/plan-runs/", payload({"kind": "leave_out_donor", "donor": "DEU"}), format="json")
    assert response.status_code == 403
    assert not PlanRun.objects.exists()


def test_a_what_if_run_is_not_approved_through_the_api(example_world, settings,  # noqa: F811
                                                        django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    client = client_for(example_world["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        run = client.post("/api/plan-runs/", payload(
            {"kind": "requirement", "requirement": "R-1", "priority": 2}), format="json").json()
    assert PlanRun.objects.get().status == "succeeded"
    response = client.post(f"/api/plan-runs/{run['id']}/steps/approve/", {}, format="json")
    assert response.status_code == 400
    assert "can never be approved" in response.json()["changes"][0]
    assert PlanRun.objects.get().status == "succeeded"


def test_two_runs_compared_through_the_api(example_world, settings,  # noqa: F811
                                           django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    client = client_for(example_world["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        ordinary = client.post("/api/plan-runs/", payload(), format="json").json()
        what_if = client.post("/api/plan-runs/", payload(
            {"kind": "leave_out_donor", "donor": "DEU"}), format="json").json()
    response = client.get(f"/api/plan-runs/{ordinary['id']}/compare/{what_if['id']}/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["runs"] == [ordinary["id"], what_if["id"]]
    assert body["what_if"] == [[], [{"kind": "leave_out_donor", "donor": "DEU"}]]
    assert body["objective"][1] == 0
    assert {r["requirement"] for r in body["requirements"]} == {"R-1", "R-2"}
    assert client.get(f"/api/plan-runs/{ordinary['id']}/compare/999999/").status_code == 404
    liaison = client_for(member("donor_liaison"))
    assert liaison.get(
        f"/api/plan-runs/{ordinary['id']}/compare/{what_if['id']}/").status_code == 404


def test_the_comparison_is_in_the_schema():
    import yaml

    response = client_for(member("viewer")).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    schema = yaml.safe_load(response.content)
    assert "/api/plan-runs/{id}/compare/{other}/" in schema["paths"]
    changes = schema["components"]["schemas"]["PlanRun"]["properties"]["changes"]
    assert "node_capacity" in changes["description"]
