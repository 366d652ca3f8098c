"""One search across every record type, through the permission rule."""

import pytest
from django.urls import reverse

from tests.catalog.factories import ItemFactory
from tests.donations.factories import AllocationFactory, PledgeFactory
from tests.logistics.factories import ShipmentFactory

pytestmark = pytest.mark.django_db


def groups(response):
    return {g.title: [text for text, _ in g.hits] for g in response.context["groups"]}


def test_search_finds_codes_items_and_nations_grouped_by_type(as_user, world):
    response = as_user("coordinator").get(reverse("search") + "?q=marder")
    found = groups(response)
    assert found["Pledges"] == ["P-DEU-1: 40 × Marder 1A3 from Germany",
                                "P-POL-1: 30 × Marder 1A3 from Poland"]
    assert len(found["Shipments"]) == 2
    assert found["Items"] == ["Marder 1A3 (Infantry fighting vehicles)"]
    assert found["Courses"] == ["Marder crew course"]
    assert groups(as_user("coordinator").get(reverse("search") + "?q=Poland"))["Nations"] == [
        "Poland (POL)"]


def test_every_hit_links_to_its_page(as_user, world):
    response = as_user("coordinator").get(reverse("search") + "?q=P-DEU-1")
    pledge_hits = next(g for g in response.context["groups"] if g.title == "Pledges").hits
    url = reverse("donations:pledge-detail", kwargs={"pk": world.pledge_deu.pk})
    assert pledge_hits == [("P-DEU-1: 40 × Marder 1A3 from Germany", url)]
    assert url in response.content.decode()
    for group in response.context["groups"]:
        assert all(link for _, link in group.hits), group.title


def test_search_shows_only_what_the_user_may_see(as_user, world):
    found = groups(as_user("liaison").get(reverse("search") + "?q=P-POL"))
    assert "Pledges" not in found
    found = groups(as_user("liaison").get(reverse("search") + "?q=Marder"))
    assert found["Pledges"] == ["P-DEU-1: 40 × Marder 1A3 from Germany"]
    assert found["Shipments"] == [f"Shipment {world.shipment_deu.pk}: 20 × Marder 1A3 "
                                  "through Rzeszów hub"]


def test_a_shipment_is_found_by_its_number(as_user, world):
    found = groups(as_user("coordinator").get(
        reverse("search") + f"?q=Shipment {world.shipment_pol.pk}"))
    assert found["Shipments"][0].startswith(f"Shipment {world.shipment_pol.pk}:")


def test_a_search_of_one_letter_or_nothing_asks_for_more(as_user, world):
    response = as_user("coordinator").get(reverse("search") + "?q=M")
    assert response.context["groups"] == [] and response.context["too_short"]
    assert as_user("coordinator").get(reverse("search")).status_code == 200


def test_the_header_has_one_search_box_with_a_hint_in_words(as_user, world):
    content = as_user("planner").get(reverse("donations:requirement-list")).content.decode()
    assert f'action="{reverse("search")}"' in content
    assert 'placeholder="Code, name, item or nation"' in content


def test_shipment_list_search_finds_shipments_by_the_pledges_item(as_user, world):
    leopard = ItemFactory(code="leo2a6", name="Leopard 2A6", group=world.group)
    pledge = PledgeFactory(code="P-DEU-LEO", donor=world.deu, item=leopard, quantity=4,
                           origin=world.depot_deu)
    shipment = ShipmentFactory(allocation=AllocationFactory(
        pledge=pledge, requirement=world.requirement, quantity=4), node=world.node)
    response = as_user("coordinator").get(reverse("logistics:shipment-list") + "?q=Leopard")
    assert [r[0]["text"] for r in response.context["rows"]] == [f"Shipment {shipment.pk}"]
    assert "Pledge or requirement code, item, node or donor" in response.content.decode()


def test_pledge_list_search_finds_the_donor_nation(as_user, world):
    response = as_user("coordinator").get(reverse("donations:pledge-list") + "?q=Poland")
    assert [r[0]["text"] for r in response.context["rows"]] == ["P-POL-1"]


@pytest.mark.parametrize("text", ["%00Marder", "x" * 5000, "%27%22%3C%3E;--", "%F0%9F%9A%80"])
def test_hostile_search_text_is_answered_not_an_error(as_user, world, text):
    assert as_user("liaison").get(reverse("search") + f"?q={text}").status_code == 200
