"""List pages: every role sees exactly what the permission rule allows, with filters, search,
sorting, pagination, counts and exports of the filtered list."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.donations.factories import PledgeFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "donations:requirement-list",
    "donations:pledge-list",
    "donations:allocation-list",
    "logistics:shipment-list",
    "logistics:node-list",
    "repairs:order-list",
    "training:session-list",
    "training:request-list",
    "funding:pledge-list",
    "manning:post-list",
    "planning:run-list",
]
ROLES = ["coordinator", "liaison", "planner", "node_operator", "facility_operator", "viewer"]


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("name", LISTS)
def test_list_pages_send_anonymous_visitors_to_sign_in(client, world, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", LISTS)
def test_every_list_page_opens_for_every_role(as_user, name, role):
    response = as_user(role).get(reverse(name))
    assert response.status_code == 200
    assert b"Export the filtered list" in response.content


def test_donor_liaison_lists_only_their_nations_pledges(as_user):
    response = as_user("liaison").get(reverse("donations:pledge-list"))
    assert b"P-DEU-1" in response.content
    assert b"P-POL-1" not in response.content
    assert response.context["total"] == 1


@pytest.mark.parametrize(
    ("name", "own", "other"),
    [
        ("donations:allocation-list", b"P-DEU-1", b"P-POL-1"),
        ("logistics:shipment-list", b"P-DEU-1", b"P-POL-1"),
        ("funding:pledge-list", b"FP-DEU-1", b"FP-POL-1"),
    ],
)
def test_donor_liaison_never_lists_another_nations_records(as_user, name, own, other):
    content = as_user("liaison").get(reverse(name)).content
    assert own in content
    assert other not in content


def test_coordinator_lists_every_nations_pledges(as_user):
    response = as_user("coordinator").get(reverse("donations:pledge-list"))
    assert b"P-DEU-1" in response.content and b"P-POL-1" in response.content
    assert response.context["total"] == 2


def test_node_operator_lists_shipments_through_their_node_only(as_user, world):
    from tests.logistics.factories import NodeFactory, ShipmentFactory

    ShipmentFactory(node=NodeFactory(code="OTHER"), allocation=world.allocation_deu, quantity=1)
    response = as_user("node_operator").get(reverse("logistics:shipment-list"))
    assert response.context["total"] == 2
    assert {row[5]["text"] for row in response.context["rows"]} == {"Rzeszów hub"}
    assert "Node OTHER" not in response.content.decode()  # nor offered as a filter


def test_donor_csv_export_holds_only_their_nations_pledges(as_user):
    response = as_user("liaison").get(reverse("donations:pledge-list") + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0][0] == "Code"
    assert [r[0] for r in rows[1:]] == ["P-DEU-1"]


def test_xlsx_export_is_the_filtered_list_not_the_page(as_user, world):
    for n in range(60):
        PledgeFactory(code=f"P-DEU-X{n:02d}", donor=world.deu, item=world.item,
                      origin=world.depot_deu, status="announced")
    url = reverse("donations:pledge-list") + "?status=announced&q=P-DEU-X&format=xlsx"
    response = as_user("coordinator").get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(codes) == 60  # more than one page of 50
    assert all(code.startswith("P-DEU-X") for code in codes)


def test_exports_keep_formulas_in_user_text_as_text(as_user, world):
    PledgeFactory(code="P-DEU-F", donor=world.deu, item=world.item, origin=world.depot_deu)
    from convoy.catalog.models import Item

    Item.objects.filter(pk=world.item.pk).update(name="=HYPERLINK(\"http://x\")")
    response = as_user("coordinator").get(reverse("donations:pledge-list") + "?format=csv")
    rows = csv_rows(response)
    assert all(not r[2].startswith("=") for r in rows[1:])


def test_search_filters_and_counts(as_user, world):
    client = as_user("coordinator")
    response = client.get(reverse("donations:pledge-list") + "?q=pol")
    assert response.context["total"] == 1
    response = client.get(reverse("donations:pledge-list") + f"?donor={world.deu.pk}")
    assert [row[0]["text"] for row in response.context["rows"]] == ["P-DEU-1"]


def test_sorting_accepts_only_the_columns_offered(as_user):
    client = as_user("coordinator")
    ascending = client.get(reverse("donations:pledge-list") + "?sort=quantity")
    assert [r[3]["text"] for r in ascending.context["rows"]] == ["30", "40"]
    descending = client.get(reverse("donations:pledge-list") + "?sort=-quantity")
    assert [r[3]["text"] for r in descending.context["rows"]] == ["40", "30"]
    # A field that is not a column (or a path into another table) is ignored, not an error.
    for bad in ("donor__memberships__user__password", "notes", "-id;drop"):
        assert client.get(reverse("donations:pledge-list") + f"?sort={bad}").status_code == 200


def test_pagination_shows_counts_and_keeps_filters(as_user, world):
    for n in range(120):
        PledgeFactory(code=f"P-MANY-{n:03d}", donor=world.deu, item=world.item,
                      origin=world.depot_deu)
    response = as_user("liaison").get(reverse("donations:pledge-list") + "?q=P-MANY&page=3")
    assert response.context["total"] == 120
    assert response.context["page"].number == 3
    assert len(response.context["rows"]) == 20
    assert "Showing 101–120 of <strong>120</strong>" in response.content.decode()
    assert "q=P-MANY" in response.content.decode()


def test_user_text_is_escaped_in_lists(as_user, world):
    PledgeFactory(code="P-DEU-XSS", donor=world.deu, item=world.item, origin=world.depot_deu)
    from convoy.catalog.models import Item

    Item.objects.filter(pk=world.item.pk).update(name="<script>alert(1)</script>")
    content = as_user("liaison").get(reverse("donations:pledge-list")).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_not_yet_covered_requests_are_one_filter_away(as_user, world):
    from tests.training.factories import TrainingRequestFactory

    TrainingRequestFactory(code="TR-DONE", recipient=world.ukr, course=world.course,
                           status="covered")
    response = as_user("planner").get(reverse("training:request-list") + "?status=open")
    assert [r[0]["text"] for r in response.context["rows"]] == ["TR-1"]


def test_session_list_shows_seats_left(as_user, world):
    from tests.training.factories import EnrolmentFactory

    EnrolmentFactory(request=world.training_request, session=world.session, crews=2)
    response = as_user("facility_operator").get(reverse("training:session-list"))
    row = response.context["rows"][0]
    assert [row[4]["text"], row[5]["text"]] == ["6", "4"]


def test_a_page_past_the_end_shows_the_last_page(as_user, world):
    for n in range(60):
        PledgeFactory(code=f"P-END-{n:03d}", donor=world.deu, item=world.item,
                      origin=world.depot_deu)
    client = as_user("liaison")
    searched = client.get(reverse("donations:pledge-list") + "?q=END&page=99")
    assert searched.context["page"].number == 2 and len(searched.context["rows"]) == 10
    plain = client.get(reverse("donations:pledge-list") + "?page=99")
    assert plain.context["page"].number == 2


def test_search_over_a_related_table_and_annotated_columns(as_user, world):
    client = as_user("coordinator")
    by_item = client.get(reverse("donations:pledge-list") + "?q=marder")
    assert by_item.context["total"] == 2
    sessions = client.get(reverse("training:session-list") + "?q=Marder crew")
    assert sessions.context["total"] == 1
    assert sessions.context["rows"][0][5]["text"] == "6"  # seats left


def test_csv_export_reads_plain_values_with_choice_labels(as_user, world):
    rows = csv_rows(as_user("coordinator").get(
        reverse("donations:pledge-list") + "?format=csv&sort=code"))
    assert rows[1] == ["P-DEU-1", "Germany", "Marder 1A3", "40", "2024-07-01",
                       "Unterlüß depot", "Donation", "Announced", "2024-06-14"]
    shipments = csv_rows(as_user("coordinator").get(
        reverse("logistics:shipment-list") + "?format=csv&sort=shipment"))
    assert shipments[0][0] == "Shipment"
    assert shipments[1][0] == str(world.shipment_deu.pk)
    allocations = csv_rows(as_user("coordinator").get(
        reverse("donations:allocation-list") + "?format=csv&sort=pledge"))
    assert [r[1] for r in allocations[1:]] == ["P-DEU-1", "P-POL-1"]


@pytest.mark.parametrize("fmt", ["xlsx", "records-xlsx"])
def test_too_large_a_spreadsheet_is_refused_with_a_way_out(as_user, world, monkeypatch, fmt):
    """Either workbook (the list's columns, or every field to import again) is built in memory."""
    from convoy.web import export

    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 1)
    response = as_user("coordinator").get(
        reverse("donations:pledge-list") + f"?status=announced&format={fmt}", follow=True)
    assert response.redirect_chain[-1][0] == "?status=announced"
    assert any("too many for a spreadsheet" in str(m) for m in response.context["messages"])


@pytest.mark.parametrize("url", ["planning:run-list", "donations:pledge-list"])
@pytest.mark.parametrize("language", ["en", "uk"])
def test_each_export_link_has_its_own_accessible_name(as_user, url, language):
    """Two links both read out as "CSV" cannot be told apart by a screen reader: each says
    which file it gives, in the page's language."""
    import re

    html = as_user("coordinator").get(reverse(url), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    names = re.findall(r'<a href="[^"]*format=[^"]*" download aria-label="([^"]+)"', html)
    links = re.findall(r'<a href="[^"]*format=[^"]*" download', html)
    assert len(names) == len(links) >= 2
    assert len(set(names)) == len(names), names
    if language == "uk":
        assert not any("CSV of the filtered list" in n for n in names)
