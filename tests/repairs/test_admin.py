"""The repairs admin: pages open, the facility rule is checked, steps go through services."""

import datetime

import pytest
from django.urls import reverse

from convoy.core.audit import history
from convoy.repairs.models import RepairOrder
from tests.catalog.factories import ItemFactory
from tests.core.factories import NationFactory
from tests.repairs.factories import RepairFacilityFactory, RepairOrderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["repairfacility", "repairorder"])
def test_repairs_changelist_and_add_pages_open(admin_client, model):
    RepairOrderFactory()
    assert admin_client.get(reverse(f"admin:repairs_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:repairs_{model}_add")).status_code == 200


def _order_form(item, facility, recipient):
    return {"code": "RO-ADMIN", "recipient": recipient.pk, "item": item.pk, "quantity": "2",
            "serial_numbers": "", "facility": facility.pk, "requested_on": "2024-07-01"}


def test_admin_refuses_an_order_at_a_facility_that_does_not_repair_the_item(admin_client):
    item, recipient = ItemFactory(), NationFactory(code="UKR", kind="recipient")
    facility = RepairFacilityFactory(item_groups=[ItemFactory().group])
    response = admin_client.post(reverse("admin:repairs_repairorder_add"),
                                 _order_form(item, facility, recipient))
    assert response.status_code == 200
    assert "does not repair" in response.content.decode()
    assert not RepairOrder.objects.exists()


def test_admin_adds_an_audited_order_at_a_facility_that_repairs_the_item(admin_client):
    item, recipient = ItemFactory(), NationFactory(code="UKR", kind="recipient")
    facility = RepairFacilityFactory(item_groups=[item.group])
    response = admin_client.post(reverse("admin:repairs_repairorder_add"),
                                 _order_form(item, facility, recipient))
    assert response.status_code == 302
    order = RepairOrder.objects.get()
    assert history(order).get().actor == admin_client.user


def test_receive_action_goes_through_the_service(admin_client):
    item = ItemFactory()
    order = RepairOrderFactory(item=item, facility=RepairFacilityFactory(item_groups=[item.group]),
                               requested_on=datetime.date(2024, 7, 1))
    admin_client.post(reverse("admin:repairs_repairorder_changelist"),
                      {"action": "repair_order_receive", "_selected_action": [order.pk]})
    order.refresh_from_db()
    assert order.status == RepairOrder.Status.RECEIVED
    assert history(order).filter(actor=admin_client.user, action="update").exists()


def test_return_action_refused_for_an_order_not_in_repair(admin_client):
    order = RepairOrderFactory()
    response = admin_client.post(
        reverse("admin:repairs_repairorder_changelist"),
        {"action": "repair_order_return", "_selected_action": [order.pk]}, follow=True)
    assert "cannot go from" in response.content.decode()
    order.refresh_from_db()
    assert order.status == RepairOrder.Status.REQUESTED
