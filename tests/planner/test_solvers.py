"""Solvers: plans are valid on generated scenarios; the optimizer beats the baseline."""

from __future__ import annotations

import pytest

from convoy.planner.checker import check_plan
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
