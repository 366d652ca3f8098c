"""Events that come from time passing, not from a write: a node-week planned over capacity, a
session starting soon with empty seats while requests wait, a requirement due with nothing
allocated, a plan waiting for approval, proposals waiting for review. Each is found by the
selector behind the matching attention rule, run as a representative of each group of readers,
so it is within their scope by construction; each is told once per record (and per week, for a
node)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from django.urls import reverse

from convoy.donations.selectors import requirements_due_unallocated
from convoy.intake.proposal_models import Proposal
from convoy.logistics.selectors import node_weeks_over_capacity
from convoy.notifications import kinds
from convoy.notifications.events import Event
from convoy.planning.selectors import plan_runs_waiting
from convoy.training.selectors import sessions_with_empty_seats
from convoy.web.links import record_url


def over_capacity(user: Any, today: date, now: datetime) -> Iterator[Event]:
    for week in node_weeks_over_capacity(user, today):
        url = (reverse("logistics:node-board", kwargs={"pk": week.node.pk})
               + f"?week={week.week_start:%Y-%m-%d}")
        yield Event(kinds.NODE_OVER_CAPACITY,
                    f"{kinds.NODE_OVER_CAPACITY.key}:{week.node.pk}:{week.week_start:%Y-%m-%d}",
                    week.node,
                    {"record": str(week.node), "week_on": week.week_start.isoformat(),
                     "load": round(float(week.load_t)), "capacity": round(float(week.capacity_t))},
                    url)


def empty_seats(user: Any, today: date, now: datetime) -> Iterator[Event]:
    for session in sessions_with_empty_seats(user, today):
        yield Event(kinds.SESSION_EMPTY_SEATS, f"{kinds.SESSION_EMPTY_SEATS.key}:{session.pk}",
                    session,
                    {"record": str(session), "start_on": session.start_date.isoformat(),
                     "empty": session.seats - session.taken},
                    record_url(session) or "")


def due_unallocated(user: Any, today: date, now: datetime) -> Iterator[Event]:
    for requirement in requirements_due_unallocated(user, today):
        yield Event(kinds.REQUIREMENT_DUE, f"{kinds.REQUIREMENT_DUE.key}:{requirement.pk}",
                    requirement,
                    {"record": str(requirement), "needed_on": requirement.needed_by.isoformat()},
                    record_url(requirement) or "")


def proposals_waiting(user: Any, today: date, now: datetime) -> Iterator[Event]:
    """One notice when new proposals from trackers or reports wait for review: keyed by the
    newest pending one, so more arriving tells again and an unchanged queue does not."""
    pending = Proposal.objects.restrict(user, "view").filter(status=Proposal.Status.PENDING)
    newest = pending.order_by("-pk").first()
    if newest is None:
        return
    yield Event(kinds.PROPOSALS_WAITING, f"{kinds.PROPOSALS_WAITING.key}:{newest.pk}", newest,
                {"record": str(newest), "count": pending.count()},
                reverse("intake_review:proposal-list") + "?status=pending")


def runs_waiting(user: Any, today: date, now: datetime) -> Iterator[Event]:
    for run in plan_runs_waiting(user, now):
        yield Event(kinds.PLAN_RUN_WAITING, f"{kinds.PLAN_RUN_WAITING.key}:{run.pk}", run,
                    {"record": str(run.pk),
                     "ready_on": run.finished_at.date().isoformat()},
                    record_url(run) or "")


#: kind key → what finds its events for one reader.
CHECKS: dict[str, Callable[[Any, date, datetime], Iterator[Event]]] = {
    kinds.NODE_OVER_CAPACITY.key: over_capacity,
    kinds.SESSION_EMPTY_SEATS.key: empty_seats,
    kinds.REQUIREMENT_DUE.key: due_unallocated,
    kinds.PLAN_RUN_WAITING.key: runs_waiting,
    kinds.PROPOSALS_WAITING.key: proposals_waiting,
}
