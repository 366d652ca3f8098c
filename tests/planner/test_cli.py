"""The `convoy plan` commands: exit codes, files written or not, messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from convoy.planner.cli import main
from convoy.planner.generator import SIZES, generate

from .helpers import one_node_scenario

DATA = Path(__file__).parent / "data"


def test_check_example_prints_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(DATA / "example-scenario.json"), str(DATA / "example-plan.json")])
    assert code == 0
    assert capsys.readouterr().out.strip() == "valid objective=103.106667"


def test_check_invalid_plan_names_rules(tmp_path: Path, example_plan_data: dict[str, Any],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    example_plan_data["shipments"][0]["quantity"] = 20001
    example_plan_data["training"][0]["crews"] = 3
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(example_plan_data))
    assert main(["check", str(DATA / "example-scenario.json"), str(plan)]) == 1
    out = capsys.readouterr().out
    assert "rule 3 (supply): pledge P-1: shipped 20001 > quantity 20000 (over by 1)" in out
    assert "rule 6 (seats): session S-1: 3 crews > 2 seats (over by 1)" in out
    assert "objective: plan says 103.106667" in out


def test_plan_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.json"
    assert main([str(DATA / "example-scenario.json"), "-o", str(out), "--method", "greedy"]) == 0
    text = capsys.readouterr().out
    for label in ("objective", "upper bound", "fill rate", "on time", "node peak", "seats used",
                  "time"):
        assert label in text
    plan = json.loads(out.read_text())
    assert plan["format"] == "convoy-plan/1" and "metrics" in plan
    assert main(["check", str(DATA / "example-scenario.json"), str(out)]) == 0


def test_broken_scenario_exits_2_and_writes_nothing(
        tmp_path: Path, example_scenario_data: dict[str, Any],
        capsys: pytest.CaptureFixture[str]) -> None:
    example_scenario_data["pledges"][1]["item"] = "xyz"
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(example_scenario_data))
    out = tmp_path / "plan.json"
    assert main([str(scenario), "-o", str(out)]) == 2
    assert not out.exists()
    assert "pledges[1] (id P-2): item 'xyz' is not in items" in capsys.readouterr().err
    assert main(["check", str(scenario), str(DATA / "example-plan.json")]) == 2


@pytest.mark.parametrize("content", ["{not json", ""])
def test_unreadable_json_exits_2(tmp_path: Path, content: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "s.json"
    scenario.write_text(content)
    out = tmp_path / "plan.json"
    assert main([str(scenario), "-o", str(out)]) == 2
    assert not out.exists()
    assert "is not valid JSON" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.json"), "-o", str(out)]) == 2
    assert "cannot read scenario" in capsys.readouterr().err


def test_generate_is_deterministic_and_sized(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["generate", "--size", "XS", "--seed", "7", "-o", str(a)]) == 0
    assert main(["generate", "--size", "XS", "--seed", "7", "-o", str(b)]) == 0
    assert a.read_text() == b.read_text()
    assert main(["check", str(a), str(DATA / "example-plan.json")]) == 1  # parses as a scenario
    assert generate("XS", 8) != generate("XS", 7)


@pytest.mark.parametrize("size", ["XS", "S", "M"])
def test_generated_sizes(size: str) -> None:
    data = generate(size, 3)
    spec = SIZES[size]
    assert len({p["donor"] for p in data["pledges"]}) <= spec.donors
    assert len({i["group"] for i in data["items"]}) == spec.groups
    assert (len(data["pledges"]), len(data["requirements"]), len(data["nodes"]),
            data["horizon_weeks"]) == (spec.pledges, spec.requirements, spec.nodes, spec.weeks)
    assert any(n.get("capacity_overrides") for n in data["nodes"])
    assert any("training" in i for i in data["items"])
    seats = [s["seats"] for c in data["courses"] for s in c["sessions"]]
    assert seats and max(seats) <= 12


def test_the_summary_names_the_bottlenecks(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(one_node_scenario()))
    out = tmp_path / "plan.json"
    assert main([str(scenario), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert ("bottlenecks  from the duals of the compact flow LP at its optimum, the top ones "
            "checked by solving it again:\n") in text
    assert "  Rzeszów, weeks 1-4: +1 t/week would add about 4 points, mostly priority-1 boxes\n" \
        in text
    [stored] = json.loads(out.read_text())["metrics"]["bottlenecks"]
    assert (stored["kind"], stored["where"], stored["first_week"]) == ("capacity", "N", 1)


def test_a_greedy_summary_has_no_bottlenecks(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(one_node_scenario()))
    assert main([str(scenario), "-o", str(tmp_path / "p.json"), "--method", "greedy"]) == 0
    assert "bottlenecks" not in capsys.readouterr().out
