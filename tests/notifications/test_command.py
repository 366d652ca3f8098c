"""`convoy notifications run|status|retry`."""

import io

import pytest
from django.core.management import CommandError, call_command

from convoy.donations.services import pledge_commit
from convoy.notifications.models import Mail, Notice

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("notifications", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_run_tells_what_the_writes_and_checks_left_and_prints_its_figures(world, people):
    pledge_commit(actor=people["coordinator"], pledge=world.pledge_deu)
    last = run("run", "--checks-now")[-1]
    assert last.startswith("notices from writes 0, from checks ")
    assert Notice.objects.filter(kind="session-empty-seats").exists()
    assert "mails tried 0, webhook calls tried 0" in last


def test_status_counts_deliveries_by_state(world, people):
    Mail.objects.create(recipient=people["liaison"], to="l@example.org", subject="s", body="b",
                        status="failed", attempts=6)
    assert run("status")[0] == "mails: 0 waiting, 0 delivered, 1 failed"


def test_retry_is_for_coordinators_and_sends_again(world, people):
    Mail.objects.create(recipient=people["liaison"], to="l@example.org", subject="s", body="b",
                        status="failed", attempts=6)
    with pytest.raises(CommandError) as refused:
        run("retry", "--user", "liaison_deu")
    assert refused.value.returncode == 2
    with pytest.raises(CommandError) as refused:
        run("retry", "--user", "nobody")
    assert "--user" in str(refused.value) and refused.value.returncode == 2
    assert run("retry", "--user", "coordinator")[-1] == "1 failed deliveries will be sent again."
    assert Mail.objects.get().status == "pending"


def test_run_refuses_a_negative_interval(world):
    with pytest.raises(CommandError) as refused:
        run("run", "--every", "-5")
    assert refused.value.returncode == 2
