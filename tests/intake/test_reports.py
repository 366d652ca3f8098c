"""Open-source reports become proposals: what they announce and nothing they do not."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from convoy.intake.models import Proposal
from convoy.intake.report_intake import report_read
from convoy.intake.reports_text.documents import UnreadableReport, text_of_bytes
from convoy.intake.reports_text.reader import ReportReader, date_of_report, sentence_date

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")

pytestmark = pytest.mark.django_db


def proposals(text, report_date=None):
    return [(d.kind, d.donor_code, d.item_text, d.quantity)
            for d in ReportReader().read(text, report_date=report_date)]


@pytest.fixture
def world(nations, catalogue):
    return nations, catalogue


def test_seed_report_on_patriots_and_samp_t_proposes_italy_samp_t_without_quantity(
        world, coordinator):
    text = (SEEDS / "004_4550ebdf931f6a19.txt").read_text(encoding="utf-8")
    summary, drafts = report_read(actor=coordinator, text=text, file_name="004.txt")
    assert [(d.donor_code, d.item_text, d.quantity) for d in drafts] == [
        ("ITA", "SAMP/Ts", None)]
    proposal = Proposal.objects.get()
    assert (proposal.donor.code, proposal.item.code, proposal.kind) == (
        "ITA", "SAMPT-FU", "equipment")
    assert "notably Patriots and SAMP/Ts from Italy" in proposal.sentence
    assert summary.last_line().endswith("donors matched 1, items matched 1, unmatched 0")


@pytest.mark.parametrize("name", ["000_69430672b5b47cde.txt", "001_73f85231b0a38a8c.txt",
                                  "002_b8822fb5f2807060.txt", "003_304ee86750282711.txt"])
def test_other_seed_reports_propose_no_pledge(world, name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    assert proposals(text) == []


@pytest.mark.parametrize("sentence", [
    "With 500,000 troops at high readiness across all domains, NATO has a powerful deterrent.",
    "Over the next five years, 850 new aircraft will be added to the alliance's forces.",
    "Allies have not yet agreed on a long-term financial pledge of EUR 40 billion.",
    "Germany is considering whether to send more IRIS-T SLM fire units to Ukraine.",
    "Leaders are expected to announce that Poland will deliver BMP-1s next year.",
    "Italy asked for Patriot batteries to protect its own bases.",
    "Iran and North Korea help Russia by providing drones and ammunition.",
])
def test_sentences_that_announce_no_pledge_propose_nothing(world, sentence):
    assert proposals(sentence) == []


@pytest.mark.parametrize("sentence, expected", [
    ("Germany will send two IRIS-T SLM fire units to Ukraine.",
     [("equipment", "DEU", "IRIS-T SLM fire units", 2)]),
    ("Poland has delivered a further 20 BMP-1 vehicles to Ukraine.",
     [("equipment", "POL", "BMP-1", 20)]),
    ("The United States announced up to 100 M777 howitzers for Ukraine.",
     [("equipment", "USA", "M777 howitzers", 100)]),
    ("The Netherlands pledged twenty-five more Panzerhaubitze 2000 to Kyiv.",
     [("equipment", "NLD", "Panzerhaubitze 2000", 25)]),
    ("Italy and France will provide another SAMP/T fire unit to Ukraine.",
     [("equipment", "ITA", "SAMP/T fire unit", 1)]),
    ("Kyiv receives three Patriot fire units from Germany and two M777s from Canada.",
     [("equipment", "DEU", "Patriot fire units", 3), ("equipment", "CAN", "M777s", 2)]),
])
def test_sentences_that_announce_pledges_propose_them(world, sentence, expected):
    assert proposals(sentence) == expected


def test_financial_pledge_with_amount_and_currency(world):
    drafts = ReportReader().read("Norway pledged NOK 5 billion to Ukraine's air defence fund.")
    assert [(d.kind, d.donor_code, d.amount, d.currency) for d in drafts] == [
        ("financial", "NOR", Decimal("5000000000.00"), "NOK")]
    euros = ReportReader().read("Canada announced €500 million in military aid for Ukraine.")
    assert (euros[0].amount, euros[0].currency, euros[0].value_eur) == (
        Decimal("500000000.00"), "EUR", Decimal("500000000.00"))


def test_announcement_date_is_the_reports_or_the_weekday_before_it():
    assert date_of_report(" date 2024-06-14 Facts\n\n17:00 14.06.2024") == date(2024, 6, 14)
    assert date_of_report("Ahmet | 05.07.2024 - Update : 06.07.2024") == date(2024, 7, 5)
    friday = date(2024, 6, 14)
    assert sentence_date("Germany said on Friday it would", friday) == friday
    assert sentence_date("Germany said on Monday it would", friday) == date(2024, 6, 10)
    assert sentence_date("Poland sent them yesterday", friday) == date(2024, 6, 13)
    assert sentence_date("Italy delivered it on 3 June", friday) == date(2024, 6, 3)
    assert sentence_date("No day here", friday) == friday


def test_reading_the_same_report_again_changes_nothing(world, coordinator):
    text = "Poland has delivered a further 20 BMP-1 vehicles to Ukraine."
    report_read(actor=coordinator, text=text)
    summary, _ = report_read(actor=coordinator, text=text)
    assert (summary.created, summary.unchanged) == (0, 1)
    assert Proposal.objects.count() == 1


def test_html_and_pdf_text_are_read():
    html = ("<html><head><title>x</title></head><body><nav>Menu</nav><article><p>Germany "
            "will send two IRIS-T SLM fire units to Ukraine.</p></article></body></html>")
    assert "IRIS-T SLM" in text_of_bytes(html.encode(), "news.html")
    with pytest.raises(UnreadableReport, match="cannot be read as a PDF"):
        text_of_bytes(b"%PDF-1.4 broken", "report.pdf")
    with pytest.raises(UnreadableReport, match=r"give a \.txt, \.html or \.pdf"):
        text_of_bytes(b"x", "report.docx")


def test_report_command_prints_the_json_shape(world, coordinator, tmp_path, capsys):
    import json

    path = tmp_path / "report.txt"
    path.write_text("14.06.2024\nGermany will send two IRIS-T SLM fire units to Ukraine.\n",
                    encoding="utf-8")
    call_command("intake", "report", str(path), "--user", "coord", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data == [{"kind": "equipment", "donor": "DEU", "item_text": "IRIS-T SLM fire units",
                     "item": "IRIST-SLM-FU", "quantity": 2, "amount": None, "currency": None,
                     "announced": "2024-06-14",
                     "sentence": "Germany will send two IRIS-T SLM fire units to Ukraine."}]


def test_report_command_refuses_a_missing_file_with_exit_2(world, coordinator):
    with pytest.raises(CommandError, match="no such file") as error:
        call_command("intake", "report", "/nonexistent.txt", "--user", "coord")
    assert error.value.returncode == 2
