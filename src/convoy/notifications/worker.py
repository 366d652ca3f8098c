"""The background work of notifications, never done inside a request.

- After a write commits, the task worker reads its audit records, tells their events and
  sends what is due (`tasks.notify_after_commit`).
- Every minute `convoy notifications run` (started beside the task worker by `convoy serve`)
  looks again at audit records no task has covered (a task lost with a crashed worker, say),
  looks for the time-based events once an hour, makes the daily digests and tries the
  deliveries whose back-off has passed.
Both may run at once: a notice is made once per person and event, a delivery is claimed by
one worker at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from convoy.notifications import audience, checks, delivery, events, services
from convoy.notifications.models import Mail, Notice, Preference, WorkerState

#: Audit records younger than this may belong to a transaction still open (ids are handed out
#: before commit): the sweep leaves them to the task, or to a later sweep.
SWEEP_LAG = timedelta(minutes=10)
#: How often the time-based events are looked for.
CHECK_EVERY = timedelta(hours=1)


def process_audit(ids: list[int]) -> int:
    """Tell the events of these audit records; the count of notices made."""
    records = list(events.audit_records(ids=ids))
    if not records:
        return 0
    return _tell_all(events.events_of(records))


def _tell_all(found: Any) -> int:
    groups = None
    made = 0
    for event in found:
        groups = groups if groups is not None else audience.groups()
        listeners, hooks = audience.who_hears(groups, event.kind.key, event.obj, event.actor_id)
        made += services.tell(event, listeners, hooks)
    return made


def _state() -> WorkerState:
    state = WorkerState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        WorkerState.objects.get_or_create(pk=1)
        state = WorkerState.objects.select_for_update().get(pk=1)
    return state


def sweep(now: datetime) -> int:
    """Audit records since the last sweep (old enough to be committed), told once more: events
    told already are skipped by their keys."""
    with transaction.atomic():
        state = _state()
        records = events.audit_records(after_id=state.audit_checked_to,
                                       before=now - SWEEP_LAG)
        newest = records.aggregate(newest=Max("id"))["newest"]
        made = _tell_all(events.events_of(records.iterator()))
        if newest is not None:
            WorkerState.objects.filter(pk=1).update(audit_checked_to=newest)
    return made


def run_checks(now: datetime, force: bool = False) -> int:
    """The time-based events, once an hour (or now, when `force`)."""
    with transaction.atomic():
        state = _state()
        if not force and state.checks_at and now - state.checks_at < CHECK_EVERY:
            return 0
        WorkerState.objects.filter(pk=1).update(checks_at=now)
    today = timezone.localdate(now)
    made = 0
    for group in audience.groups():
        for key, find in checks.CHECKS.items():
            if not group.wants(key):
                continue
            for event in find(group.representative, today, now):
                listeners = [li for li in group.listeners if key in li.kinds]
                hooks = [w for w in group.webhooks if key in w.kinds]
                made += services.tell(event, listeners, hooks)
    return made


def digest_hour() -> time:
    return time(hour=settings.CONVOY_DIGEST_HOUR)


def send_digests(now: datetime) -> int:
    """Once a day, after the digest hour, one mail per user who chose (or by default gets) the
    digest, with their unread notices no mail has carried yet."""
    today = timezone.localdate(now)
    start = timezone.make_aware(datetime.combine(today, digest_hour()))
    if now < start:
        return 0
    made = 0
    explicit = dict(Preference.objects.values_list("user_id", "mail"))
    waiting = (Notice.objects.filter(read_at__isnull=True, mail__isnull=True,
                                     created_at__lte=now)
               .exclude(recipient__email="").values_list("recipient", flat=True).distinct())
    for user_id in set(waiting):
        if explicit.get(user_id, Preference.Mail.DIGEST) != Preference.Mail.DIGEST:
            continue
        if Mail.objects.filter(recipient_id=user_id, digest=True, created_at__gte=start).exists():
            continue
        with transaction.atomic():
            notices = list(Notice.objects.select_for_update().filter(
                recipient_id=user_id, read_at__isnull=True, mail__isnull=True,
                created_at__lte=now).select_related("recipient").order_by("created_at", "id"))
            if not notices:
                continue
            mail = services.mail_for(notices[0].recipient, notices, digest=True)
            Notice.objects.filter(pk__in=[n.pk for n in notices]).update(mail=mail)
            made += 1
    return made


@dataclass
class Pass:
    """What one pass of the worker did (printed by `convoy notifications run`)."""

    from_audit: int
    from_checks: int
    digests: int
    mails: int
    calls: int

    def __str__(self) -> str:
        return (f"notices from writes {self.from_audit}, from checks {self.from_checks}; "
                f"digests {self.digests}; mails tried {self.mails}, webhook calls tried "
                f"{self.calls}")


def tick(now: datetime | None = None, force_checks: bool = False) -> Pass:
    now = now or timezone.now()
    from_audit = sweep(now)
    from_checks = run_checks(now, force=force_checks)
    digests = send_digests(now)
    mails, calls = delivery.deliver_due(now)
    return Pass(from_audit, from_checks, digests, mails, calls)
