"""The solver-independent result of a planning run, and the plan metrics it reports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from convoy.planner.objective import shipment_terms
from convoy.planner.plan import Plan, Shipment, TrainingAssignment
from convoy.planner.scenario import Scenario

if TYPE_CHECKING:  # explain reads node_load from here
    from convoy.planner.explain import Shortfall


@dataclass(frozen=True)
class Result:
    """What a solve returns, whatever the method.

    status: "optimal" (plan value equals the proven bound within 1e-6), "feasible" (a valid plan,
    gap open), "time_limit" (stopped by the limit, best valid plan so far) or "fallback"
    (the optimizer failed; the plan is the greedy one).
    bound: proven upper bound on the objective of any valid plan (None for greedy alone).
    gap: (bound - objective) / max(|bound|, 1e-9), None without a bound.
    """

    status: str
    method: str
    plan: Plan
    objective: float
    bound: float | None
    gap: float | None
    valid: bool
    timings: dict[str, float] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    #: Every requirement left short or late, with its reason (explain.Shortfall).
    shortfalls: tuple[Shortfall, ...] = ()


#: The proofs a bound can rest on; every one is an upper bound on any valid plan's objective.
BOUND_KINDS = {
    "compact-lp": "LP optimum of the compact flow model",
    "compact-mip": "MIP dual bound of the compact flow model",
    "path-lp": "LP optimum of the path model (column generation converged)",
    "path-pricing": "column-generation pricing bound of the path LP",
    "path-lagrangian": "Lagrangian bound (node capacity priced at the path LP's duals)",
}


def time_breakdown(timings: dict[str, float], unit: str = "") -> str:
    """Where the time went, stage by stage in the order they ran: "greedy 1.20, lp rounds 20.10"."""
    return ", ".join(f"{name.removesuffix('_s').replace('_', ' ')} {seconds:.2f}{unit}"
                     for name, seconds in timings.items() if name != "total_s")


def relative_gap(objective: float, bound: float | None) -> float | None:
    if bound is None:
        return None
    return max(0.0, bound - objective) / max(abs(bound), 1e-9)


def node_load(scenario: Scenario, shipments: Iterable[Shipment]) -> dict[tuple[str, int], float]:
    """Tonnes leaving each (node, week), over the shipments that resolve."""
    load: dict[tuple[str, int], float] = defaultdict(float)
    for s in shipments:
        if shipment_terms(scenario, s) is not None:
            item = scenario.item_by_id[scenario.pledge_by_id[s.pledge].item]
            load[(s.node, s.dispatch_week)] += s.quantity * item.unit_mass_t
    return load


def plan_metrics(scenario: Scenario, shipments: list[Shipment] | tuple[Shipment, ...],
                 training: list[TrainingAssignment] | tuple[TrainingAssignment, ...]
                 ) -> dict[str, Any]:
    """Fill rate by priority, on-time rate, peak node utilisation, seats used."""
    wanted: dict[int, int] = defaultdict(int)
    for r in scenario.requirements:
        wanted[r.priority] += r.quantity
    filled: dict[int, int] = defaultdict(int)
    on_time = delivered = 0
    for s in shipments:
        terms = shipment_terms(scenario, s)
        if terms is None:
            continue
        req = scenario.requirement_by_id[s.requirement]
        filled[req.priority] += s.quantity
        delivered += s.quantity
        if terms[2] <= req.due_week:
            on_time += s.quantity
    load = node_load(scenario, shipments)
    peak: dict[str, float] = {}
    for node in scenario.nodes:
        ratios = [t / node.capacity(w) if node.capacity(w) > 0 else (0.0 if t <= 0 else 1.0)
                  for (nid, w), t in load.items() if nid == node.id]
        peak[node.id] = round(max(ratios, default=0.0), 4)
    seats = sum(s.seats for c in scenario.courses for s in c.sessions)
    used = sum(t.crews for t in training)
    return {
        "fill_rate_by_priority": {
            str(p): round(filled[p] / wanted[p], 4) if wanted[p] else None for p in range(1, 6)},
        "on_time_rate": round(on_time / delivered, 4) if delivered else None,
        "units_delivered": delivered,
        "node_peak_utilisation": peak,
        "seats_used": used,
        "seats_total": seats,
        "shipments": len(shipments),
    }
