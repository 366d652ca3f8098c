import pytest
from django.urls import reverse

from convoy.catalog.models import Item
from convoy.core.audit import history
from tests.catalog.factories import ItemFactory, ItemGroupFactory

pytestmark = pytest.mark.django_db



@pytest.mark.parametrize("model", ["capabilityarea", "capabilitycoalition", "itemgroup", "item"])
def test_changelists_search_and_filter(admin_client, model):
    ItemFactory(code="leopard", name="Leopard 2A4")
    url = reverse(f"admin:catalog_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "leopard"}).status_code == 200


def test_item_search_finds_by_name(admin_client):
    ItemFactory(code="leopard", name="Leopard 2A4")
    ItemFactory(code="gepard", name="Gepard")
    response = admin_client.get(reverse("admin:catalog_item_changelist"), {"q": "Leopard"})
    assert list(response.context["cl"].result_list) == list(Item.objects.filter(code="leopard"))


def test_item_added_in_the_admin_is_audited(admin_client):
    group = ItemGroupFactory()
    response = admin_client.post(reverse("admin:catalog_item_add"), {
        "code": "m113", "name": "M113", "group": group.pk, "unit_mass_t": "12.3",
    })
    assert response.status_code == 302
    assert history(Item.objects.get(code="m113")).get().summary == "admin"


def test_item_with_zero_mass_is_refused_in_the_admin(admin_client):
    response = admin_client.post(reverse("admin:catalog_item_add"), {
        "code": "m113", "name": "M113", "group": ItemGroupFactory().pk, "unit_mass_t": "0",
    })
    assert response.status_code == 200
    assert not Item.objects.exists()
