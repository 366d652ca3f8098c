"""`convoy intake tracker`: its last line, its exit status, its refusals."""

import pytest
from django.core.management import CommandError, call_command

from convoy.intake.models import Proposal
from tests.intake.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("intake", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_tracker_prints_the_contract_line_last(nations, catalogue, coordinator):
    lines = run("tracker", str(FIXTURES / "pun_excerpt.csv"), "--preset", "pun",
                "--user", "coord")
    assert lines[-1] == "rows 6, proposals 6, donors matched 6, items matched 5, unmatched 1"
    assert Proposal.objects.count() == 6


def test_tracker_recognises_the_preset_and_lists_unmatched_names(nations, catalogue,
                                                                 coordinator):
    lines = run("tracker", str(FIXTURES / "kiel_release7_excerpt.csv"), "--user", "coord",
                "--dry-run")
    assert "unmatched item: Bushmaster Protected Mobility Vehicles × 2" in lines
    assert lines[-2] == "dry run: nothing was written"
    assert lines[-1].startswith("rows 13, proposals 9,")
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("args, message", [
    (["tracker", "/nonexistent/kiel.csv", "--preset", "kiel"], "no such file"),
    (["tracker", str(FIXTURES / "SOURCE.md"), "--preset", "kiel"], "no column for donor"),
    (["tracker", str(FIXTURES / "pun_excerpt.csv"), "--mapping", "nowhere"],
     "neither a file nor a saved column mapping"),
])
def test_unreadable_input_exits_2_with_a_clear_message(nations, coordinator, args, message):
    with pytest.raises(CommandError, match=message) as error:
        run(*args, "--user", "coord")
    assert error.value.returncode == 2
    assert not Proposal.objects.exists()


def test_binary_file_exits_2(nations, coordinator, tmp_path):
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(b"\x00\x01 not a workbook")
    with pytest.raises(CommandError, match="cannot be read") as error:
        run("tracker", str(path), "--preset", "kiel", "--user", "coord")
    assert error.value.returncode == 2


def test_unknown_user_and_refused_role_exit_2(nations, liaison):
    with pytest.raises(CommandError, match="no user 'ghost'") as error:
        run("tracker", str(FIXTURES / "pun_excerpt.csv"), "--preset", "pun", "--user", "ghost")
    assert error.value.returncode == 2
    with pytest.raises(CommandError, match="may not add") as error:
        run("tracker", str(FIXTURES / "pun_excerpt.csv"), "--preset", "pun",
            "--user", "liaison-deu")
    assert error.value.returncode == 2
