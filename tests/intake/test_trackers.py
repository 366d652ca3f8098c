"""Public trackers become proposals: presets, both Kiel spellings, mappings, names, re-reading."""

import csv
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from convoy.core.models import AuditRecord
from convoy.intake.models import Proposal
from convoy.intake.proposal_services import alias_create
from convoy.intake.tracker_intake import layout_for, recognised_layout, tracker_read
from convoy.intake.trackers.layouts import KIEL, PUN, MappingError, layout_from_mapping
from convoy.intake.trackers.tables import TrackerFileError
from tests.intake.conftest import FIXTURES

KIEL_CSV = FIXTURES / "kiel_release7_excerpt.csv"
PUN_CSV = FIXTURES / "pun_excerpt.csv"

# Later Kiel releases' spellings of the same columns.
RENAMED = {"ID": "ID", "countries": "donor", "Announcement Date": "announcement_date",
           "Type of Aid General": "aid_type_general", "Item": "item",
           "No. of Units": "item_numb",
           "No. of Units delivered (in-kind military aid)": "item_numb_deliv",
           "Converted Value in EUR": "tot_value_eur", "Original Currency": "currency",
           "Monetary Value as Given by Source": "amount_orig", "Source of Aid 1": "source"}


def kiel_rows():
    with KIEL_CSV.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def write_csv(path, rows, headers=None):
    headers = headers or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=headers)
        writer.writeheader()
        writer.writerows(rows)
    return path


pytestmark = pytest.mark.django_db


def test_kiel_release_becomes_proposals_with_donors_resolved(nations, catalogue, coordinator):
    summary = tracker_read(actor=coordinator, path=KIEL_CSV, layout=KIEL)
    # 13 rows: one humanitarian and two item-less military rows propose nothing.
    assert summary.rows == 13
    assert summary.proposals == 9  # 7 equipment rows, 2 Canadian financial pledges
    assert summary.donors_matched == 9  # "Czech Republic" is Czechia
    assert summary.items_matched == 1  # only "M777 howitzer" is in this catalogue
    m777 = Proposal.objects.get(item_text="M777 howitzer")
    assert (m777.donor.code, m777.item.code, m777.quantity, m777.quantity_delivered) == (
        "AUS", "M777", 6, 6)
    assert str(m777.announced_on) == "2022-04-27"
    assert m777.source_row == 4 and m777.source_file == KIEL_CSV.name
    assert m777.confidence == 100
    ammunition = Proposal.objects.get(item_text="round of ammunition for M777 howitzer")
    assert ammunition.item is None and ammunition.quantity is None  # "undisclosed"
    canada = Proposal.objects.filter(kind="financial").order_by("announced_on")
    assert [(p.donor.code, p.currency, p.amount) for p in canada] == [
        ("CAN", "CAD", Decimal("500000000.00")), ("CAN", "CAD", Decimal("1000000000.00"))]
    assert canada[0].value_eur == Decimal("377500943.75")


def test_unmatched_items_are_listed_with_counts(nations, catalogue, coordinator):
    summary = tracker_read(actor=coordinator, path=KIEL_CSV, layout=KIEL)
    assert summary.unmatched.items["Bushmaster Protected Mobility Vehicles"] == 2
    assert "unmatched item: Bushmaster Protected Mobility Vehicles × 2" in summary.unmatched.lines()
    assert len(summary.unmatched) == 5
    assert summary.last_line() == ("rows 13, proposals 9, donors matched 9, items matched 1, "
                                   "unmatched 5")


def test_an_alias_makes_the_item_match_when_read_again(nations, catalogue, coordinator):
    tracker_read(actor=coordinator, path=KIEL_CSV, layout=KIEL)
    alias_create(actor=coordinator, text="Bushmaster Protected Mobility Vehicles",
                 item=catalogue["BMP1"])
    summary = tracker_read(actor=coordinator, path=KIEL_CSV, layout=KIEL)
    assert summary.items_matched == 3
    assert summary.updated == 2 and summary.created == 0
    assert Proposal.objects.filter(item=catalogue["BMP1"]).count() == 2


def test_reading_the_same_file_again_changes_nothing(nations, catalogue, coordinator):
    tracker_read(actor=coordinator, path=KIEL_CSV, layout=KIEL)
    audits = AuditRecord.objects.count()
    again = tracker_read(actor=coordinator, path=KIEL_CSV, layout=KIEL)
    assert (again.created, again.updated, again.unchanged, again.vanished) == (0, 0, 9, 0)
    assert AuditRecord.objects.count() == audits
    assert Proposal.objects.count() == 9


def test_newer_release_with_renamed_columns_updates_and_flags_vanished(
        nations, catalogue, coordinator, tmp_path):
    tracker_read(actor=coordinator, path=KIEL_CSV, layout=KIEL)
    rows = [r for r in kiel_rows() if r["ID"] != "AUM7"]  # package AUM7 withdrawn
    for row in rows:
        if row["Item"] == "M777 howitzer":
            row["No. of Units"] = "8"
    newer = write_csv(tmp_path / "release8.csv",
                      [{RENAMED[k]: v for k, v in row.items()} for row in rows])
    assert recognised_layout(newer) is KIEL
    summary = tracker_read(actor=coordinator, path=newer, layout=KIEL)
    assert (summary.created, summary.updated, summary.vanished) == (0, 1, 2)
    assert Proposal.objects.get(item_text="M777 howitzer").quantity == 8
    gone = Proposal.objects.filter(vanished=True)
    assert {p.source_key.split("|")[0] for p in gone} == {"AUM7"}


