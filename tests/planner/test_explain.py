"""Each requirement a plan leaves short or late gets the reason a planner can act on."""

from __future__ import annotations

from typing import Any

from convoy.planner.explain import explain
from convoy.planner.plan import Plan, parse_plan
from convoy.planner.scenario import Scenario
from convoy.planner.solve import solve


def reasons(data: dict[str, Any], plan: Plan | None = None) -> dict[str, tuple[str, dict]]:
    scenario = Scenario.from_json(data)
    plan = plan or solve(scenario, method="greedy").plan
    return {s.requirement: (s.reason, s.figures) for s in explain(scenario, plan)}


def test_the_worked_example_is_short_of_shells_and_late_for_want_of_crews(
        example_scenario_data, example_plan_data):
    found = reasons(example_scenario_data, parse_plan(example_plan_data)[0])
    assert found["R-1"] == ("supply-short", {"group": "ammo-155", "short": 30000,
                                             "supply": 20000, "demand": 50000})
    assert found["R-2"] == ("crews", {"course": "patriot-crew", "crews": 1, "due": 8,
                                      "needed": 2})


def test_a_group_nobody_pledged(example_scenario_data):
    data = example_scenario_data
    data["items"].append({"id": "truck", "name": "Truck", "group": "trucks", "unit_mass_t": 9.0})
    data["requirements"].append({"id": "R-9", "group": "trucks", "quantity": 5, "priority": 2,
                                 "due_week": 10, "destination": "UKR-W"})
    assert reasons(data)["R-9"] == ("no-pledge", {"group": "trucks"})


def test_a_pledge_that_cannot_arrive_before_the_due_week(example_scenario_data):
    data = example_scenario_data
    data["requirements"][1]["due_week"] = 2  # the launchers are available in week 3
    assert reasons(data)["R-2"] == ("too-late", {"earliest": 5, "due": 2})


def test_node_capacity_full_in_every_week_that_would_be_on_time(example_scenario_data):
    data = example_scenario_data
    data["pledges"][0]["quantity"] = 80000  # enough shells, but 3,840 t for three weeks of
    data["requirements"][0]["quantity"] = 80000  # 900 t at the node before the due week
    reason, figures = reasons(data)["R-1"]
    assert reason == "capacity"
    assert figures == {"nodes": "node-pl-1", "weeks": "1-3"}


def test_transport_dearer_than_a_low_priority_requirement_is_worth(example_scenario_data):
    data = example_scenario_data
    data["pledges"][0]["quantity"] = 50000
    data["requirements"][0].update(priority=5, due_week=20)
    data["weights"] = {"priority": {"1": 100, "2": 40, "3": 15, "4": 5, "5": 0.01}}
    assert reasons(data)["R-1"][0] == "cost"


def test_a_requirement_filled_on_time_needs_no_reason(example_scenario_data):
    data = example_scenario_data
    data["requirements"][0]["quantity"] = 100
    assert "R-1" not in reasons(data)


def test_the_plan_metrics_count_the_reasons(example_scenario_data):
    result = solve(Scenario.from_json(example_scenario_data), method="greedy")
    counts = result.metrics["shortfall_reasons"]
    assert sum(counts.values()) == len(explain(Scenario.from_json(example_scenario_data),
                                               result.plan))
    assert counts["supply-short"] == 1
