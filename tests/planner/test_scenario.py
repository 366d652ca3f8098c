"""Scenario validation: every fault is reported, naming its record and field."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from convoy.planner.errors import ScenarioError
from convoy.planner.scenario import Scenario


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        Scenario.from_json(data)
    return list(info.value.problems)


def test_example_parses_and_input_is_not_mutated(example_scenario_data: dict[str, Any]) -> None:
    before = copy.deepcopy(example_scenario_data)
    scenario = Scenario.from_json(example_scenario_data)
    assert example_scenario_data == before
    assert scenario.node_by_id["node-pl-1"].capacity(5) == 0
    assert scenario.node_by_id["node-pl-1"].capacity(6) == 900
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.horizon_weeks = 3  # type: ignore[misc]
    assert Scenario.from_json(scenario.to_json()) == scenario


def test_weights_default_key_by_key(example_scenario_data: dict[str, Any]) -> None:
    example_scenario_data["weights"] = {"priority": {"1": 50}}
    weights = Scenario.from_json(example_scenario_data).weights
    assert weights.points(1) == 50 and weights.points(2) == 40
    assert weights.late_decay_per_week == 0.1 and weights.eur_per_point == 10000


def test_unknown_item_names_record_and_field(example_scenario_data: dict[str, Any]) -> None:
    example_scenario_data["pledges"][1]["item"] = "xyz"
    assert problems(example_scenario_data) == ["pledges[1] (id P-2): item 'xyz' is not in items"]


def test_all_problems_are_collected(example_scenario_data: dict[str, Any]) -> None:
    d = example_scenario_data
    d["format"] = "convoy-scenario/3"
    d["pledges"][0]["quantity"] = -5
    d["pledges"][1]["id"] = "P-1"
    d["items"][0]["unit_mass_t"] = 0
    d["items"][1]["training"]["course"] = "nope"
    d["requirements"][0]["priority"] = 6
    d["requirements"][1]["due_week"] = 26
    d["requirements"][1]["group"] = "ghost"
    d["nodes"][0]["capacity_overrides"] = {"40": 0}
    d["lanes"][0]["to"] = "node-xx"
    d["courses"][0]["sessions"][0]["start_week"] = -1
    d["trained_crews"][0]["requirement"] = "R-9"
    found = "\n".join(problems(d))
    for expected in [
        "format: must be 'convoy-scenario/1' or 'convoy-scenario/2', got 'convoy-scenario/3'",
        "pledges[0] (id P-1): quantity must be >= 0, got -5",
        "pledges[1] (id P-1): id 'P-1' is not unique in pledges",
        "items[0] (id art-155-he): unit_mass_t must be > 0, got 0",
        "items[1] (id ad-patriot-ln): training course 'nope' is not in courses",
        "requirements[0] (id R-1): priority must be 1..5, got 6",
        "requirements[1] (id R-2): due_week 26 is outside the horizon 0..25",
        "requirements[1] (id R-2): group 'ghost' is not a group of any item",
        "nodes[0] (id node-pl-1): capacity_overrides week 40 is outside the horizon",
        "lanes[0] (DEU -> node-xx): neither end is in nodes",
        "courses[0] (id patriot-crew).sessions[0] (id S-1): start_week -1 is outside the horizon",
        "trained_crews[0]: requirement 'R-9' is not in requirements",
    ]:
        assert expected in found


@pytest.mark.parametrize(("path", "value", "message"), [
    (("horizon_weeks",), "26", "scenario: horizon_weeks must be an integer, got '26'"),
    (("pledges", 0, "quantity"), 2.5, "pledges[0] (id P-1): quantity must be an integer"),
    (("pledges", 0, "available_week"), True, "available_week must be an integer"),
    (("items", 0, "group"), 7, "items[0] (id art-155-he): group must be a non-empty string"),
    (("nodes", 0, "capacity_t_per_week"), -1, "capacity_t_per_week must be >= 0"),
    (("start_date",), "July", "start_date: 'July' is not an ISO date"),
])
def test_types_are_checked(example_scenario_data: dict[str, Any], path: tuple[Any, ...],
                           value: Any, message: str) -> None:
    target: Any = example_scenario_data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert any(message in p for p in problems(example_scenario_data))


def test_not_an_object() -> None:
    assert problems([1, 2]) == ["scenario: must be a JSON object, got list"]  # type: ignore[arg-type]
