"""Each role starts where its work is."""

import pytest
from django.urls import reverse

from convoy.donations.models import Pledge
from convoy.logistics.models import Shipment
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def sections(response):
    return [s.title for s in response.context["sections"]]


def test_coordinator_and_viewer_start_on_the_operating_picture(as_user):
    for role in ("coordinator", "viewer"):
        response = as_user(role).get(reverse("home"))
        assert response.status_code == 200
        assert response.context["title"] == "Common operating picture"
        assert "attention_panel" in response.context, role


def test_node_operator_starts_on_its_nodes_week(as_user, world):
    Shipment.objects.filter(pk=world.shipment_deu.pk).update(status="at_node")
    response = as_user("node_operator").get(reverse("home"))
    assert sections(response) == ["Rzeszów hub this week"]
    tables = {t.title: t for t in response.context["sections"][0].tables}
    assert [s.pk for s in tables["At the node"].records] == [world.shipment_deu.pk]
    board = reverse("logistics:node-board", kwargs={"pk": world.node.pk})
    assert board in response.content.decode()


def test_facility_operator_starts_on_its_calendar_and_orders(as_user, world):
    response = as_user("facility_operator").get(reverse("home"))
    assert sections(response) == ["Training calendar", "Repair orders"]
    calendar, orders = response.context["sections"]
    assert [slot.session.code for slot in calendar.tables[0].records] == ["S-1"]
    assert [o.code for o in orders.tables[0].records] == ["RO-1"]
    assert reverse("training:calendar") in response.content.decode()


def test_donor_liaison_starts_on_its_nations_pledges_awaiting_commitment(as_user, world):
    response = as_user("liaison").get(reverse("home"))
    assert sections(response) == ["Your nation's pledges awaiting commitment"]
    assert [p.code for p in response.context["sections"][0].tables[0].records] == ["P-DEU-1"]
    assert "P-POL-1" not in response.content.decode()
    Pledge.objects.filter(pk=world.pledge_deu.pk).update(status="committed",
                                                         committed_on="2024-07-01")
    response = as_user("liaison").get(reverse("home"))
    assert response.context["sections"][0].tables[0].records == []


def test_recipient_planner_starts_on_unmet_requirements_and_arrivals(as_user, world):
    Shipment.objects.filter(pk=world.shipment_deu.pk).update(status="onward")
    response = as_user("planner").get(reverse("home"))
    assert sections(response) == ["Unmet requirements", "Arrivals"]
    unmet, arrivals = (s.tables[0] for s in response.context["sections"])
    assert [r.code for r in unmet.records] == ["R-IFV-1"]
    assert unmet.rows[0][3]["text"] == "70"  # 100 required, 30 allocated
    assert [s.pk for s in arrivals.records] == [world.shipment_deu.pk]


def test_every_role_reaches_the_operating_picture_from_its_start(as_user):
    for role in ("node_operator", "facility_operator", "liaison", "planner"):
        response = as_user(role).get(reverse("home"))
        assert reverse("picture") in response.content.decode(), role
        assert as_user(role).get(reverse("picture")).status_code == 200


def test_a_user_without_a_role_sees_the_picture_without_records(client, world):
    client.force_login(UserFactory(username="nobody"))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["attention_panel"] == []


def test_start_page_needs_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
