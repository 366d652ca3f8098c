import pytest

from convoy.catalog import selectors
from tests.catalog.factories import ItemFactory, ItemGroupFactory
from tests.core.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def test_every_role_reads_the_catalog_and_searches_items():
    tanks = ItemGroupFactory(code="mbt")
    leopard = ItemFactory(code="leopard-2a4", name="Leopard 2A4", group=tanks,
                          nato_stock_number="2350-12-345-6789")
    ItemFactory(code="gepard", name="Gepard")
    liaison = member("donor_liaison")
    assert list(selectors.items_for(liaison, search="leopard")) == [leopard]
    assert list(selectors.items_for(liaison, search="2350-12")) == [leopard]
    assert list(selectors.items_for(liaison, group=tanks)) == [leopard]
    assert selectors.item_groups_for(liaison).count() == 2


def test_user_without_membership_reads_no_catalog():
    ItemFactory()
    assert not selectors.items_for(UserFactory()).exists()
