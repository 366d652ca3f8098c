"""Why a plan leaves a requirement short or late: one reason per requirement, with its figures.

The reasons are tried from the most basic to the most specific, so the first that holds is the
one a planner can act on: nothing pledged of the group, no route, pledges that cannot arrive in
time, the group short overall, crews not trained in time, node capacity full, transport dearer
than the requirement is worth, and last the plain competition with more valuable requirements.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from convoy.planner.objective import shipment_terms
from convoy.planner.plan import Plan
from convoy.planner.result import node_load
from convoy.planner.scenario import Requirement, Scenario

#: Reason keys with their words for the command line (the pages have translated words).
REASONS = {
    "no-pledge": "no pledge of item group {group}",
    "no-route": "no lane from a pledge's origin through a node to {destination}",
    "too-late": "the earliest pledge can arrive in week {earliest}, due in week {due}",
    "supply-short": "supply short by {short} units of {group} ({supply} pledged, {demand} needed)",
    "crews": "crews for {course}: {crews} trained by week {due}, {needed} needed",
    "capacity": "node capacity full at {nodes} in weeks {weeks}",
    "cost": "transport costs more than the requirement is worth",
    "competition": "its pledges went to requirements worth more",
}
FULL = 0.999  # a node-week loaded to this share of its capacity counts as full


@dataclass(frozen=True)
class Shortfall:
    requirement: str
    priority: int
    quantity: int
    planned: int
    late: int
    reason: str  # a key of REASONS
    figures: dict[str, Any] = field(default_factory=dict)

    def words(self) -> str:
        return REASONS[self.reason].format(**self.figures)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def explain(scenario: Scenario, plan: Plan) -> list[Shortfall]:
    """Every requirement the plan fills short or late, most urgent first."""
    ctx = _Context(scenario, plan)
    out = []
    for req in sorted(scenario.requirements, key=lambda r: (r.priority, r.due_week, r.id)):
        planned, late = ctx.planned[req.id], ctx.late[req.id]
        if planned >= req.quantity and late == 0:
            continue
        reason, figures = ctx.reason(req)
        out.append(Shortfall(req.id, req.priority, req.quantity, planned, late, reason, figures))
    return out


def reason_counts(shortfalls: list[Shortfall]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for s in shortfalls:
        counts[s.reason] += 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


class _Context:
    def __init__(self, scenario: Scenario, plan: Plan) -> None:
        self.s = scenario
        self.lanes = scenario.lane_by_ends
        self.planned: dict[str, int] = defaultdict(int)
        self.late: dict[str, int] = defaultdict(int)
        self.load = node_load(scenario, plan.shipments)
        self.supply: dict[str, int] = defaultdict(int)
        self.demand: dict[str, int] = defaultdict(int)
        self.seats_used: dict[str, int] = defaultdict(int)
        items = scenario.item_by_id
        for p in scenario.pledges:
            self.supply[items[p.item].group] += p.quantity
        for r in scenario.requirements:
            self.demand[r.group] += r.quantity
        for sh in plan.shipments:
            terms = shipment_terms(scenario, sh)
            if terms is None:
                continue
            req = scenario.requirement_by_id[sh.requirement]
            self.planned[req.id] += sh.quantity
            if terms[2] > req.due_week:
                self.late[req.id] += sh.quantity
        for t in plan.training:
            self.seats_used[t.session] += t.crews

    def reason(self, req: Requirement) -> tuple[str, dict[str, Any]]:
        s, items = self.s, self.s.item_by_id
        pledges = [p for p in s.pledges if items[p.item].group == req.group]
        if not pledges:
            return "no-pledge", {"group": req.group}
        routes = [(p, n.id) for p in pledges for n in s.nodes
                  if (p.origin, n.id) in self.lanes and (n.id, req.destination) in self.lanes]
        if not routes:
            return "no-route", {"destination": req.destination}
        earliest = min(p.available_week + self.lanes[(p.origin, n)].weeks
                       + self.lanes[(n, req.destination)].weeks for p, n in routes)
        if earliest > req.due_week:
            return "too-late", {"earliest": earliest, "due": req.due_week}
        if self.supply[req.group] < self.demand[req.group]:
            return "supply-short", {
                "group": req.group, "short": self.demand[req.group] - self.supply[req.group],
                "supply": self.supply[req.group], "demand": self.demand[req.group]}
        crews = self._crews(req, [p for p, _ in routes])
        if crews is not None:
            return "crews", crews
        full = self._full_weeks(req, routes)
        if full is not None:
            return "capacity", full
        if self._transport_dearer_than_value(req, routes):
            return "cost", {}
        return "competition", {}

    def _crews(self, req: Requirement, pledges: list[Any]) -> dict[str, Any] | None:
        """Crews short when every routed item needs a course whose crews by the due week
        (trained already, or seats left in sessions ending by then) cannot cover the shortfall."""
        items = self.s.item_by_id
        trainings = [items[p.item].training for p in pledges]
        needs = [t for t in trainings if t is not None]
        if len(needs) < len(trainings):  # some item of the group needs no crews
            return None
        training = min(needs, key=lambda t: t.crews_per_unit)
        course = next((c for c in self.s.courses if c.id == training.course), None)
        sessions = course.sessions if course else ()
        ready = self.s.crews_ready(req.id, training.course, req.due_week) + sum(
            max(0, ses.seats - self.seats_used[ses.id]) for ses in sessions
            if ses.end_week <= req.due_week)
        needed = (req.quantity - self.planned[req.id] + self.late[req.id]) * training.crews_per_unit
        if ready >= needed:
            return None
        return {"course": training.course, "crews": ready, "due": req.due_week, "needed": needed}

    def _full_weeks(self, req: Requirement, routes: list[tuple[Any, str]]
                    ) -> dict[str, Any] | None:
        """Node capacity full when, in every week a routed pledge could leave its node and still
        arrive on time, that node is loaded to capacity."""
        full: dict[str, list[int]] = defaultdict(list)
        for p, n in routes:
            first = p.available_week + self.lanes[(p.origin, n)].weeks
            last = req.due_week - self.lanes[(n, req.destination)].weeks
            node = self.s.node_by_id[n]
            weeks = range(first, min(last, self.s.horizon_weeks - 1) + 1)
            if not weeks:
                continue
            loaded = [w for w in weeks if node.capacity(w) <= 0
                      or self.load.get((n, w), 0.0) >= FULL * node.capacity(w)]
            if len(loaded) < len(weeks):
                return None
            full[n].extend(loaded)
        if not full:
            return None
        full_weeks = sorted({w for ws in full.values() for w in ws})
        span = (f"{full_weeks[0]}-{full_weeks[-1]}" if len(full_weeks) > 1
                else str(full_weeks[0]))
        return {"nodes": ", ".join(sorted(full)), "weeks": span}

    def _transport_dearer_than_value(self, req: Requirement,
                                     routes: list[tuple[Any, str]]) -> bool:
        items = self.s.item_by_id
        value = self.s.weights.points(req.priority) / req.quantity
        cheapest = min(items[p.item].unit_mass_t * (self.lanes[(p.origin, n)].cost_per_t
                                                    + self.lanes[(n, req.destination)].cost_per_t)
                       for p, n in routes) / self.s.weights.eur_per_point
        return cheapest >= value
