"""A write names what it cannot take: unknown and read-only fields are a 400 naming them, and a
write that changes nothing leaves the record and the audit trail as they were."""

import pytest

from convoy.core.models import AuditRecord
from convoy.donations.models import Pledge

pytestmark = pytest.mark.django_db


def pledge_payload(world, **changes):
    return {"donor": "DEU", "item": world.item.code, "quantity": 5,
            "available_from": "2030-01-01", "origin": world.depot_deu.code, **changes}


def test_an_unknown_field_in_a_create_is_400_naming_it_and_nothing_is_written(world, api_as):
    before = AuditRecord.objects.count()
    response = api_as("liaison").post("/api/pledges/", pledge_payload(world, colour="green"),
                                      format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["colour"]
    assert "quantity" in response.json()["colour"][0]  # it says which fields the write takes
    assert Pledge.objects.count() == 2
    assert AuditRecord.objects.count() == before


@pytest.mark.parametrize("field", ["status", "committed_on", "source"])
def test_a_read_only_field_in_a_change_is_400_naming_it(world, api_as, field):
    value = {"status": "delivered", "committed_on": "2026-01-01", "source": "import"}[field]
    response = api_as("liaison").patch("/api/pledges/P-DEU-1/", {field: value}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {field}
    assert "read-only" in response.json()[field][0]
    world.pledge_deu.refresh_from_db()
    assert world.pledge_deu.status == "announced"


def test_an_unknown_parameter_of_a_step_is_400(world, api_as):
    response = api_as("liaison").post("/api/pledges/P-DEU-1/steps/commit/",
                                      {"on": None, "when": "now"}, format="json")
    assert response.status_code == 400
    assert "when" in response.json()
    world.pledge_deu.refresh_from_db()
    assert world.pledge_deu.status == "announced"


def test_a_change_that_changes_nothing_leaves_no_audit_record(world, api_as):
    before = AuditRecord.objects.count()
    response = api_as("liaison").patch("/api/pledges/P-DEU-1/",
                                       {"quantity": world.pledge_deu.quantity}, format="json")
    assert response.status_code == 200, response.json()
    empty = api_as("liaison").patch("/api/pledges/P-DEU-1/", {}, format="json")
    assert empty.status_code == 200
    assert AuditRecord.objects.count() == before


def test_a_real_change_is_audited_once(world, api_as):
    before = AuditRecord.objects.count()
    response = api_as("liaison").patch("/api/pledges/P-DEU-1/", {"quantity": 35}, format="json")
    assert response.status_code == 200, response.json()
    assert AuditRecord.objects.count() == before + 1


def test_a_list_body_instead_of_an_object_is_400(world, api_as):
    response = api_as("liaison").post("/api/pledges/", [pledge_payload(world)], format="json")
    assert response.status_code == 400
