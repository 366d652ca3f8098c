"""The logistics admin: pages open, inline rows are audited, lifecycle steps go through services."""

import datetime

import pytest
from django.urls import reverse

from convoy.core.audit import history
from convoy.logistics.models import CapacityException, Node, Shipment
from tests.core.factories import OrganisationFactory
from tests.logistics.factories import NodeFactory, ShipmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["location", "node", "capacityexception", "lane", "shipment", "trackingevent",
              "handover", "discrepancy"]
)
def test_every_logistics_changelist_opens(admin_client, model):
    ShipmentFactory()
    assert admin_client.get(reverse(f"admin:logistics_{model}_changelist")).status_code == 200


def test_shipment_page_shows_its_tracking_events_read_only(admin_client):
    shipment = ShipmentFactory()
    shipment.events.create(kind="dispatched", at=datetime.datetime(2024, 7, 1, tzinfo=datetime.UTC))
    response = admin_client.get(reverse("admin:logistics_shipment_change", args=[shipment.pk]))
    assert response.status_code == 200
    assert "Dispatched from origin" in response.content.decode()
    # Shipments are planned by shipment_plan, which checks the lanes; the admin offers no "add".
    changelist = admin_client.get(reverse("admin:logistics_shipment_changelist"))
    assert reverse("admin:logistics_shipment_add") not in changelist.content.decode()


def test_dispatch_action_goes_through_the_service(admin_client):
    shipment = ShipmentFactory()
    response = admin_client.post(
        reverse("admin:logistics_shipment_changelist"),
        {"action": "shipment_dispatch", "_selected_action": [shipment.pk]},
    )
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT
    assert shipment.events.get().recorded_by == admin_client.user
    assert history(shipment).filter(action="update", actor=admin_client.user).exists()


def test_refused_action_step_is_reported_not_taken(admin_client):
    shipment = ShipmentFactory()
    response = admin_client.post(
        reverse("admin:logistics_shipment_changelist"),
        {"action": "shipment_record_arrival", "_selected_action": [shipment.pk]},
        follow=True,
    )
    assert "cannot go from" in response.content.decode()
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.PLANNED


def _node_form(node, **extra):
    data = {
        "code": node.code, "name": node.name, "nation": node.nation_id, "place": "",
        "operator": node.operator_id, "capacity_t_per_week": "1000",
        "lanes-TOTAL_FORMS": "0", "lanes-INITIAL_FORMS": "0",
        "capacity_exceptions-TOTAL_FORMS": "1", "capacity_exceptions-INITIAL_FORMS": "0",
        "capacity_exceptions-0-week_start": "2024-07-08",
        "capacity_exceptions-0-capacity_t": "300",
        "capacity_exceptions-0-reason": "bridge repair",
    }
    data.update(extra)
    return data


def test_capacity_exception_added_inline_is_audited(admin_client):
    node = NodeFactory(operator=OrganisationFactory())
    response = admin_client.post(reverse("admin:logistics_node_change", args=[node.pk]),
                                 _node_form(node))
    assert response.status_code == 302, response.content.decode()[:2000]
    exception = CapacityException.objects.get(node=node)
    assert history(exception).get().actor == admin_client.user


def test_capacity_exception_inline_refuses_a_week_not_starting_on_monday(admin_client):
    node = NodeFactory()
    response = admin_client.post(
        reverse("admin:logistics_node_change", args=[node.pk]),
        _node_form(node, **{"capacity_exceptions-0-week_start": "2024-07-09"}),
    )
    assert response.status_code == 200
    assert "starts on a Monday" in response.content.decode()
    assert not CapacityException.objects.exists()
    assert Node.objects.get(pk=node.pk).capacity_t_per_week == 1000


def _discrepancy():
    from convoy.logistics.services import shipment_hand_over
    from tests.core.factories import member

    shipment = ShipmentFactory(status="onward", allocation__quantity=10)
    shipment_hand_over(actor=member("recipient_planner"), shipment=shipment, received_quantity=8,
                       receiving_unit="Unit", signed_by="Someone", short_reason="lost",
                       rest="discrepancy")
    return shipment.discrepancies.get()


def test_discrepancy_resolve_action_takes_the_note_from_the_action_bar(admin_client):
    discrepancy = _discrepancy()
    changelist = reverse("admin:logistics_discrepancy_changelist")
    page = admin_client.post(changelist, {"action": "discrepancy_resolve",
                                          "_selected_action": [discrepancy.pk]}, follow=True)
    assert any("how it was resolved" in str(m) for m in page.context["messages"])
    discrepancy.refresh_from_db()
    assert discrepancy.status == "open"
    admin_client.post(changelist, {"action": "discrepancy_resolve",
                                   "_selected_action": [discrepancy.pk],
                                   "reason": "Found at the destination depot."})
    discrepancy.refresh_from_db()
    assert (discrepancy.status, discrepancy.resolution_note) == (
        "resolved", "Found at the destination depot.")
    assert history(discrepancy).filter(action="update").get().source == "admin"
