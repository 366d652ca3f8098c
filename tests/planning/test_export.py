import json
from pathlib import Path

import pytest

from convoy.cli import main as convoy
from convoy.planning.export import export_scenario, fingerprint
from tests.donations.factories import PledgeFactory
from tests.planning.conftest import START, repair_order, week
from tests.training.factories import EnrolmentFactory

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec"


def test_the_example_world_exports_as_the_spec_example(example_world):
    exported = export_scenario(START, 26)
    if not (SPEC / "example-scenario.json").exists():
        pytest.skip("shared/spec is not beside the repository")
    expected = json.loads((SPEC / "example-scenario.json").read_text())
    expected.pop("weights")  # the defaults; the export leaves them out
    for key in ("items", "pledges", "requirements"):  # the export orders records by id
        expected[key].sort(key=lambda record: record["id"])
    assert exported == expected


def test_export_counts_weeks_from_the_monday_of_the_start_date(example_world):
    wednesday = START.replace(day=3)
    assert export_scenario(wednesday, 26) == export_scenario(START, 26)


def test_allocated_quantities_are_not_offered_again(example_world):
    from convoy.donations.models import Allocation, Pledge, Requirement

    Allocation.objects.create(
        pledge=Pledge.objects.get(code="P-1"), requirement=Requirement.objects.get(code="R-1"),
        quantity=5000)
    exported = export_scenario(START, 26)
    p1 = next(p for p in exported["pledges"] if p["id"] == "P-1")
    r1 = next(r for r in exported["requirements"] if r["id"] == "R-1")
    assert (p1["quantity"], r1["quantity"]) == (15000, 45000)


def test_cancelled_pledges_and_later_availability_stay_out(example_world):
    PledgeFactory(code="P-late", available_from=START.replace(year=2026))
    PledgeFactory(code="P-gone", status="cancelled", cancelled_on=START)
    ids = {p["id"] for p in export_scenario(START, 26)["pledges"]}
    assert ids == {"P-1", "P-2"}


def test_fingerprint_changes_when_the_data_changes(example_world):
    before = fingerprint(export_scenario(START, 26))
    assert fingerprint(export_scenario(START, 26)) == before
    example_world["node"].capacity_t_per_week = 800
    example_world["node"].save()
    assert fingerprint(export_scenario(START, 26)) != before


def test_cli_export_writes_a_scenario_the_planner_accepts(example_world, tmp_path, capsys):
    from convoy.planner import Scenario

    out = tmp_path / "scenario.json"
    convoy(["plan", "export", "-o", str(out), "--start", "2024-07-01", "--weeks", "26"])
    scenario = Scenario.from_json(json.loads(out.read_text()))
    assert len(scenario.pledges) == 2
    assert "2 pledges" in capsys.readouterr().out


