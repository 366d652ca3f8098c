"""Format 2: supply from repair and crews still in training; format 1 reads exactly as before."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from convoy.planner.checker import check_plan
from convoy.planner.errors import ScenarioError
from convoy.planner.greedy import solve_greedy
from convoy.planner.plan import Plan, Shipment, TrainingAssignment, parse_plan
from convoy.planner.scenario import Scenario
from convoy.planner.solve import solve

from .helpers import generated, one_node_scenario


def repair_scenario() -> dict[str, Any]:
    """The one-node world whose only supply is 100 boxes in repair, back in week 3."""
    data = one_node_scenario()
    data["format"] = "convoy-scenario/2"
    data["weights"] = {"late_decay_per_week": 0.1}
    data["pledges"] = [{"id": "RO-1", "donor": "UKR", "item": "box", "quantity": 100,
                        "available_week": 3, "origin": "DEU", "source": "repair"}]
    return data


def crews_scenario() -> dict[str, Any]:
    """Two launchers needing a crew each; no seats; one crew trained, one ready in week 6."""
    data = one_node_scenario()
    data["format"] = "convoy-scenario/2"
    data["weights"] = {"late_decay_per_week": 0.05}
    data["items"] = [{"id": "ln", "name": "Launcher", "group": "ad", "unit_mass_t": 1.0,
                      "training": {"course": "crew", "crews_per_unit": 1}}]
    data["pledges"] = [{"id": "P-1", "donor": "DEU", "item": "ln", "quantity": 2,
                        "available_week": 0, "origin": "DEU"}]
    data["requirements"] = [{"id": "R-1", "group": "ad", "quantity": 2, "priority": 1,
                             "due_week": 3, "destination": "UKR"}]
    data["courses"] = [{"id": "crew", "name": "Crew course", "sessions": []}]
    data["trained_crews"] = [{"requirement": "R-1", "course": "crew", "crews": 1},
                             {"requirement": "R-1", "course": "crew", "crews": 1,
                              "ready_week": 6}]
    return data


def ship(pledge: str, quantity: int, dispatch_week: int, requirement: str = "R-1") -> Shipment:
    return Shipment(pledge, requirement, "N", quantity, dispatch_week)


def test_format_2_reads_repair_supply_and_crews_ready_later() -> None:
    scenario = Scenario.from_json(repair_scenario())
    assert scenario.pledges[0].source == "repair"
    crews = Scenario.from_json(crews_scenario())
    assert crews.trained == {("R-1", "crew"): 1}
    assert crews.ready_later == {("R-1", "crew"): ((6, 1),)}
    assert [crews.crews_ready("R-1", "crew", k) for k in (0, 5, 6, 9)] == [1, 1, 2, 2]
    for data in (repair_scenario(), crews_scenario()):
        again = Scenario.from_json(data).to_json()
        assert again["format"] == "convoy-scenario/2"
        assert Scenario.from_json(again) == Scenario.from_json(data)


@pytest.mark.parametrize(("make", "where", "key"), [
    (repair_scenario, "pledges[0] (id RO-1)", "source"),
    (crews_scenario, "trained_crews[1]", "ready_week"),
])
def test_format_1_refuses_the_format_2_keys_rather_than_misread_them(make: Any, where: str,
                                                                     key: str) -> None:
    data = make()
    data["format"] = "convoy-scenario/1"
    with pytest.raises(ScenarioError) as error:
        Scenario.from_json(data)
    assert f"{where}: {key} needs format 'convoy-scenario/2'" in str(error.value)


def test_format_2_values_are_checked() -> None:
    data = repair_scenario()
    data["pledges"][0]["source"] = "loan"
    crews = crews_scenario()
    crews["trained_crews"][1]["ready_week"] = 10
    for bad, message in [(data, "pledges[0] (id RO-1): source must be one of"),
                         (crews, "trained_crews[1]: ready_week 10 is outside the horizon")]:
        with pytest.raises(ScenarioError) as error:
            Scenario.from_json(bad)
        assert message in str(error.value)


def test_checker_refuses_repair_supply_used_before_its_week() -> None:
    scenario = Scenario.from_json(repair_scenario())
    # available in week 3, one week to the node: leaves the node in week 4 at the earliest
    assert check_plan(scenario, Plan((ship("RO-1", 10, 4),)),
                      check_objective_field=False).valid
    early = check_plan(scenario, Plan((ship("RO-1", 10, 3),)), check_objective_field=False)
    assert early.rules_broken() == {2}


def test_checker_counts_crews_in_training_from_their_ready_week() -> None:
    scenario = Scenario.from_json(crews_scenario())
    # arrival = dispatch + 1; one crew is ready at once, the second in week 6
    ok = Plan((ship("P-1", 1, 1), ship("P-1", 1, 5)))
    assert check_plan(scenario, ok, check_objective_field=False).valid
    early = check_plan(scenario, Plan((ship("P-1", 2, 4),)), check_objective_field=False)
    assert early.rules_broken() == {7}
    assert "1 trained (short by 1)" in early.violations[0].message


@pytest.mark.parametrize("method", ["greedy", "optimal"])
def test_planners_use_repair_supply_no_earlier_than_its_week(method: str) -> None:
    scenario = Scenario.from_json(repair_scenario())
    result = solve(scenario, method=method, time_limit=20)
    assert check_plan(scenario, result.plan).valid
    assert sum(s.quantity for s in result.plan.shipments) > 0
    assert min(s.dispatch_week for s in result.plan.shipments) >= 4


@pytest.mark.parametrize("method", ["greedy", "optimal"])
def test_planners_use_crews_in_training_once_they_are_ready(method: str) -> None:
    scenario = Scenario.from_json(crews_scenario())
    result = solve(scenario, method=method, time_limit=20)
    assert check_plan(scenario, result.plan).valid
    arrivals = sorted(s.dispatch_week + 1 for s in result.plan.shipments
                      for _ in range(s.quantity))
    assert arrivals[0] <= 3 and arrivals[1:] == [6]  # the second unit waits for its crew


def test_a_session_and_crews_in_training_add_up() -> None:
    data = crews_scenario()
    data["requirements"][0]["quantity"] = 3
    data["pledges"][0]["quantity"] = 3
    data["courses"][0]["sessions"] = [{"id": "S-1", "facility": "f", "start_week": 0,
                                       "duration_weeks": 4, "seats": 1}]
    scenario = Scenario.from_json(data)
    for method in ("greedy", "optimal"):
        plan = solve(scenario, method=method, time_limit=20).plan
        assert check_plan(scenario, plan).valid
        assert sum(s.quantity for s in plan.shipments) == 3
        assert plan.training == (TrainingAssignment("R-1", "S-1", 1),)


def _format_1_documents() -> list[dict[str, Any]]:
    import json
    from pathlib import Path

    data = Path(__file__).parent / "data"
    return [json.loads((data / "example-scenario.json").read_text()), one_node_scenario(),
            generated("XS", 1), generated("XS", 2), generated("S", 1)]


@pytest.mark.parametrize("k", range(5))
def test_format_1_documents_read_plan_and_check_as_before(k: int) -> None:
    """A format-1 document still reads, writes back and checks unchanged; its plans are the
    same; and relabelled as format 2 it means exactly the same."""
    data = _format_1_documents()[k]
    original = copy.deepcopy(data)
    scenario = Scenario.from_json(data)
    assert data == original
    assert not scenario.needs_format_2 and scenario.ready_later == {}
    assert scenario.to_json()["format"] == "convoy-scenario/1"
    assert Scenario.from_json(scenario.to_json()) == scenario
    relabelled = Scenario.from_json({**data, "format": "convoy-scenario/2"})
    assert relabelled == scenario
    shipments, training = solve_greedy(scenario)
    assert solve_greedy(relabelled) == (shipments, training)
    plan = Plan(tuple(shipments), tuple(training))
    assert check_plan(scenario, plan, check_objective_field=False) == check_plan(
        relabelled, plan, check_objective_field=False)


def test_the_example_plan_still_checks_with_its_spec_objective(
        example_scenario: Scenario, example_plan_data: dict[str, Any]) -> None:
    plan, problems = parse_plan(example_plan_data)
    report = check_plan(example_scenario, plan, problems)
    assert report.valid and report.objective == pytest.approx(103.106667, abs=1e-6)


def _crews_later(size: str, seed: int, weeks: int | None) -> Scenario:
    """A generated scenario whose trained crews are instead still in training, ready in
    `weeks` (spread over a few weeks), or, with None, left out."""
    data = generated(size, seed)
    data["format"] = "convoy-scenario/2"
    if weeks is None:
        data["trained_crews"] = []
    for k, t in enumerate(data["trained_crews"]):
        if weeks:
            t["ready_week"] = weeks + k % 4
    return Scenario.from_json(data)


@pytest.mark.parametrize(("size", "seed"), [("XS", 1), ("S", 1)])
def test_every_model_counts_crews_in_training_alike(size: str, seed: int) -> None:
    """The full model, the compact one and the path model of M/L reach the same LP optimum,
    between that of the crews left out and that of the crews trained already."""
    from convoy.planner.compact import build_compact
    from convoy.planner.lp import solve_highs
    from convoy.planner.monolithic import build_monolithic
    from convoy.planner.network import Network
    from convoy.planner.paths import PathColumnGeneration

    scenario = _crews_later(size, seed, 4)
    assert scenario.ready_later
    compact = solve_highs(build_compact(scenario).model).objective
    assert compact is not None
    if size == "XS":
        mono = solve_highs(build_monolithic(scenario).model).objective
        assert mono == pytest.approx(compact, rel=1e-7)
    net = Network(scenario)
    cg = PathColumnGeneration(net)
    cg.add_shipments(solve_greedy(scenario, net=net)[0])
    y = None
    for _ in range(60):
        obj, _, y = cg.solve_master(None)
        _, cols = cg.price(y)
        if cg.add_paths(*cols) == 0:
            break
    obj, _, _ = cg.solve_master(None, vertex=True)  # the rounds stop at a looser tolerance
    assert obj == pytest.approx(compact, rel=1e-6)
    without = solve_highs(build_compact(_crews_later(size, seed, None)).model).objective
    at_once = solve_highs(build_compact(_crews_later(size, seed, 0)).model).objective
    assert without is not None and at_once is not None
    assert without - 1e-6 <= compact <= at_once + 1e-6
    for method in ("greedy", "optimal") if size == "XS" else ():
        result = solve(scenario, method=method, time_limit=30)
        assert check_plan(scenario, result.plan).valid


def test_generated_format_2_adds_repairs_and_crews_in_training_to_the_same_scenario(
        tmp_path: Any) -> None:
    from convoy.planner.cli import main
    from convoy.planner.generator import generate

    one, two = generate("S", 1), generate("S", 1, 2)
    assert two["format"] == "convoy-scenario/2"
    repairs = [p for p in two["pledges"] if p.get("source") == "repair"]
    later = [t for t in two["trained_crews"] if "ready_week" in t]
    assert len(repairs) == 10 and later
    assert [p for p in two["pledges"] if p not in repairs] == one["pledges"]
    assert [t for t in two["trained_crews"] if t not in later] == one["trained_crews"]
    assert {k: v for k, v in two.items() if k not in ("format", "pledges", "trained_crews")} == {
        k: v for k, v in one.items() if k not in ("format", "pledges", "trained_crews")}
    out = tmp_path / "s.json"
    assert main(["generate", "--size", "XS", "--seed", "1", "--format", "2", "-o", str(out)]) == 0
    scenario = Scenario.from_json(generate("XS", 1, 2))
    assert scenario.needs_format_2
    for method in ("greedy", "optimal"):
        result = solve(scenario, method=method, time_limit=30)
        assert check_plan(scenario, result.plan).valid
