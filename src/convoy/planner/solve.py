"""Entry point of the engine: solve a scenario with a method, a time limit and progress reports.

Whatever happens inside the optimizer, the caller gets a valid plan: greedy runs first as the
fallback, every candidate plan is checked with the same checker as `convoy plan check`, and the
best valid one is returned.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from convoy.planner.bottlenecks import find_bottlenecks
from convoy.planner.checker import check_plan
from convoy.planner.explain import explain, reason_counts
from convoy.planner.greedy import solve_greedy
from convoy.planner.plan import Plan, Shipment, TrainingAssignment
from convoy.planner.result import Result, plan_metrics, relative_gap
from convoy.planner.scenario import Scenario

ProgressCallback = Callable[[str, float], None]
"""progress(stage message, fraction of the time budget used or of the work done, 0..1)."""

METHODS = ("optimal", "greedy")
#: The optimal method's own budget when no time limit is given, in wall seconds by scenario
#: size (pledges up to the first figure). Small scenarios finish on their own (the compact LP
#: and a capped MIP); at M and L column generation would go on for many rounds that move the
#: plan by hundredths of a percent, so the budget ends them.
DEFAULT_BUDGET_S: tuple[tuple[int, float | None], ...] = (
    (1000, None), (10000, 40.0), (10**9, 540.0))


def default_budget(scenario: Scenario) -> float | None:
    pledges = len(scenario.pledges)
    return next(budget for size, budget in DEFAULT_BUDGET_S if pledges <= size)


def _finishing_s(scenario: Scenario, limit: float) -> float:
    """Time kept after the optimizer for checking, metrics and reasons (they grow with size)."""
    return min(0.1 * limit, 0.5 + len(scenario.pledges) / 2000)


def _quiet(_message: str, _fraction: float) -> None:
    return None


def _assemble(scenario: Scenario, shipments: list[Shipment],
              training: list[TrainingAssignment]) -> tuple[Plan, bool, float]:
    shipments = sorted(shipments, key=lambda s: (s.requirement, s.pledge, s.node, s.dispatch_week))
    training = sorted(training, key=lambda t: (t.requirement, t.session))
    plan = Plan(tuple(shipments), tuple(training))
    report = check_plan(scenario, plan, check_objective_field=False)
    return replace(plan, objective=report.objective), report.valid, report.objective


def solve(scenario: Scenario, method: str = "optimal", time_limit: float | None = None,
          progress: ProgressCallback | None = None) -> Result:
    """Plan `scenario`. time_limit is wall seconds for the whole call (None = the method's own
    default budget, default_budget); the best valid plan found is returned when it runs out."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    report = progress or _quiet
    started = time.perf_counter()
    if time_limit is None and method == "optimal":
        time_limit = default_budget(scenario)
    # Everything that searches stops at the deadline; what follows it is linear work.
    deadline = (None if time_limit is None
                else started + time_limit - _finishing_s(scenario, time_limit))
    timings: dict[str, float] = {}
    report("greedy baseline", 0.0)
    g_ship, g_train = solve_greedy(scenario, deadline=deadline)
    cut_short = deadline is not None and time.perf_counter() > deadline
    plan, valid, objective = _assemble(scenario, g_ship, g_train)
    timings["greedy_s"] = time.perf_counter() - started
    if not valid:  # greedy is valid by construction; an empty plan always is
        plan, valid, objective = _assemble(scenario, [], [])
    best = (objective, plan, "feasible")
    bound: float | None = None
    bound_kind: str | None = None
    bottlenecks: list[dict[str, object]] = []
    bottlenecks_from: str | None = None
    status = "feasible"
    if method == "optimal" and cut_short:
        status = "time_limit"
    elif method == "optimal":
        from convoy.planner.optimizer import optimize

        outcome = optimize(scenario, deadline=deadline, progress=report,
                           incumbent=(list(plan.shipments), list(plan.training)))
        timings.update(outcome.timings)
        bound = outcome.bound
        bound_kind = outcome.bound_kind
        t = time.perf_counter()
        if outcome.prices is not None:
            bottlenecks = [b.to_json() for b in find_bottlenecks(scenario, outcome.prices)]
            bottlenecks_from = outcome.prices.source
        timings["bottlenecks_s"] = time.perf_counter() - t
        t = time.perf_counter()
        for cand_ship, cand_train in outcome.candidates:
            c_plan, c_valid, c_obj = _assemble(scenario, cand_ship, cand_train)
            if c_valid and c_obj > best[0] + 1e-9:
                best = (c_obj, c_plan, "feasible")
        timings["checking_s"] = time.perf_counter() - t
        if outcome.stopped_by_limit:
            status = "time_limit"
        elif not outcome.candidates:
            status = "fallback"
    objective, plan, _ = best
    if bound is not None and objective >= bound - 1e-6 * max(1.0, abs(bound)):
        status = "optimal"
    timings["total_s"] = time.perf_counter() - started
    metrics = plan_metrics(scenario, plan.shipments, plan.training)
    shortfalls = explain(scenario, plan)
    metrics["shortfall_reasons"] = reason_counts(shortfalls)
    metrics["bottlenecks"] = bottlenecks
    metrics["bottlenecks_from"] = bottlenecks_from
    metrics.update({"method": method, "status": status, "bound": bound, "bound_kind": bound_kind,
                    "gap": relative_gap(objective, bound),
                    "time_s": round(timings["total_s"], 3),
                    "timings_s": {k: round(v, 3) for k, v in timings.items()}})
    plan = replace(plan, metrics=metrics)
    report("done", 1.0)
    return Result(status, method, plan, objective, bound, relative_gap(objective, bound), True,
                  timings, metrics, tuple(shortfalls))
