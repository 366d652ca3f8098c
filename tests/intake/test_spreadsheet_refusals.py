"""Imports refuse what they must, naming row and column, and then write nothing; the command
line's last line and exit status follow the contract."""

import io
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from convoy.core import audit, auditchain
from convoy.core.models import AuditRecord
from convoy.donations.models import Pledge
from convoy.intake.spreadsheets.importer import import_file
from convoy.intake.spreadsheets.registry import sheet_type

HEADER = "code,donor,item,quantity,available_from,origin,announced_on\n"


def user(name):
    return get_user_model().objects.get(username=name)


def pledge_line(code, donor, quantity=5):
    item = Pledge.objects.filter(donor__code=donor).select_related("item", "origin").first()
    return (f"{code},{donor},{item.item.code},{quantity},2026-01-10,{item.origin.code},"
            f"2025-12-01\n")


def run(text, username="coordinator", name="pledges", dry_run=False):
    return import_file(sheet_type(name), io.BytesIO(text.encode()), "f.csv",
                       actor=user(username), dry_run=dry_run)


def test_new_rows_are_created_with_import_audit(demo, db):
    outcome = run(HEADER + pledge_line("IMP-1", "DEU") + pledge_line("IMP-2", "POL"))
    assert outcome.summary == "created 2, updated 0, unchanged 0, errors 0"
    pledge = Pledge.objects.get(code="IMP-1")
    assert pledge.status == "announced"
    record = audit.history(pledge).get(action="create")
    assert (record.source, record.origin_file) == ("import", "f.csv")
    assert auditchain.first_break()[1] is None  # the bulk batch is chained like any record


def test_misspelled_header_is_refused(demo, db):
    outcome = run(HEADER.replace("quantity", "quantty") + pledge_line("IMP-3", "DEU"))
    assert outcome.errors and not outcome.written
    assert any("quantty" in m and "did you mean “quantity”" in m for m in outcome.messages())
    assert not Pledge.objects.filter(code="IMP-3").exists()


def test_headers_match_case_insensitively_with_the_hxl_row(demo, db):
    hxl = "#activity+pledge+code,#org+donor,#item+code,#item+quantity,#date+available," \
          "#loc+origin+code,#date+announced\n"
    outcome = run(HEADER.upper() + hxl + pledge_line("IMP-4", "DEU"))
    assert outcome.summary == "created 1, updated 0, unchanged 0, errors 0"


def test_donor_liaison_file_with_another_nations_pledge_is_refused_at_that_row(demo, db):
    before = AuditRecord.objects.count()
    outcome = run(HEADER + pledge_line("", "DEU") + pledge_line("", "POL"),
                  username="donor-deu")
    messages = list(outcome.messages())
    assert outcome.errors == 1 and not outcome.written
    assert len(messages) == 1 and messages[0].startswith("row 3, column donor:")
    assert not Pledge.objects.filter(code__in=["IMP-5", "IMP-6"]).exists()
    assert AuditRecord.objects.count() == before


def test_a_donor_liaisons_file_gets_codes_from_convoy_and_names_none_in_the_same_words(demo,
                                                                                        db):
    """A code is never silently replaced; a taken and a free code get the same answer, so the
    refusal confirms no other nation's pledge."""
    taken = Pledge.objects.filter(donor__code="POL").values_list("code", flat=True).first()
    outcome = run(HEADER + pledge_line(taken, "DEU") + pledge_line("IMP-FREE-1", "DEU"),
                  username="donor-deu")
    messages = [m.replace(taken, "X").replace("IMP-FREE-1", "X") for m in outcome.messages()]
    assert outcome.errors == 2 and not outcome.written
    assert messages[0].replace("row 2", "row N") == messages[1].replace("row 3", "row N")
    assert messages[0].startswith("row 2, column code: Code X cannot be used: Convoy gives")
    assert "exist" not in messages[0]
    assert Pledge.objects.get(code=taken).donor.code == "POL"
    before = Pledge.objects.filter(donor__code="DEU").count()
    outcome = run(HEADER + pledge_line("", "DEU") + pledge_line("", "DEU"), username="donor-deu")
    assert outcome.summary == "created 2, updated 0, unchanged 0, errors 0"
    created = Pledge.objects.filter(donor__code="DEU").order_by("-pk")[:2]
    assert Pledge.objects.filter(donor__code="DEU").count() == before + 2
    assert len({p.code for p in created}) == 2 and all(p.code.startswith("P-") for p in created)


def test_bad_cell_names_row_and_column_and_nothing_is_written(demo, db):
    outcome = run(HEADER + pledge_line("IMP-7", "DEU") + pledge_line("IMP-8", "DEU", 0))
    assert list(outcome.messages()) == [
        "row 3, column quantity: Enter a whole number from 1 to 10,000,000."]
    assert not Pledge.objects.filter(code="IMP-7").exists()


def test_status_change_goes_through_the_lifecycle_or_is_refused(demo, db):
    pledge = Pledge.objects.filter(status="announced").first()
    text = f"code,status,committed_on\n{pledge.code},committed,\n"
    assert run(text).summary == "created 0, updated 1, unchanged 0, errors 0"
    pledge.refresh_from_db()
    assert pledge.status == "committed" and pledge.committed_on is not None
    outcome = run(f"code,status\n{pledge.code},cancelled\n")
    assert outcome.errors == 1
    assert "cannot move" in next(outcome.messages())


def test_dry_run_writes_nothing(demo, db):
    outcome = run(HEADER + pledge_line("IMP-9", "DEU"), dry_run=True)
    assert outcome.summary == "created 1, updated 0, unchanged 0, errors 0"
    assert not outcome.written and not Pledge.objects.filter(code="IMP-9").exists()


def test_cli_prints_the_counts_last_and_exits_2_on_an_error(demo, db, tmp_path, capsys):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(HEADER + pledge_line("IMP-10", "DEU"))
    bad.write_text(HEADER + pledge_line("IMP-11", "DEU", -1))
    call_command("import", "pledges", str(good), "--user", "coordinator")
    assert capsys.readouterr().out.splitlines()[-1] == (
        "created 1, updated 0, unchanged 0, errors 0")
    with pytest.raises(SystemExit) as exited:
        call_command("import", "pledges", str(bad), "--user", "coordinator")
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "created 0, updated 0, unchanged 0, errors 1"
    assert "row 2, column quantity" in captured.err
    assert not Pledge.objects.filter(code="IMP-11").exists()


def test_cli_export_then_import_round_trips(demo, db, tmp_path, capsys):
    path = tmp_path / "nations.xlsx"
    call_command("export", "nations", "-o", str(path), "--hxl")
    call_command("import", "nations", str(path), "--user", "coordinator")
    count = sheet_type("nations").model.objects.count()
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"created 0, updated 0, unchanged {count}, errors 0")


def test_console_script_exits_2_for_an_unknown_type():
    result = subprocess.run([sys.executable, "-m", "convoy", "import", "nope", "x.csv",
                             "--user", "u"], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "no record type 'nope'" in result.stderr
