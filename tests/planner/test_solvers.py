"""Solvers: plans are valid on generated scenarios; the optimizer beats the baseline."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from convoy.planner.checker import check_plan
from convoy.planner.compact import build_compact
from convoy.planner.greedy import solve_greedy
from convoy.planner.lp import solve_highs
from convoy.planner.monolithic import build_monolithic
from convoy.planner.network import Network
from convoy.planner.paths import PathColumnGeneration
from convoy.planner.plan import Shipment
from convoy.planner.scenario import Scenario
from convoy.planner.solve import solve

from .helpers import generated

CASES = [("XS", 1), ("XS", 2), ("XS", 3), ("S", 1)]


@pytest.mark.parametrize(("size", "seed"), CASES)
def test_greedy_plans_are_valid(size: str, seed: int) -> None:
    scenario = Scenario.from_json(generated(size, seed))
    result = solve(scenario, method="greedy")
    report = check_plan(scenario, result.plan)
    assert report.valid, report.violations[:5]
    assert report.objective == pytest.approx(result.objective, rel=1e-9)
    assert result.objective > 0


def test_example_scenario_greedy_beats_the_example_plan(example_scenario: Scenario) -> None:
    result = solve(example_scenario, method="greedy")
    assert check_plan(example_scenario, result.plan).valid
    assert result.objective >= 103.106667


@pytest.mark.parametrize(("size", "seed"), [("XS", 1), ("XS", 2), ("S", 1)])
def test_optimal_plans_are_valid_and_beat_greedy(size: str, seed: int) -> None:
    scenario = Scenario.from_json(generated(size, seed))
    result = solve(scenario, method="optimal", time_limit=30)
    report = check_plan(scenario, result.plan)
    assert report.valid, report.violations[:5]
    assert result.plan.objective == pytest.approx(report.objective, rel=1e-9)
    assert result.bound is not None and result.objective <= result.bound + 1e-6
    assert result.objective >= solve(scenario, method="greedy").objective - 1e-9


@pytest.mark.parametrize("seed", [1, 2])
def test_bound_lies_between_the_integer_optimum_and_the_lp_and_the_plan_reaches_it(
        seed: int) -> None:
    """The compact model is an exact reformulation: same LP optimum as the full model. No plan
    can beat the integer optimum, so that (not the LP) is what 0.01% is measured against when
    crews and heavy items make the LP fractional; the bound reported is the MIP's dual bound
    where it is tighter than the LP, and never below the integer optimum."""
    scenario = Scenario.from_json(generated("XS", seed))
    mono = solve_highs(build_monolithic(scenario).model)
    compact = build_compact(scenario).model
    assert mono.objective == pytest.approx(solve_highs(compact).objective, rel=1e-7)
    mip = solve_highs(compact, integer=True, mip_gap=1e-7, time_limit=60)
    result = solve(scenario, method="optimal", time_limit=60)
    assert mip.objective is not None and mip.status == "Optimal"
    assert result.bound is not None
    assert mip.objective * (1 - 1e-6) <= result.bound <= mono.objective * (1 + 1e-7)
    assert result.metrics["bound_kind"]
    assert result.objective >= mip.objective * (1 - 1e-4)
    assert result.objective <= mono.objective + 1e-6


def test_path_column_generation_matches_the_lp() -> None:
    """The M/L method, run to convergence on S, reaches the same LP optimum."""
    scenario = Scenario.from_json(generated("S", 1))
    net = Network(scenario)
    cg = PathColumnGeneration(net)
    cg.add_shipments(solve_greedy(scenario, net=net)[0])
    y = np.zeros(cg.num_rows)
    for _ in range(50):
        bound, cols = cg.price(y)
        if cg.add_paths(*cols) == 0:
            break
        obj, _, y = cg.solve_master(None)
    obj, _, _ = cg.solve_master(None, vertex=True)  # the rounds stop at a looser tolerance
    lp = solve_highs(build_compact(scenario).model)
    assert obj == pytest.approx(lp.objective, rel=1e-6)
    assert bound >= lp.objective - 1e-6


def test_the_last_master_is_solved_to_a_vertex_so_few_paths_are_fractional() -> None:
    """The rounds price from interior points, which spread every requirement over many paths;
    the crossover gives a basic solution of the same value: no more paths in use than rows."""
    scenario = Scenario.from_json(generated("S", 1))
    cg = PathColumnGeneration(Network(scenario))
    y = np.zeros(cg.num_rows)
    for _ in range(3):
        _, cols = cg.price(y)
        cg.add_paths(*cols)
        interior, x, y = cg.solve_master(None)
    assert np.count_nonzero(x > 1e-9) > cg.num_rows
    vertex, x, _ = cg.solve_master(None, vertex=True)
    assert cg.optimal()
    assert vertex == pytest.approx(interior, rel=1e-5)
    assert np.count_nonzero(x > 1e-9) <= cg.num_rows


def test_time_limit_still_returns_a_valid_plan() -> None:
    scenario = Scenario.from_json(generated("S", 2))
    result = solve(scenario, method="optimal", time_limit=0.3)
    assert check_plan(scenario, result.plan).valid
    assert result.objective > 0


def test_a_spent_time_limit_stops_at_once_with_a_valid_plan_and_says_so() -> None:
    """Nothing searches past the deadline: with no time at all even the greedy baseline stops
    before its first requirement, and the status says the run was cut short."""
    scenario = Scenario.from_json(generated("S", 2))
    result = solve(scenario, method="optimal", time_limit=0.0)
    assert check_plan(scenario, result.plan).valid
    assert result.status == "time_limit"
    assert result.metrics["status"] == "time_limit"


def test_greedy_past_its_deadline_returns_the_base_plan_unchanged() -> None:
    scenario = Scenario.from_json(generated("XS", 1))
    base = solve_greedy(scenario)
    assert solve_greedy(scenario, deadline=0.0) == ([], [])
    ships, crews = solve_greedy(scenario, base, deadline=0.0)

    def units(shipments: list[Shipment]) -> Counter[tuple[str, str, str, int]]:
        out: Counter[tuple[str, str, str, int]] = Counter()
        for s in shipments:
            out[(s.pledge, s.requirement, s.node, s.dispatch_week)] += s.quantity
        return out

    assert units(ships) == units(base[0])
    assert {(t.requirement, t.session): t.crews for t in crews} == {
        (t.requirement, t.session): t.crews for t in base[1]}


def test_the_path_method_proves_its_bound_and_times_each_stage(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The M/L method on a small scenario: a valid plan, a bound no lower than the LP optimum,
    and the time of every stage the benchmark shows."""
    from convoy.planner import optimizer

    monkeypatch.setattr(optimizer, "COMPACT_MAX_PLEDGES", 0)
    scenario = Scenario.from_json(generated("XS", 2))
    result = solve(scenario, method="optimal")
    assert check_plan(scenario, result.plan).valid
    lp = solve_highs(build_compact(scenario).model)
    assert result.bound is not None and lp.objective is not None
    assert result.bound >= lp.objective * (1 - 1e-7) - 1e-6
    assert result.metrics["bound_kind"] in ("path-lp", "path-pricing", "path-lagrangian")
    for stage in ("greedy_s", "model_building_s", "lp_rounds_s", "rounding_s", "repair_s",
                  "fill_s", "checking_s", "total_s"):
        assert stage in result.timings, stage


