"""The database as a planning scenario (see src/convoy/docs/planning.md).

Only what is still open goes in: what each pledge has not yet allocated, what each requirement
still needs, the seats each session has left; equipment still in repair as supply from its
facility's depot once the turnaround ends, and crews still in training as crews ready when their
session ends. The scenario is written in format 1 unless it holds either of those two, which only
format 2 can say, so a record without them exports exactly as before. Weeks count from the
Monday of the chosen start date. The fingerprint is a digest of the scenario itself, so a plan
is stale exactly when exporting again would give a different scenario.
"""

import hashlib
import json
from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce

from convoy.catalog.models import Item
from convoy.core.dates import add_weeks, monday_of
from convoy.donations.models import Pledge, Requirement
from convoy.logistics.models import CapacityException, Lane, Node
from convoy.repairs.models import OPEN_STATUSES, RepairOrder
from convoy.training.models import Course, CourseSession, Enrolment

PLANNABLE_PLEDGES = ("announced", "committed", "in_delivery")


def week_zero(start: date) -> date:
    """The Monday of the week `start` falls in."""
    return monday_of(start)


def week_of(day: date, monday: date) -> int:
    return (day - monday).days // 7


def fingerprint(scenario: dict[str, Any]) -> str:
    canonical = json.dumps(scenario, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def export_scenario(start: date, horizon_weeks: int) -> dict[str, Any]:
    monday = week_zero(start)
    last_week = horizon_weeks - 1

    def in_horizon(day: date) -> int | None:
        week = max(0, week_of(day, monday))
        return week if week <= last_week else None

    pledges = []
    for p in (
        Pledge.objects.filter(status__in=PLANNABLE_PLEDGES)
        .annotate(
            left=F("quantity") - Coalesce(Sum("allocations__quantity"), 0),
            donor_code=F("donor__code"),
        )
        .filter(left__gt=0)
        .select_related("origin", "item")
        .order_by("code")
    ):
        week = in_horizon(p.available_from)
        if week is not None:
            pledges.append(
                {
                    "id": p.code,
                    "donor": p.donor_code,
                    "item": p.item.code,
                    "quantity": p.left,
                    "available_week": week,
                    "origin": p.origin.code,
                }
            )
    # Units in repair come back at the facility's depot, the origin their pledge will have.
    for o in (
        RepairOrder.objects.filter(status__in=OPEN_STATUSES)
        .select_related("facility__location", "item", "recipient")
        .order_by("code")
    ):
        week = in_horizon(o.expected_back)
        if week is not None:
            pledges.append(
                {
                    "id": o.code,
                    "donor": o.recipient.code,
                    "item": o.item.code,
                    "quantity": o.quantity,
                    "available_week": week,
                    "origin": o.facility.location.code,
                    "source": "repair",
                }
            )
    requirements = [
        {
            "id": r.code,
            "group": r.item_group.code,
            "quantity": r.left,
            "priority": r.priority,
            "due_week": min(last_week, max(0, week_of(r.needed_by, monday))),
            "destination": r.destination.code,
        }
        for r in Requirement.objects.filter(status="open")
        .annotate(left=F("quantity") - Coalesce(Sum("allocations__quantity"), 0))
        .filter(left__gt=0)
        .select_related("item_group", "destination")
        .order_by("code")
    ]

    groups = {r["group"] for r in requirements}
    item_codes = {p["item"] for p in pledges}
    items = [
        {
            "id": i.code,
            "name": i.name,
            "group": i.group.code,
            "unit_mass_t": float(i.unit_mass_t),
            **(
                {"training": {"course": i.training_course.code, "crews_per_unit": i.crews_per_unit}}
                if i.training_course_id
                else {}
            ),
        }
        for i in Item.objects.filter(Q(code__in=item_codes) | Q(group__code__in=groups))
        .select_related("group", "training_course")
        .order_by("code")
    ]
    # A group no item belongs to cannot be filled and is not a valid reference in the format.
    known_groups = {i["group"] for i in items}
    requirements = [r for r in requirements if r["group"] in known_groups]

    overrides: dict[int, dict[str, float]] = defaultdict(dict)
    for e in CapacityException.objects.filter(
        week_start__gte=monday, week_start__lte=add_weeks(monday, last_week)
    ):
        overrides[e.node_id][str(week_of(e.week_start, monday))] = float(e.capacity_t)
    nodes = [
        {
            "id": n.code,
            "name": n.name,
            "capacity_t_per_week": float(n.capacity_t_per_week),
            **({"capacity_overrides": overrides[n.pk]} if overrides[n.pk] else {}),
        }
        for n in Node.objects.order_by("code")
    ]
    lanes = [
        {
            "from": ln.location.code if ln.direction == "inbound" else ln.node.code,
            "to": ln.node.code if ln.direction == "inbound" else ln.location.code,
            "weeks": ln.transit_weeks,
            "cost_per_t": float(ln.cost_per_t),
        }
        for ln in Lane.objects.select_related("node", "location").order_by(
            "node__code", "direction", "location__code"
        )
    ]

    # Every course an item needs is listed, with the sessions that still have seats (perhaps
    # none): the format wants each item's course to resolve.
    courses_used = {i["training"]["course"] for i in items if "training" in i}
    sessions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in (
        CourseSession.objects.filter(
            course__code__in=courses_used, status="offered", start_date__gte=monday
        )
        .annotate(
            taken=Coalesce(Sum("enrolments__crews", filter=~Q(enrolments__status="withdrawn")), 0)
        )
        .select_related("course", "facility")
        .order_by("code")
    ):
        week = week_of(s.start_date, monday)
        if week <= last_week and s.seats > s.taken:
            sessions[s.course.code].append(
                {
                    "id": s.code,
                    "facility": s.facility.code,
                    "start_week": week,
                    "duration_weeks": s.course.duration_weeks,
                    "seats": s.seats - s.taken,
                }
            )
    courses = [
        {"id": c.code, "name": c.name, "sessions": sessions[c.code]}
        for c in Course.objects.filter(code__in=courses_used).order_by("code")
    ]

    # Crews count as trained for a requirement once their session has ended by week 0; crews
    # still in training are ready in the week their session ends (left out if that is past the
    # horizon). Their seats are taken already, so they are not offered again.
    required = {r["id"] for r in requirements}
    trained: dict[tuple[str, str, int], int] = defaultdict(int)
    for e in Enrolment.objects.filter(
        request__requirement__code__in=required,
        session__course__code__in=courses_used,
        status__in=["enrolled", "trained"],
    ).exclude(session__status="cancelled").select_related(
        "request__requirement", "session__course"
    ):
        ready = 0 if e.status == "trained" else max(0, week_of(e.session.end_date, monday))
        if ready <= last_week:
            trained[(e.request.requirement.code, e.session.course.code, ready)] += e.crews
    trained_crews = [
        {"requirement": r, "course": c, "crews": n, **({"ready_week": k} if k else {})}
        for (r, c, k), n in sorted(trained.items())
    ]
    later = any("source" in p for p in pledges) or any("ready_week" in t for t in trained_crews)

    return {
        "format": "convoy-scenario/2" if later else "convoy-scenario/1",
        "start_date": monday.isoformat(),
        "horizon_weeks": horizon_weeks,
        "items": items,
        "nodes": nodes,
        "lanes": lanes,
        "pledges": pledges,
        "requirements": requirements,
        "courses": courses,
        "trained_crews": trained_crews,
    }
