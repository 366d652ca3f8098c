"""The review pages: reading trackers and reports, deciding proposals, aliases and mappings."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from convoy.donations.models import Pledge
from convoy.funding.models import FinancialPledge
from convoy.intake.models import ColumnMapping, ItemAlias, Proposal
from tests.core.factories import member
from tests.donations.factories import PledgeFactory
from tests.intake.conftest import FIXTURES

pytestmark = pytest.mark.django_db

ITALY_SENTENCE = ("14.06.2024\nAccording to Stoltenberg, Ukraine would get more air defense "
                  "systems from NATO members, notably Patriots and SAMP/Ts from Italy.")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def proposal(nations, catalogue, **fields):
    values = {"kind": "equipment", "source": "kiel", "source_key": "AUM6|M777 howitzer",
              "donor": nations["AUS"], "donor_text": "Australia", "item_text": "M777 howitzer",
              "item": catalogue["M777"], "quantity": 6, "announced_on": date(2022, 4, 27),
              "source_file": "release7.csv", "source_row": 4, "confidence": 100}
    values.update(fields)
    return Proposal.objects.create(**values)


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def test_tracker_upload_previews_then_reads(coordinator_client, nations, catalogue):
    url = reverse("intake_review:tracker-read")
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(url, {"file": upload(FIXTURES / "pun_excerpt.csv"),
                                             "layout": "preset:pun", "preview": "on"})
    assert response.status_code == 200
    assert "rows 6, proposals 6, donors matched 6, items matched 5, unmatched 1" in (
        response.content.decode())
    assert "PzH 2000 155mm" in response.content.decode()  # listed as unmatched
    assert not Proposal.objects.exists()
    coordinator_client.post(url, {"file": upload(FIXTURES / "pun_excerpt.csv"), "layout": ""})
    assert Proposal.objects.filter(source="pun").count() == 6


def test_unreadable_tracker_is_explained_at_the_file(coordinator_client, nations):
    response = coordinator_client.post(reverse("intake_review:tracker-read"), {
        "file": SimpleUploadedFile("notes.csv", b"a,b\n1,2\n"), "layout": ""})
    assert response.status_code == 400
    assert "notes.csv: its columns fit no preset" in response.content.decode()


def test_pasted_report_shows_each_proposal_beside_its_sentence(coordinator_client, nations,
                                                               catalogue):
    response = coordinator_client.post(reverse("intake_review:report-read"),
                                       {"text": ITALY_SENTENCE})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<mark>SAMP/Ts</mark>" in page and "<mark>Italy</mark>" in page
    made = Proposal.objects.get()
    assert (made.donor.code, made.item.code, made.quantity) == ("ITA", "SAMPT-FU", None)
    assert reverse("intake_review:proposal-detail", kwargs={"pk": made.pk}) in page


def test_report_form_needs_text_or_a_file(coordinator_client, nations):
    response = coordinator_client.post(reverse("intake_review:report-read"), {"text": " "})
    assert response.status_code == 400
    assert "Paste the report" in response.content.decode()


def test_accept_creates_the_pledge_linked_to_its_source(coordinator_client, nations, catalogue,
                                                        depots):
    made = proposal(nations, catalogue, source_url="https://example.org/aum6")
    response = coordinator_client.post(
        reverse("intake_review:proposal-accept", kwargs={"pk": made.pk}), {})
    assert response.status_code == 302
    made.refresh_from_db()
    pledge = made.pledge
    assert made.status == "accepted"
    assert (pledge.donor.code, pledge.item.code, pledge.quantity, pledge.origin.code) == (
        "AUS", "M777", 6, "DEPOT-AUS")
    assert pledge.announced_on == date(2022, 4, 27) and pledge.status == "announced"
    assert "release7.csv, row 4" in pledge.notes
    page = coordinator_client.get(reverse("donations:pledge-detail", kwargs={"pk": pledge.pk}))
    assert reverse("intake_review:proposal-detail", kwargs={"pk": made.pk}) in (
        page.content.decode())


def test_accept_without_quantity_asks_for_it_and_writes_nothing(coordinator_client, nations,
                                                               catalogue, depots):
    made = proposal(nations, catalogue, quantity=None)
    url = reverse("intake_review:proposal-accept", kwargs={"pk": made.pk})
    response = coordinator_client.post(url, {})
    assert response.status_code == 400
    assert "the source gives no quantity" in response.content.decode()
    assert not Pledge.objects.exists()
    coordinator_client.post(url, {"quantity": "2"})
    assert Pledge.objects.get().quantity == 2


def test_accept_financial_proposal_creates_a_financial_pledge(coordinator_client, nations,
                                                              catalogue):
    made = proposal(nations, catalogue, kind="financial", item=None, item_text="",
                    quantity=None, donor=nations["CAN"], donor_text="Canada", amount=500,
                    currency="CAD", value_eur=None, source_key="CAF1")
    url = reverse("intake_review:proposal-accept", kwargs={"pk": made.pk})
    response = coordinator_client.post(url, {})
    assert response.status_code == 400 and "amount in EUR is not known" in (
        response.content.decode())
    coordinator_client.post(url, {"amount_eur": "340"})
    pledge = FinancialPledge.objects.get()
    assert (pledge.donor.code, pledge.amount, pledge.currency, pledge.amount_eur) == (
        "CAN", 500, "CAD", 340)


def test_reject_and_decided_proposals_stay_decided(coordinator_client, nations, catalogue):
    made = proposal(nations, catalogue)
    url = reverse("intake_review:proposal-reject", kwargs={"pk": made.pk})
    coordinator_client.post(url)
    made.refresh_from_db()
    assert made.status == "rejected"
    response = coordinator_client.post(url, follow=True)
    assert "already rejected" in response.content.decode()


def test_merge_into_a_pledge_of_the_same_donor_only(coordinator_client, nations, catalogue):
    made = proposal(nations, catalogue)
    other = PledgeFactory(code="P-DEU-9", donor=nations["DEU"], item=catalogue["M777"])
    same = PledgeFactory(code="P-AUS-1", donor=nations["AUS"], item=catalogue["M777"])
    url = reverse("intake_review:proposal-merge", kwargs={"pk": made.pk})
    response = coordinator_client.post(url, {"pledge": other.code})
    assert response.status_code == 400 and "of another donor" in response.content.decode()
    coordinator_client.post(url, {"pledge": same.code})
    made.refresh_from_db()
    assert (made.status, made.pledge) == ("merged", same)


def test_likely_duplicate_is_pointed_out(coordinator_client, nations, catalogue, coordinator):
    from convoy.intake.tracker_intake import tracker_read
    from convoy.intake.trackers.layouts import PUN

    existing = PledgeFactory(code="P-DEU-3", donor=nations["DEU"],
                             item=catalogue["IRIST-SLM-FU"], quantity=3,
                             announced_on=date(2022, 7, 1))
    tracker_read(actor=coordinator, path=FIXTURES / "pun_excerpt.csv", layout=PUN)
    iris = Proposal.objects.get(item_text="IRIS-T SLM")
    assert iris.possible_duplicate == existing
    page = coordinator_client.get(reverse("intake_review:proposal-detail",
                                          kwargs={"pk": iris.pk})).content.decode()
    assert "Possible duplicate of" in page and "P-DEU-3" in page


def test_list_filters_by_source_donor_and_confidence(coordinator_client, nations, catalogue):
    proposal(nations, catalogue)
    proposal(nations, catalogue, source="pun", source_key="x", donor=nations["DEU"],
             donor_text="de", confidence=40)
    url = reverse("intake_review:proposal-list")
    assert coordinator_client.get(url, {"source": "pun"}).content.decode().count(
        "Proposal ") >= 1
    low = coordinator_client.get(url, {"confidence_at_least": "90"}).content.decode()
    assert "Australia" in low and ">de<" not in low


def test_alias_page_adds_an_alias_for_an_unmatched_name(coordinator_client, nations, catalogue):
    proposal(nations, catalogue, item=None, item_text="Bushmaster PMV")
    url = reverse("intake_review:alias-list")
    assert "Bushmaster PMV" in coordinator_client.get(url).content.decode()
    coordinator_client.post(url, {"text": "Bushmaster PMV", "item": "BMP1"})
    assert ItemAlias.objects.get().text == "bushmaster pmv"
    response = coordinator_client.post(url, {"text": "BUSHMASTER  pmv", "item": "BMP1"})
    assert response.status_code == 400 and "already exists" in response.content.decode()


def test_unseen_layout_mapped_on_the_page_then_read(coordinator_client, nations, catalogue):
    sheet = b"Nation,Weapon,Count\nCZE,BMP-1,4\nITA,SAMP/T fire unit,1\n"
    url = reverse("intake_review:mapping-list")
    shown = coordinator_client.post(url, {
        "name": "ministry sheet", "sample": SimpleUploadedFile("m.csv", sheet),
        "skip_rows": "0", "kind": "equipment", "show": "1"})
    assert "<code>weapon</code>" in shown.content.decode()
    coordinator_client.post(url, {"name": "ministry sheet", "skip_rows": "0",
                                  "kind": "equipment", "col_donor": "Nation",
                                  "col_item": "Weapon", "col_quantity": "Count", "save": "1"})
    assert ColumnMapping.objects.get().spec["columns"]["item"] == "Weapon"
    response = coordinator_client.post(reverse("intake_review:tracker-read"), {
        "file": SimpleUploadedFile("m.csv", sheet), "layout": "saved:ministry sheet"})
    assert ("rows 2, proposals 2, donors matched 2, items matched 2, unmatched 0"
            in response.content.decode())


def test_mapping_without_donor_is_refused_at_the_page(coordinator_client):
    response = coordinator_client.post(reverse("intake_review:mapping-list"), {
        "name": "bad", "skip_rows": "0", "kind": "equipment", "col_item": "Weapon",
        "save": "1"})
    assert response.status_code == 400
    assert "which column holds the donor" in response.content.decode()
    assert not ColumnMapping.objects.exists()


def test_donor_liaison_may_not_read_or_see_proposals(client, nations, catalogue, liaison):
    made = proposal(nations, catalogue)
    client.force_login(liaison)
    assert client.get(reverse("intake_review:tracker-read")).status_code == 403
    assert client.get(reverse("intake_review:report-read")).status_code == 403
    assert client.get(reverse("intake_review:proposal-detail",
                              kwargs={"pk": made.pk})).status_code == 404
    assert client.post(reverse("intake_review:alias-list"),
                       {"text": "x", "item": "BMP1"}).status_code == 403
    assert not ItemAlias.objects.exists()


def test_viewer_sees_proposals_but_cannot_decide(client, nations, catalogue, depots):
    made = proposal(nations, catalogue)
    client.force_login(member("viewer"))
    page = client.get(reverse("intake_review:proposal-detail", kwargs={"pk": made.pk}))
    assert page.status_code == 200 and "proposal-accept" not in page.content.decode()
    response = client.post(reverse("intake_review:proposal-accept", kwargs={"pk": made.pk}))
    assert response.status_code == 403
    assert not Pledge.objects.exists()
