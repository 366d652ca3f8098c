"""Mail: one per notice or one digest a day, sent by the worker, retried with back-off, and
after the last try shown to coordinators; nothing is lost."""

import datetime

import pytest
from django.core import mail as outbox
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from convoy.donations.services import pledge_commit
from convoy.notifications import delivery, worker
from convoy.notifications.models import Delivery, Mail, Notice, Preference
from convoy.notifications.services import delivery_retry

pytestmark = pytest.mark.django_db


class BrokenBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def commit_pledge(world, people, committed):
    committed(lambda: pledge_commit(actor=people["coordinator"], pledge=world.pledge_deu))


def test_a_mail_for_each_notice_is_sent_by_the_worker(world, people, committed):
    Preference.objects.create(user=people["liaison"], kinds=["pledge-committed"], mail="each")
    commit_pledge(world, people, committed)

    sent = [m for m in outbox.outbox if m.to == ["liaison@example.org"]]
    assert len(sent) == 1
    assert "P-DEU-1" in sent[0].body
    assert f"/donations/pledges/{world.pledge_deu.pk}/" in sent[0].body
    mail = Mail.objects.get(to="liaison@example.org")
    assert mail.status == Delivery.Status.SENT and mail.attempts == 1
    assert not Mail.objects.filter(to="planner@example.org").exists(), "the planner gets a digest"


def test_the_daily_digest_gathers_the_unread_notices_once_a_day(world, people, committed):
    commit_pledge(world, people, committed)
    morning = timezone.make_aware(datetime.datetime.combine(
        timezone.localdate(), datetime.time(worker.digest_hour().hour, 30)))
    before_the_hour = morning - datetime.timedelta(hours=1)
    Notice.objects.update(created_at=before_the_hour - datetime.timedelta(hours=1))

    assert worker.send_digests(before_the_hour) == 0
    assert worker.send_digests(morning) == 2  # the liaison and the planner
    assert worker.send_digests(morning + datetime.timedelta(hours=3)) == 0, "once a day"
    delivery.deliver_due()
    digest = next(m for m in outbox.outbox if m.to == ["planner@example.org"])
    assert "P-DEU-1" in digest.body
    assert Notice.objects.filter(mail__isnull=True).count() == 0


def test_a_read_notice_or_a_user_without_address_gets_no_digest(world, people, committed):
    people["planner"].email = ""
    people["planner"].save()
    commit_pledge(world, people, committed)
    Notice.objects.filter(recipient=people["liaison"]).update(read_at=timezone.now())
    late = timezone.now().replace(hour=23, minute=59)
    assert worker.send_digests(late) == 0


def test_a_failed_mail_is_retried_with_back_off_then_shown_to_coordinators(
        world, people, committed, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_mail.BrokenBackend"
    Preference.objects.create(user=people["liaison"], kinds=["pledge-committed"], mail="each")
    commit_pledge(world, people, committed)

    mail = Mail.objects.get(to="liaison@example.org")
    assert mail.status == Delivery.Status.PENDING and mail.attempts == 1
    assert "mail server down" in mail.last_error
    now = timezone.now()
    waits = []
    for _ in range(delivery.MAX_TRIES - 1):
        assert delivery.deliver_due(now) == (0, 0), "not before its back-off has passed"
        mail.refresh_from_db()
        waits.append(mail.next_try_at - now)
        now = mail.next_try_at
        assert delivery.deliver_due(now) == (1, 0)
    mail.refresh_from_db()
    assert mail.status == Delivery.Status.FAILED and mail.attempts == delivery.MAX_TRIES
    assert waits == sorted(waits) and waits[0] < waits[-1], "each wait longer than the last"

    told = Notice.objects.get(kind="delivery-failed")
    assert told.recipient == people["coordinator"]
    assert "liaison@example.org" in told.text and "mail server down" in told.text
    assert Notice.objects.filter(recipient=people["liaison"]).exists(), "the inbox still has it"


def test_a_coordinator_sends_a_failed_mail_again_others_may_not(world, people):
    failed = Mail.objects.create(recipient=people["liaison"], to="liaison@example.org",
                                 subject="s", body="b", status="failed", attempts=6)
    with pytest.raises(PermissionDenied):
        delivery_retry(actor=people["liaison"], delivery=failed)
    delivery_retry(actor=people["coordinator"], delivery=failed)
    delivery.deliver_due()
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.SENT
    assert outbox.outbox[-1].to == ["liaison@example.org"]


def test_a_delivery_claimed_by_one_worker_is_not_sent_by_another(world, people):
    mail = Mail.objects.create(recipient=people["liaison"], to="liaison@example.org",
                               subject="s", body="b", next_try_at=timezone.now())
    now = timezone.now()
    assert delivery.claim(mail, now)
    stale = Mail.objects.get(pk=mail.pk)
    stale.attempts = 0
    assert not delivery.claim(stale, now)
    assert delivery.deliver_due(now) == (0, 0)
    assert delivery.deliver_due(now + delivery.CLAIM) == (1, 0), "an abandoned claim expires"