def test_every_pricing_bound_is_proven_from_the_first_round() -> None:
    """The pricing bound (supply or demand rows kept as knapsacks where that is tighter) is an
    upper bound on the LP at any prices, not only at the end."""
    scenario = Scenario.from_json(generated("S", 2))
    lp = solve_highs(build_compact(scenario).model)
    assert lp.objective is not None
    cg = PathColumnGeneration(Network(scenario))
    y = np.zeros(cg.num_rows)
    for _ in range(50):
        bound, cols = cg.price(y)
        assert bound >= lp.objective * (1 - 1e-7) - 1e-6
        if cg.add_paths(*cols) == 0:
            break
        _, _, y = cg.solve_master(None)


def test_the_warm_start_gives_the_master_paths_and_a_proven_bound() -> None:
    """The plan that ignores node capacity is a relaxation: its bound is never below the LP
    optimum, and its paths go to the master before the first round."""
    from convoy.planner.optimizer import _Clock, _warm_start

    scenario = Scenario.from_json(generated("S", 2))
    lp = solve_highs(build_compact(scenario).model)
    assert lp.objective is not None
    net = Network(scenario)
    cg = PathColumnGeneration(net)
    unpriced, _ = cg.price(np.zeros(cg.num_rows))
    bound = _warm_start(net, cg, [], _Clock(None, lambda _m, _f: None))
    assert lp.objective * (1 - 1e-7) - 1e-6 <= bound < unpriced
    assert cg.keys  # the master had no path before


def test_a_fractional_knapsack_takes_the_best_values_first() -> None:
    from convoy.planner.paths import _knapsacks

    value = np.array([[1.0, 3.0, -2.0], [2.0, 2.0, 2.0]])
    cap = np.array([[5.0, 1.0, 9.0], [1.0, 1.0, 1.0]])
    # row 1: 1 x 3 then 1 x 1 (budget 2); row 2: 2 units of 2 (budget 2)
    assert _knapsacks(value, cap, np.array([2.0, 2.0])) == pytest.approx(4.0 + 4.0)


@pytest.mark.parametrize("limit", [0.5, 2.0])
def test_the_path_method_cut_short_still_proves_its_bound(
        monkeypatch: pytest.MonkeyPatch, limit: float) -> None:
    """However few LP rounds fit in the time, the bound printed (pricing or Lagrangian) is
    never below the LP optimum, and the plan is valid."""
    from convoy.planner import optimizer

    monkeypatch.setattr(optimizer, "COMPACT_MAX_PLEDGES", 0)
    scenario = Scenario.from_json(generated("S", 1))
    result = solve(scenario, method="optimal", time_limit=limit)
    assert check_plan(scenario, result.plan).valid
    lp = solve_highs(build_compact(scenario).model)
    assert lp.objective is not None
    if result.bound is not None:
        assert result.bound >= lp.objective * (1 - 1e-7) - 1e-6
