"""The operating picture (at /picture/; coordinators and viewers start on it): its charts."""

import pytest
from django.urls import reverse

from tests.web.test_lists import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_home_shows_every_chart_for_every_role(as_user, role, django_assert_max_num_queries):
    client = as_user(role)
    with django_assert_max_num_queries(32):  # 31, and the header's unread-notice count
        response = client.get(reverse("picture"))
    assert response.status_code == 200
    content = response.content.decode()
    for title in (
        "Required, pledged and delivered by capability area",
        "Unmet requirements by priority",
        "by status, by month announced",
        "This week&#x27;s load on each logistics node",
        "Training pipeline by course",
        "Financial pledges and disbursements against the yearly baseline",
        "Manning: posts filled by branch",
    ):
        assert title in content, title
    assert content.count('role="img"') >= 7


def test_home_shows_who_is_signed_in(as_user):
    content = as_user("liaison").get(reverse("picture")).content.decode()
    assert "liaison_deu" in content
    assert "Donor liaison, German MoD" in content


def test_donor_home_shows_their_nations_part_beside_the_whole(as_user):
    response = as_user("liaison").get(reverse("picture"))
    content = response.content.decode()
    assert response.context["partial"] is True
    assert "Pledged by your nation" in content
    assert "Your nation&#x27;s pledges by status" in content
    # Aggregates cover both donors (40 + 30 units), the own part only Germany's 40.
    areas = response.context["areas"]
    row = areas.rows[0]
    assert row[2] == "70" and row[4] == "40"
    assert "P-POL-1" not in content


def test_coordinator_home_has_no_own_part(as_user):
    response = as_user("coordinator").get(reverse("picture"))
    assert response.context["partial"] is False
    assert "Pledged by your nation" not in response.content.decode()


def test_top_unmet_requirements_link_to_their_pages(as_user, world):
    response = as_user("planner").get(reverse("picture"))
    top = response.context["unmet_top"]
    assert [r.code for r in top] == ["R-IFV-1"]
    assert top[0].left == 70  # 100 required, 20 + 10 allocated
    url = reverse("donations:requirement-detail", kwargs={"pk": world.requirement.pk})
    assert url in response.content.decode()


def test_node_load_chart_compares_load_with_capacity(as_user, world):
    import datetime

    from convoy.logistics.models import Shipment

    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday())
    Shipment.objects.filter(pk=world.shipment_deu.pk).update(
        planned_departure=monday, planned_arrival=monday + datetime.timedelta(days=7))
    chart = as_user("node_operator").get(reverse("picture")).context["nodes"]
    # 20 Marders of 30 t leave Rzeszów this week: 600 t against 500 t capacity.
    assert chart.rows == [["Rzeszów hub", "600", "500"]]
    assert 'class="over"' in chart.svg


def test_stylesheet_and_htmx_are_served_from_installed_packages():
    from django.contrib.staticfiles import finders

    assert finders.find("convoy/convoy.css")
    assert finders.find("django_htmx/htmx-2.min.js")


def test_plan_runs_are_in_the_menu_only_for_roles_that_see_them(as_user):
    assert "Plan runs" in as_user("coordinator").get(reverse("picture")).content.decode()
    assert "Plan runs" not in as_user("liaison").get(reverse("picture")).content.decode()


def test_home_picture_is_reused_until_the_record_changes(as_user, world,
                                                         django_assert_max_num_queries):
    from convoy.donations.services import pledge_commit

    client = as_user("liaison")
    first = client.get(reverse("picture"))
    # session, user, memberships, version, scope, the header's unread-notice count
    with django_assert_max_num_queries(10):
        again = client.get(reverse("picture"))
    assert again.context["headline"] == first.context["headline"]
    pledge_commit(actor=world.users["liaison"], pledge=world.pledge_deu)
    after = client.get(reverse("picture"))
    assert after.context["as_of"] > first.context["as_of"]
    # The liaison of another nation never gets Germany's own part from the shared cache.
    other = as_user("liaison_pol").get(reverse("picture"))
    assert other.context["areas"].rows[0][4] == "30"
