"""The checker: the example plan is valid, and each rule 1-7 is caught and named."""

from __future__ import annotations

from typing import Any

import pytest

from convoy.planner.checker import CheckReport, check_plan
from convoy.planner.objective import plan_objective
from convoy.planner.plan import parse_plan
from convoy.planner.scenario import Scenario


def check(scenario: Scenario, plan_data: dict[str, Any],
          objective_field: bool = False) -> CheckReport:
    plan, problems = parse_plan(plan_data)
    return check_plan(scenario, plan, problems, check_objective_field=objective_field)


def test_example_plan_is_valid_with_the_spec_objective(
        example_scenario: Scenario, example_plan_data: dict[str, Any]) -> None:
    report = check(example_scenario, example_plan_data, objective_field=True)
    assert report.valid, report.violations
    assert report.objective == pytest.approx(103.106667, abs=1e-6)


def test_objective_follows_the_spec_formula(example_scenario: Scenario,
                                            example_plan_data: dict[str, Any]) -> None:
    plan, _ = parse_plan(example_plan_data)
    # Worked example rows: 18.72 + 32.5733.. + 51.8133..
    rows = [36 - 18000 * 0.048 * 200 / 10000, 100 / 3 - 38 * 200 / 10000,
            100 * 2 / 3 * 0.8 - 2 * 38 * 200 / 10000]
    assert plan_objective(example_scenario, plan.shipments) == pytest.approx(sum(rows), rel=1e-12)
    # Lateness beyond 10 weeks keeps no value, only cost.
    late = dict(example_plan_data["shipments"][2], quantity=1, dispatch_week=19)
    plan, _ = parse_plan({**example_plan_data, "shipments": [late]})
    assert plan_objective(example_scenario, plan.shipments) == pytest.approx(-0.76)


def test_wrong_objective_field_is_reported(example_scenario: Scenario,
                                           example_plan_data: dict[str, Any]) -> None:
    example_plan_data["objective"] = 104.0
    report = check(example_scenario, example_plan_data, objective_field=True)
    assert not report.valid and report.rules_broken() == {0}


def ship(data: dict[str, Any], k: int, **changes: Any) -> dict[str, Any]:
    data["shipments"][k] = {**data["shipments"][k], **changes}
    return data


def test_rule_1_types(example_scenario: Scenario, example_plan_data: dict[str, Any]) -> None:
    # Patriot launcher pledge to the ammunition requirement: wrong group.
    ship(example_plan_data, 1, requirement="R-1")
    report = check(example_scenario, example_plan_data)
    assert 1 in report.rules_broken()
    assert any("P-2" in v.ids and "ad-long-range" in v.message for v in report.violations)


@pytest.mark.parametrize("bad", [0, -3, 2.5])
def test_rule_1_quantity_must_be_whole_and_positive(
        example_scenario: Scenario, example_plan_data: dict[str, Any], bad: float) -> None:
    report = check(example_scenario, ship(example_plan_data, 0, quantity=bad))
    assert 1 in report.rules_broken()


def test_rule_1_unknown_records_and_missing_lane(example_scenario: Scenario,
                                                 example_plan_data: dict[str, Any]) -> None:
    ship(example_plan_data, 0, pledge="P-99")
    example_plan_data["training"][0]["session"] = "S-9"
    report = check(example_scenario, example_plan_data)
    named = [v.rule for v in report.violations if "P-99" in v.message or "S-9" in v.message]
    assert named == [1, 1]


def test_rule_2_dispatch_before_ready(example_scenario: Scenario,
                                      example_plan_data: dict[str, Any]) -> None:
    # P-2 is available in week 3, the lane to the node takes 1 week: week 4 is the earliest.
    report = check(example_scenario, ship(example_plan_data, 1, dispatch_week=3))
    (v,) = [v for v in report.violations if v.rule == 2]
    assert "P-2" in v.ids and v.excess == 1


def test_rule_2_arrival_after_horizon(example_scenario: Scenario,
                                      example_plan_data: dict[str, Any]) -> None:
    report = check(example_scenario, ship(example_plan_data, 0, dispatch_week=25))
    (v,) = [v for v in report.violations if v.rule == 2]
    assert "arrival week 26" in v.message and v.excess == 1


def test_rule_3_supply(example_scenario: Scenario, example_plan_data: dict[str, Any]) -> None:
    report = check(example_scenario, ship(example_plan_data, 0, quantity=20001))
    (v,) = [v for v in report.violations if v.rule == 3]
    assert v.ids == ("P-1",) and v.excess == 1


def test_rule_4_demand(example_scenario: Scenario, example_plan_data: dict[str, Any]) -> None:
    ship(example_plan_data, 2, quantity=3)
    example_plan_data["training"][0]["crews"] = 2
    report = check(example_scenario, example_plan_data)
    (v,) = [v for v in report.violations if v.rule == 4]
    assert v.ids == ("R-2",) and v.excess == 1


def test_rule_5_node_throughput(example_scenario: Scenario,
                                example_plan_data: dict[str, Any]) -> None:
    # Week 5 is a capacity override of 0 t at node-pl-1.
    report = check(example_scenario, ship(example_plan_data, 0, dispatch_week=5, quantity=10))
    (v,) = [v for v in report.violations if v.rule == 5]
    assert v.ids == ("node-pl-1", "5") and v.excess == pytest.approx(0.48)


def test_rule_5_capacity_tolerance(example_scenario: Scenario,
                                   example_plan_data: dict[str, Any]) -> None:
    # 18750 shells x 0.048 t = 900 t exactly: at capacity is fine.
    report = check(example_scenario, ship(example_plan_data, 0, quantity=18750))
    assert 5 not in report.rules_broken()
    report = check(example_scenario, ship(example_plan_data, 0, quantity=18751))
    assert 5 in report.rules_broken()


def test_rule_6_seats(example_scenario: Scenario, example_plan_data: dict[str, Any]) -> None:
    example_plan_data["training"][0]["crews"] = 3
    report = check(example_scenario, example_plan_data)
    (v,) = [v for v in report.violations if v.rule == 6]
    assert v.ids == ("S-1",) and v.excess == 1


def test_rule_7_crews_before_equipment(example_scenario: Scenario,
                                       example_plan_data: dict[str, Any]) -> None:
    # Both remaining launchers arriving in week 5: only one crew is trained then.
    report = check(example_scenario, ship(example_plan_data, 2, dispatch_week=4))
    (v,) = [v for v in report.violations if v.rule == 7]
    assert v.ids == ("R-2", "patriot-crew") and v.excess == 2 and "week 5" in v.message


def test_rule_7_without_training_assignment(example_scenario: Scenario,
                                            example_plan_data: dict[str, Any]) -> None:
    example_plan_data["training"] = []
    report = check(example_scenario, example_plan_data)
    assert report.rules_broken() == {7}
