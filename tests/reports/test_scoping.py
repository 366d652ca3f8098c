"""Filters offer only what the user can see, and say when a filter asks for private records."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def donor_choices(response):
    return [str(n) for n in response.context["filterset"].form.fields["donor"].queryset]


@pytest.mark.parametrize("url", ["donations:pledge-list", "donations:allocation-list",
                                 "logistics:shipment-list", "funding:pledge-list"])
def test_a_donor_liaisons_nation_filter_lists_its_own_nation(as_user, world, url):
    assert donor_choices(as_user("liaison").get(reverse(url))) == [str(world.deu)]
    assert str(world.pol) in donor_choices(as_user("coordinator").get(reverse(url)))


def test_a_node_operator_filters_shipments_by_every_donor(as_user, world):
    choices = donor_choices(as_user("node_operator").get(reverse("logistics:shipment-list")))
    assert str(world.deu) in choices and str(world.pol) in choices


def test_filtering_on_another_nation_says_its_records_are_private(as_user, world):
    response = as_user("liaison").get(
        reverse("donations:pledge-list") + f"?donor={world.pol.pk}")
    assert response.status_code == 200
    assert response.context["rows"] == []
    content = response.content.decode()
    assert "The pledges of Poland are private to Poland" in content
    assert "No records match." not in content


def test_filtering_on_another_nodes_shipments_is_outside_the_scope(as_user, world):
    from tests.logistics.factories import NodeFactory

    other = NodeFactory(name="Košice hub")
    response = as_user("node_operator").get(
        reverse("logistics:shipment-list") + f"?node={other.pk}")
    assert response.context["rows"] == []
    assert "outside your role&#x27;s scope" in response.content.decode()


def test_a_search_with_no_visible_match_says_others_records_are_private(as_user, world):
    response = as_user("liaison").get(reverse("donations:pledge-list") + "?q=P-POL-1")
    assert response.context["total"] == 0
    assert "No pledges you may see match" in response.content.decode()
    # Someone who sees everything is told plainly that nothing matches.
    response = as_user("coordinator").get(reverse("donations:pledge-list") + "?q=nothing-such")
    assert "No records match." in response.content.decode()
