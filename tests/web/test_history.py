"""A record's history speaks in field labels and linked codes, never ids or raw field names."""

import pytest
from django.urls import reverse

from convoy.core import audit
from convoy.planning.models import PlanRun
from tests.donations.factories import AllocationFactory, PledgeFactory, RequirementFactory

pytestmark = pytest.mark.django_db


def history_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["history"], response.content.decode()


def test_a_related_record_is_shown_by_its_linked_code_under_the_field_label(as_user, world):
    returned = PledgeFactory(code="P-RET-7", donor=world.deu, item=world.item,
                             origin=world.depot_deu)
    audit.record(actor=world.users["coordinator"], action="update", obj=world.repair_order,
                 before={"returned_as_id": None, "status": "in_repair"},
                 after={"returned_as_id": returned.pk, "status": "returned"})
    url = reverse("repairs:order-detail", kwargs={"pk": world.repair_order.pk})
    history, content = history_of(as_user("coordinator"), url)
    changes = {c.label: c for c in history[0].changes}
    assert set(changes) == {"Returned as", "Status"}
    assert changes["Returned as"].before == []
    assert changes["Returned as"].after[0].text == "P-RET-7"
    assert changes["Returned as"].after[0].url == reverse(
        "donations:pledge-detail", kwargs={"pk": returned.pk})
    assert "returned_as_id" not in content
    assert f'<a href="{changes["Returned as"].after[0].url}">P-RET-7</a>' in content


def test_status_values_read_as_their_labels(as_user, world):
    audit.record(actor=world.users["coordinator"], action="update", obj=world.shipment_deu,
                 before={"status": "onward"}, after={"status": "delivered"})
    url = reverse("logistics:shipment-detail", kwargs={"pk": world.shipment_deu.pk})
    history, content = history_of(as_user("coordinator"), url)
    change = history[0].changes[0]
    assert (change.label, change.before[0].text, change.after[0].text) == (
        "Status", "Left node", "Handed over")
    assert "onward → delivered" not in content


def test_a_record_the_reader_may_not_see_is_not_named(as_user, world):
    audit.record(actor=world.users["coordinator"], action="update", obj=world.allocation_deu,
                 before={"pledge_id": world.pledge_pol.pk},
                 after={"pledge_id": world.pledge_deu.pk})
    url = reverse("donations:allocation-detail", kwargs={"pk": world.allocation_deu.pk})
    history, content = history_of(as_user("liaison"), url)  # Germany's liaison
    change = history[0].changes[0]
    assert change.label == "Pledge"
    assert change.before[0].text == "a record you may not see" and change.before[0].url is None
    assert change.after[0].text == "P-DEU-1"
    assert "P-POL-1" not in content


def test_many_to_many_changes_list_each_linked_code(as_user, world):
    audit.record(actor=world.users["coordinator"], action="update", obj=world.coalition,
                 before={"members": []}, after={"members": [world.deu.pk, world.pol.pk]})
    url = reverse("catalog:coalition-detail", kwargs={"pk": world.coalition.pk})
    history, _ = history_of(as_user("coordinator"), url)
    change = history[0].changes[0]
    assert change.label == "Members"
    assert sorted(v.text for v in change.after) == sorted([str(world.deu), str(world.pol)])
    assert all(v.url for v in change.after)


def test_numbers_have_separators_and_years_none(as_user, world):
    audit.record(actor=world.users["coordinator"], action="update", obj=world.fin_deu,
                 before={"first_year": 2025, "amount_eur": "8000000000.00"},
                 after={"first_year": 2026, "amount_eur": "9000000000.00"})
    url = reverse("funding:pledge-detail", kwargs={"pk": world.fin_deu.pk})
    history, _ = history_of(as_user("coordinator"), url)
    texts = {c.label: (c.before[0].text, c.after[0].text) for c in history[0].changes}
    assert ("2025", "2026") in texts.values()
    assert ("8,000,000,000", "9,000,000,000") in texts.values()


def test_an_allocation_is_labelled_by_its_codes(world):
    assert str(world.allocation_deu) == "20 × P-DEU-1 → R-IFV-1"


def test_made_by_a_plan_run_links_the_run_or_says_nothing(as_user, world):
    run = PlanRun.objects.create(start_date="2024-07-01", horizon_weeks=4, status="approved",
                                 scenario={}, fingerprint="x",
                                 started_by=world.users["coordinator"])
    requirement = RequirementFactory(code="R-IFV-2", recipient=world.ukr,
                                     item_group=world.group, destination=world.kyiv)
    planned = AllocationFactory(pledge=world.pledge_deu, requirement=requirement, quantity=5,
                                plan_run=run)
    client = as_user("coordinator")
    fields = {f["label"]: f for f in client.get(reverse(
        "donations:allocation-detail", kwargs={"pk": planned.pk})).context["fields"]}
    assert fields["Made by a plan run"]["url"] == reverse("planning:run-detail",
                                                          kwargs={"pk": run.pk})
    manual = client.get(reverse("donations:allocation-detail",
                                kwargs={"pk": world.allocation_deu.pk})).context["fields"]
    assert "Made by a plan run" not in {f["label"] for f in manual}
    # A donor liaison may not open plan runs: the run is named, not linked.
    donor = as_user("liaison").get(reverse("donations:allocation-detail",
                                           kwargs={"pk": planned.pk})).context["fields"]
    assert {f["label"]: f for f in donor}["Made by a plan run"]["url"] is None


def test_an_empty_related_field_is_no_link(as_user, world):
    fields = as_user("coordinator").get(reverse(
        "repairs:order-detail", kwargs={"pk": world.repair_order.pk})).context["fields"]
    empty = [f for f in fields if not f["text"]]
    assert empty and all(f["url"] is None for f in empty)
