"""Lifecycle steps through the API agree with the pages: `on=` back-dates within the rules, a
cancellation needs its `reason=`, short handovers and partial returns say why, and a step not
allowed now is refused naming the field."""

import datetime

import pytest
from rest_framework.test import APIClient

from convoy.core.audit import history
from convoy.logistics.models import Discrepancy
from tests.core.factories import NationFactory, OrganisationFactory, member
from tests.donations.factories import PledgeFactory
from tests.logistics.factories import NodeFactory, ShipmentFactory
from tests.repairs.factories import RepairFacilityFactory, RepairOrderFactory
from tests.training.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def deu():
    return NationFactory(code="DEU", name="Germany")


@pytest.fixture
def liaison(deu):
    return member("donor_liaison", OrganisationFactory(nation=deu))


def test_a_step_is_back_dated_with_on(deu, liaison):
    pledge = PledgeFactory(donor=deu)
    day = TODAY - datetime.timedelta(days=10)
    response = client_for(liaison).post(f"/api/pledges/{pledge.code}/steps/commit/",
                                        {"on": day.isoformat()}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["committed_on"] == day.isoformat()


def test_a_step_in_the_future_is_refused_naming_on(deu, liaison):
    pledge = PledgeFactory(donor=deu)
    response = client_for(liaison).post(
        f"/api/pledges/{pledge.code}/steps/commit/",
        {"on": (TODAY + datetime.timedelta(days=1)).isoformat()}, format="json")
    assert response.status_code == 400
    assert "in the future" in response.json()["on"][0]
    pledge.refresh_from_db()
    assert pledge.status == "announced"


def test_a_cancellation_needs_a_reason_which_the_history_keeps(deu, liaison):
    pledge = PledgeFactory(donor=deu)
    client = client_for(liaison)
    refused = client.post(f"/api/pledges/{pledge.code}/steps/cancel/", {}, format="json")
    assert refused.status_code == 400
    assert "give a reason" in refused.json()["reason"][0]
    done = client.post(f"/api/pledges/{pledge.code}/steps/cancel/",
                       {"reason": "Budget withdrawn by parliament."}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "cancelled"
    assert "Budget withdrawn by parliament." in history(pledge).first().summary


def test_a_shipment_cancellation_without_reason_is_refused():
    shipment = ShipmentFactory()
    response = client_for(member("coordinator")).post(
        f"/api/shipments/{shipment.pk}/steps/cancel/", {"reason": ""}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    shipment.refresh_from_db()
    assert shipment.status == "planned"


def test_mark_trained_before_the_session_ends_is_refused_naming_on():
    enrolment = EnrolmentFactory(session__start_date=TODAY)
    operator = member("facility_operator", enrolment.session.facility.operator)
    response = client_for(operator).post(f"/api/enrolments/{enrolment.pk}/steps/mark_trained/",
                                         {}, format="json")
    assert response.status_code == 400
    assert str(enrolment.session.end_date) in response.json()["on"][0]


def test_a_short_handover_and_its_discrepancy_through_the_api():
    node = NodeFactory(operator=OrganisationFactory())
    shipment = ShipmentFactory(status="onward", node=node, allocation__quantity=49)
    planner = client_for(member("recipient_planner"))
    url = f"/api/shipments/{shipment.pk}/steps/hand_over/"
    body = {"received_quantity": 47, "receiving_unit": "1st Brigade", "signed_by": "Maj. Koval"}
    refused = planner.post(url, body, format="json")
    assert refused.status_code == 400
    assert {"short_reason", "rest"} <= set(refused.json())
    done = planner.post(url, {**body, "short_reason": "damaged", "rest": "discrepancy"},
                        format="json")
    assert done.status_code == 200, done.json()
    listed = client_for(member("coordinator")).get("/api/discrepancies/?status=open").json()
    assert [(d["shipment"], d["quantity"], d["reason"]) for d in listed["results"]] == [
        (shipment.pk, 2, "damaged")]
    discrepancy = Discrepancy.objects.get()
    resolve = f"/api/discrepancies/{discrepancy.pk}/steps/resolve/"
    assert client_for(member("viewer")).post(resolve, {"note": "x"}, format="json"
                                             ).status_code == 403
    operator = client_for(member("node_operator", node.operator))
    assert "note" in operator.post(resolve, {}, format="json").json()
    resolved = operator.post(resolve, {"note": "Replaced by the donor."}, format="json")
    assert resolved.status_code == 200, resolved.json()
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["resolution_note"] == "Replaced by the donor."


def test_a_partial_repair_return_through_the_api():
    facility = RepairFacilityFactory()
    order = RepairOrderFactory(facility=facility, quantity=4, status="in_repair",
                               requested_on=datetime.date(2024, 7, 1),
                               received_on=datetime.date(2024, 7, 8),
                               repair_started_on=datetime.date(2024, 7, 8))
    client = client_for(member("facility_operator", facility.operator))
    url = f"/api/repair-orders/{order.code}/steps/return/"
    refused = client.post(url, {"returned_quantity": 3}, format="json")
    assert refused.status_code == 400
    assert "short_reason" in refused.json()
    done = client.post(url, {"returned_quantity": 3, "short_reason": "parts",
                             "rest": "in_repair", "on": "2024-08-05"}, format="json")
    assert done.status_code == 200, done.json()
    body = done.json()
    assert (body["status"], body["returned_quantity"], body["short_reason"]) == (
        "returned", 3, "parts")
    rest = client.get(f"/api/repair-orders/{order.code}-REST/").json()
    assert (rest["quantity"], rest["status"], rest["follow_up_of"]) == (1, "in_repair", order.code)