def test_kiel_workbook_sheet_with_unnamed_item_column(nations, catalogue, coordinator, tmp_path):
    book = Workbook()
    book.active.title = "ReadMe"
    sheet = book.create_sheet("Bilateral assistance, MAIN DATA")
    rows = kiel_rows()
    # As in the real workbook: two more columns before the item, whose column has no header.
    headers = list(rows[0])
    headers[6:6] = ["Type of Aid Specific", "Explanation"]
    sheet.append([None if h == "Item" else h for h in headers])
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    path = tmp_path / "release7.xlsx"
    book.save(path)
    summary = tracker_read(actor=coordinator, path=path, layout=KIEL)
    assert (summary.rows, summary.proposals, summary.items_matched) == (13, 9, 1)
    assert Proposal.objects.get(item_text="M777 howitzer").source_sheet == (
        "Bilateral assistance, MAIN DATA")


def test_pun_list_resolves_iso2_codes(nations, catalogue, coordinator):
    summary = tracker_read(actor=coordinator, path=PUN_CSV, layout=PUN)
    assert (summary.rows, summary.proposals, summary.donors_matched) == (6, 6, 6)
    iris = Proposal.objects.get(item_text="IRIS-T SLM")
    assert (iris.donor.code, iris.item.code, iris.quantity) == ("DEU", "IRIST-SLM-FU", 3)
    assert 85 <= iris.confidence < 100  # "IRIS-T SLM fire unit" in the catalogue
    assert iris.source_url.startswith("https://")


def test_bodies_that_are_not_nations_are_reported_as_such(nations, catalogue, coordinator,
                                                          tmp_path):
    path = write_csv(tmp_path / "other.csv", [
        {"Country": "EU", "System": "M777 howitzer", "Units": "4"},
        {"Country": "NATO", "System": "M777 howitzer", "Units": "2"},
        {"Country": "the Netherlands", "System": "M777 howitzer", "Units": "2"},
        {"Country": "Macedonia", "System": "BMP-1", "Units": "1"},
        {"Country": "Atlantis", "System": "BMP-1", "Units": "1"},
    ])
    layout = layout_from_mapping({"columns": {"donor": "Country", "item": "System",
                                              "quantity": "Units"}}, default_name="other")
    summary = tracker_read(actor=coordinator, path=path, layout=layout)
    assert summary.donors_matched == 2
    assert summary.unmatched.reasons == {"EU": "not a nation", "NATO": "not a nation",
                                         "Atlantis": "unknown name"}
    assert Proposal.objects.get(donor_text="Macedonia").donor.code == "MKD"


def test_unseen_layout_read_through_a_mapping_file(nations, catalogue, coordinator, tmp_path):
    path = tmp_path / "donor-sheet.csv"
    path.write_text("Donor pledges 2024\n\nNation,Weapon,How many,When\n"
                    "CZE,BMP-1,12,2024-03-01\nITA,SAMP/T fire unit,1,05/07/2024\n",
                    encoding="utf-8")
    mapping = tmp_path / "donor-sheet.json"
    mapping.write_text(json.dumps({"name": "donor sheet", "skip_rows": 2, "columns": {
        "donor": "Nation", "item": "Weapon", "quantity": "How many", "date": "When"}}))
    layout = layout_for(mapping=str(mapping))
    summary = tracker_read(actor=coordinator, path=path, layout=layout)
    assert summary.last_line() == ("rows 2, proposals 2, donors matched 2, items matched 2, "
                                   "unmatched 0")
    samp = Proposal.objects.get(item__code="SAMPT-FU")
    assert samp.source == "mapping:donor sheet" and str(samp.announced_on) == "2024-07-05"


@pytest.mark.parametrize("spec, message", [
    ([], "must be a JSON object"),
    ({"columns": {"donor": "A"}, "sheets": "x"}, "Unknown key(s) in the mapping: sheets"),
    ({"columns": {"donour": "A"}}, "Unknown field(s) in 'columns': donour"),
    ({"columns": {"item": "A"}}, "which column holds the donor"),
    ({"columns": {"donor": "A"}, "kind": "troops"}, "'kind' must be"),
    ({"columns": {"donor": "A"}, "skip_rows": -1}, "'skip_rows' must be"),
    ({"columns": {"donor": 3}}, "'columns.donor' must be"),
])
def test_bad_mappings_are_refused_naming_the_key(spec, message):
    with pytest.raises(MappingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        layout_from_mapping(spec)


def test_file_without_the_layouts_columns_is_refused_and_nothing_written(
        nations, catalogue, coordinator, tmp_path):
    path = write_csv(tmp_path / "wrong.csv", [{"a": "1", "b": "2"}])
    with pytest.raises(TrackerFileError, match="no column for donor"):
        tracker_read(actor=coordinator, path=path, layout=KIEL)
    with pytest.raises(TrackerFileError, match="fit no preset"):
        recognised_layout(path)
    assert not Proposal.objects.exists()


def test_dry_run_writes_nothing(nations, catalogue, coordinator):
    summary = tracker_read(actor=coordinator, path=KIEL_CSV, layout=KIEL, dry_run=True)
    assert summary.proposals == 9
    assert not Proposal.objects.exists()


def test_donor_liaison_cannot_read_trackers(nations, catalogue, liaison):
    with pytest.raises(PermissionDenied):
        tracker_read(actor=liaison, path=PUN_CSV, layout=PUN)
    assert not Proposal.objects.exists()


def test_a_date_no_one_means_is_kept_as_text_only(nations, catalogue, coordinator, tmp_path):
    # Kiel's release 7 has an announcement dated in the year 2922.
    rows = kiel_rows()[1:2]
    rows[0]["Announcement Date"] = "2922-04-08"
    path = write_csv(tmp_path / "typo.csv", rows)
    tracker_read(actor=coordinator, path=path, layout=KIEL)
    made = Proposal.objects.get()
    assert made.announced_on is None and made.date_text == "2922-04-08"
