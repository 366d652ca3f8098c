"""Bottlenecks from the LP's duals: the resource that binds, and what one more unit is worth.

Each scenario is made so that one resource binds; the value the planner reports is checked
against the LP solved again with that resource raised by the step it names.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from convoy.planner import optimizer
from convoy.planner.bottlenecks import nice_step, supply_step, words
from convoy.planner.compact import build_compact
from convoy.planner.lp import solve_highs
from convoy.planner.scenario import Scenario
from convoy.planner.solve import solve

from .helpers import one_node_scenario


def lp_optimum(data: dict[str, Any]) -> float:
    lp = solve_highs(build_compact(Scenario.from_json(data)).model)
    assert lp.objective is not None
    return lp.objective


def bottlenecks(data: dict[str, Any]) -> list[dict[str, Any]]:
    result = solve(Scenario.from_json(data))
    assert result.metrics["bottlenecks_from"] == "compact-lp"
    return list(result.metrics["bottlenecks"])


def test_node_capacity_in_the_weeks_that_are_on_time() -> None:
    data = one_node_scenario()
    found = bottlenecks(data)
    assert len(found) == 1
    b = found[0]
    assert (b["kind"], b["where"], b["first_week"], b["last_week"]) == ("capacity", "N", 1, 4)
    assert b["step"] == 1.0  # a tenth of 10 t
    assert (b["priority"], b["group"], b["share"]) == (1, "boxes", 1.0)
    # Each tonne in each of weeks 1-4 carries one more box worth 100/100 points.
    assert b["per_unit"] == pytest.approx(4.0)
    more = copy.deepcopy(data)
    more["nodes"][0]["capacity_t_per_week"] = 11
    assert lp_optimum(more) - lp_optimum(data) == pytest.approx(b["value"])
    assert words(b) == ("Rzeszów, weeks 1-4: +1 t/week would add about 4 points, "
                        "mostly priority-1 boxes")


def test_weeks_of_one_node_priced_at_different_levels_are_told_apart() -> None:
    data = one_node_scenario()
    data["pledges"][0]["quantity"] = 200
    data["requirements"] = [  # weeks 1-2 still reach R-1 on time, weeks 3-4 only R-2
        {"id": "R-1", "group": "boxes", "quantity": 100, "priority": 1, "due_week": 3,
         "destination": "UKR"},
        {"id": "R-2", "group": "boxes", "quantity": 100, "priority": 3, "due_week": 5,
         "destination": "UKR"}]
    found = bottlenecks(data)
    assert [(b["first_week"], b["last_week"], b["priority"]) for b in found] == [(1, 2, 1),
                                                                                 (3, 4, 3)]
    assert [b["value"] for b in found] == [pytest.approx(2.0), pytest.approx(0.3)]


def test_a_closed_week_is_a_bottleneck_of_its_own() -> None:
    data = one_node_scenario()
    data["nodes"][0]["capacity_overrides"] = {"3": 0}
    found = bottlenecks(data)
    assert [(b["first_week"], b["last_week"], b["closed"]) for b in found] == [
        (1, 2, False), (3, 3, True), (4, 4, False)]
    assert [b["value"] for b in found] == [pytest.approx(2.0), pytest.approx(1.0),
                                           pytest.approx(1.0)]
    assert words(found[1]) == "Rzeszów, week 3 (closed): +1 t/week would add about 1 point"
    reopened = copy.deepcopy(data)
    reopened["nodes"][0]["capacity_overrides"] = {"3": 1}
    assert lp_optimum(reopened) - lp_optimum(data) == pytest.approx(found[1]["value"])
    more = copy.deepcopy(data)
    more["nodes"][0]["capacity_overrides"] = {"1": 11, "2": 11, "3": 0}
    assert lp_optimum(more) - lp_optimum(data) == pytest.approx(found[0]["value"])


def test_a_closed_node_is_worth_opening_though_nothing_uses_it() -> None:
    data = one_node_scenario()
    data["nodes"].append({"id": "M", "name": "Suceava", "capacity_t_per_week": 0})
    data["lanes"] += [{"from": "DEU", "to": "M", "weeks": 1, "cost_per_t": 0.0},
                      {"from": "M", "to": "UKR", "weeks": 1, "cost_per_t": 0.0}]
    closed = next(b for b in bottlenecks(data) if b["where"] == "M")
    assert closed["value"] == pytest.approx(4.0)
    assert (closed["priority"], closed["closed"]) == (None, True)
    assert words(closed) == "Suceava, weeks 1-4 (closed): +1 t/week would add about 4 points"


def test_a_closed_week_is_valued_by_what_reopening_it_carries_not_by_its_dual() -> None:
    """Five boxes reach the node only in closed week 3, too late for anything but R-2; each
    tonne there is worth a point (a box for R-1 in their place), but the step (100 t, a tenth
    of the node's 1,000) carries only those five: 5 points, not 100. The LP is solved again
    with the step added."""
    data = one_node_scenario()
    data["nodes"][0]["capacity_t_per_week"] = 1000
    data["nodes"][0]["capacity_overrides"] = {"3": 0}
    data["requirements"][0]["due_week"] = 3
    data["pledges"].append({"id": "P-2", "donor": "DEU", "item": "box", "quantity": 5,
                            "available_week": 2, "origin": "DEU"})
    data["requirements"].append({"id": "R-2", "group": "boxes", "quantity": 5, "priority": 1,
                                 "due_week": 4, "destination": "UKR"})
    closed = next(b for b in bottlenecks(data) if b["closed"])
    assert (closed["first_week"], closed["last_week"], closed["step"]) == (3, 3, 100.0)
    reopened = copy.deepcopy(data)
    reopened["nodes"][0]["capacity_overrides"] = {"3": 100}
    assert closed["value"] == pytest.approx(lp_optimum(reopened) - lp_optimum(data))
    assert closed["value"] == pytest.approx(5.0)
    assert closed["per_unit"] == pytest.approx(0.05)


def test_seats_of_a_session() -> None:
    data = one_node_scenario()
    data["nodes"][0]["capacity_t_per_week"] = 1000
    data["items"].append({"id": "ln", "name": "Launcher", "group": "air-defence",
                          "unit_mass_t": 1.0, "training": {"course": "crew", "crews_per_unit": 1}})
    data["pledges"].append({"id": "P-2", "donor": "DEU", "item": "ln", "quantity": 5,
                            "available_week": 0, "origin": "DEU"})
    data["requirements"] = [{"id": "R-2", "group": "air-defence", "quantity": 5,
                             "priority": 1, "due_week": 5, "destination": "UKR"}]
    data["courses"] = [{"id": "crew", "name": "Crew course", "sessions": [
        {"id": "S-1", "facility": "F", "start_week": 0, "duration_weeks": 2, "seats": 2}]}]
    found = bottlenecks(data)
    assert len(found) == 1
    b = found[0]
    assert (b["kind"], b["where"], b["first_week"]) == ("seats", "S-1", 2)
    assert (b["priority"], b["group"]) == (1, "air-defence")
    assert b["value"] == pytest.approx(20.0)  # one more crew: one more launcher of five
    more = copy.deepcopy(data)
    more["courses"][0]["sessions"][0]["seats"] = 3
    assert lp_optimum(more) - lp_optimum(data) == pytest.approx(b["value"])
    assert words(b).startswith("session S-1 (crew, ends week 2): +1 seat would add about 20 ")


def test_supply_of_an_item_group() -> None:
    data = one_node_scenario()
    data["nodes"][0]["capacity_t_per_week"] = 1000
    data["pledges"][0]["quantity"] = 30
    data["lanes"][0]["cost_per_t"] = 1000.0  # 0.1 points a box
    found = bottlenecks(data)
    assert len(found) == 1
    b = found[0]
    assert (b["kind"], b["where"], b["pledge"]) == ("supply", "boxes", "P-1")
    assert b["step"] == 2.0  # a round number near a tenth of the 30 pledged
    assert b["per_unit"] == pytest.approx(0.9)
    assert b["value"] == pytest.approx(1.8)
    more = copy.deepcopy(data)
    more["pledges"][0]["quantity"] = 32
    assert lp_optimum(more) - lp_optimum(data) == pytest.approx(b["value"])
    assert words(b) == ("boxes: +2 units like pledge P-1 would add about 1.8 points, "
                        "mostly priority-1 boxes")


def test_light_items_are_valued_for_a_tenth_of_what_is_pledged() -> None:
    # 5,000 shells of 40 kg pledged for 20,000 required: one shell is worth 0.005 points, so a
    # step of one would make them look worthless.
    data = one_node_scenario()
    data["nodes"][0]["capacity_t_per_week"] = 1000
    data["items"] = [{"id": "sh", "name": "Shell", "group": "shells", "unit_mass_t": 0.04}]
    data["pledges"][0].update(item="sh", quantity=5000)
    data["requirements"][0].update(group="shells", quantity=20000)
    [b] = bottlenecks(data)
    assert (b["kind"], b["where"], b["step"]) == ("supply", "shells", 500.0)
    assert b["value"] == pytest.approx(2.5)
    more = copy.deepcopy(data)
    more["pledges"][0]["quantity"] = 5500
    assert lp_optimum(more) - lp_optimum(data) == pytest.approx(b["value"])


def test_the_supply_step_is_no_more_than_the_group_lacks() -> None:
    data = one_node_scenario()
    data["nodes"][0]["capacity_t_per_week"] = 1000
    data["pledges"][0]["quantity"] = 97  # a tenth would be 10, but only 3 boxes are lacking
    [b] = bottlenecks(data)
    assert (b["kind"], b["step"]) == ("supply", 3.0)
    more = copy.deepcopy(data)
    more["pledges"][0]["quantity"] = 100
    assert lp_optimum(more) - lp_optimum(data) == pytest.approx(b["value"])


@pytest.mark.parametrize(("pledged", "lacking", "step"), [(30, 70, 2), (5, 5, 1), (5000, 0, 500),
                                                          (5000, 120.5, 120), (5000, 0.5, 500)])
def test_supply_steps(pledged: float, lacking: float, step: float) -> None:
    assert supply_step(pledged, lacking) == step


def test_the_path_lp_at_m_scale_finds_the_same_bottleneck(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr(optimizer, "COMPACT_MAX_PLEDGES", 0)
    result = solve(Scenario.from_json(one_node_scenario()))
    assert result.metrics["bottlenecks_from"] == "path-lp"
    [b] = result.metrics["bottlenecks"]
    assert (b["kind"], b["where"], b["first_week"], b["last_week"]) == ("capacity", "N", 1, 4)
    assert b["value"] == pytest.approx(4.0, abs=1e-4)


def test_greedy_has_no_lp_and_no_bottlenecks() -> None:
    result = solve(Scenario.from_json(one_node_scenario()), method="greedy")
    assert result.metrics["bottlenecks"] == []
    assert result.metrics["bottlenecks_from"] is None


def test_the_same_scenario_gives_the_same_bottlenecks() -> None:
    assert bottlenecks(one_node_scenario()) == bottlenecks(one_node_scenario())


@pytest.mark.parametrize(("amount", "step"), [(0.3, 1), (1, 1), (4, 5), (90, 100), (140, 100),
                                               (160, 200), (350, 500)])
def test_nice_steps(amount: float, step: float) -> None:
    assert nice_step(amount) == step
