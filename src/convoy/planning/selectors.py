"""Reads of plan runs."""

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet

from convoy.planning.models import PlanRun

#: A plan ready for review longer than this is stale even when nothing it read has changed.
STALE_AFTER_DAYS = 7


def stale_plan_runs(user: Any, today: date, days: int = STALE_AFTER_DAYS) -> QuerySet[PlanRun]:
    """Plans ready for review that can no longer be approved as they are: the data they were
    exported from has changed (their fingerprint differs from a fresh export, which approval
    would refuse), or they were made more than `days` ago."""
    from convoy.planning.services import plan_export

    runs = what_if_excluded(
        PlanRun.objects.restrict(user, "view").filter(status=PlanRun.Status.SUCCEEDED))
    stale = []
    current: dict[tuple[date, int], str] = {}
    for pk, start, horizon, digest, created in runs.values_list(
        "pk", "start_date", "horizon_weeks", "fingerprint", "created_at"
    ):
        if created.date() < today - timedelta(days=days):
            stale.append(pk)
            continue
        if (start, horizon) not in current:  # one export per distinct scenario window
            current[(start, horizon)] = plan_export(start_date=start, horizon_weeks=horizon)[1]
        if current[(start, horizon)] != digest:
            stale.append(pk)
    return runs.filter(pk__in=stale)


#: A plan ready for review longer than this is a reminder to approve or discard it.
WAITING_AFTER_HOURS = 24


def plan_runs_waiting(user: Any, now: datetime,
                      hours: int = WAITING_AFTER_HOURS) -> QuerySet[PlanRun]:
    """Plans ready for review, finished more than `hours` ago and neither approved nor
    discarded."""
    return what_if_excluded(PlanRun.objects.restrict(user, "view").filter(
        status=PlanRun.Status.SUCCEEDED, finished_at__lt=now - timedelta(hours=hours)))


def what_if_excluded(runs: QuerySet[PlanRun]) -> QuerySet[PlanRun]:
    """Without what-if runs, which are never approved: neither stale nor waiting for it."""
    return runs.filter(changes=[])