def test_cli_export_refuses_a_bad_date_with_status_2(example_world, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        convoy(["plan", "export", "-o", str(tmp_path / "s.json"), "--start", "first of July"])
    assert exit_.value.code == 2
    assert not (tmp_path / "s.json").exists()


def test_a_course_without_sessions_left_is_still_listed_for_its_items(example_world):
    from convoy.planner import Scenario

    example_world["session"].status = "cancelled"
    example_world["session"].save()
    exported = export_scenario(START, 26)
    assert exported["courses"] == [
        {"id": "patriot-crew", "name": "Patriot crew course", "sessions": []}
    ]
    Scenario.from_json(exported)  # every reference resolves


def test_crews_trained_for_a_course_no_item_needs_stay_out(example_world):
    from convoy.planner import Scenario
    from convoy.training.models import TrainingRequest
    from tests.training.factories import CourseFactory, CourseSessionFactory, EnrolmentFactory

    other = CourseFactory(code="pilot")
    request = TrainingRequest.objects.get()
    session = CourseSessionFactory(course=other, start_date=START.replace(year=2023))
    EnrolmentFactory(request=request, session=session, crews=2, status="trained")
    exported = export_scenario(START, 26)
    assert {t["course"] for t in exported["trained_crews"]} == {"patriot-crew"}
    Scenario.from_json(exported)


def test_equipment_in_repair_is_supply_from_the_facility_depot_when_its_turnaround_ends(
        example_world):
    from convoy.planner import Scenario

    repair_order(example_world, received=week(1))
    exported = export_scenario(START, 26)
    assert exported["format"] == "convoy-scenario/2"
    repaired = next(p for p in exported["pledges"] if p["id"] == "RO-2024-001")
    assert repaired == {"id": "RO-2024-001", "donor": "UKR", "item": "ad-patriot-ln",
                        "quantity": 2, "available_week": 5, "origin": "POL-REP",
                        "source": "repair"}
    assert Scenario.from_json(exported).pledge_by_id["RO-2024-001"].source == "repair"


def test_an_order_requested_but_not_received_counts_its_turnaround_from_the_request(
        example_world):
    repair_order(example_world, received=None, status="requested")
    pledges = export_scenario(START, 26)["pledges"]
    repaired = next(p for p in pledges if p["id"] == "RO-2024-001")
    assert repaired["available_week"] == 2  # requested in week -2, four weeks' turnaround


def test_returned_cancelled_and_too_late_repairs_stay_out(example_world):
    order = repair_order(example_world, received=week(1))
    order.status = "cancelled"
    order.save()
    assert export_scenario(START, 26)["format"] == "convoy-scenario/1"
    order.status = "in_repair"
    order.save()
    assert "RO-2024-001" not in {p["id"] for p in export_scenario(START, 4)["pledges"]}


def test_crews_still_in_training_are_ready_in_the_week_their_session_ends(example_world):
    from convoy.planner import Scenario
    from convoy.training.models import TrainingRequest

    # S-1 starts in week 0 and lasts ten weeks.
    EnrolmentFactory(request=TrainingRequest.objects.get(), session=example_world["session"],
                     crews=1)
    exported = export_scenario(START, 26)
    assert exported["format"] == "convoy-scenario/2"
    assert exported["trained_crews"] == [
        {"requirement": "R-2", "course": "patriot-crew", "crews": 1},
        {"requirement": "R-2", "course": "patriot-crew", "crews": 1, "ready_week": 10},
    ]
    assert exported["courses"][0]["sessions"][0]["seats"] == 1  # the seat is taken
    scenario = Scenario.from_json(exported)
    assert [scenario.crews_ready("R-2", "patriot-crew", k) for k in (0, 9, 10)] == [1, 1, 2]
    # past the horizon they cannot help and stay out
    assert export_scenario(START, 10)["format"] == "convoy-scenario/1"


def test_the_plan_of_an_exported_scenario_uses_repairs_and_crews_in_training_in_time(
        example_world):
    from convoy.planner import Scenario, check_plan, solve
    from convoy.training.models import TrainingRequest

    repair_order(example_world, received=week(1))
    EnrolmentFactory(request=TrainingRequest.objects.get(), session=example_world["session"],
                     crews=1)
    scenario = Scenario.from_json(export_scenario(START, 26))
    for method in ("greedy", "optimal"):
        plan = solve(scenario, method=method, time_limit=20).plan
        assert check_plan(scenario, plan).valid
        for s in plan.shipments:
            if s.pledge == "RO-2024-001":
                assert s.dispatch_week >= 5 + 1  # available in week 5, a week to the node


def test_crews_of_a_session_ended_by_week_0_are_trained_and_of_a_cancelled_one_never(
        example_world):
    from convoy.training.models import TrainingRequest
    from tests.training.factories import CourseSessionFactory

    course = example_world["session"].course  # ten weeks long
    request = TrainingRequest.objects.get()
    ended = CourseSessionFactory(course=course, start_date=week(-10) + (week(1) - week(0)) / 7,
                                 facility=example_world["session"].facility, status="running")
    EnrolmentFactory(request=request, session=ended, crews=2)  # ends on Tuesday of week 0
    cancelled = CourseSessionFactory(course=course, start_date=week(2), status="cancelled",
                                     facility=example_world["session"].facility)
    EnrolmentFactory(request=request, session=cancelled, crews=1)
    exported = export_scenario(START, 26)
    assert exported["format"] == "convoy-scenario/1"
    assert exported["trained_crews"] == [
        {"requirement": "R-2", "course": "patriot-crew", "crews": 3}]
