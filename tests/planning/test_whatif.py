"""What-if runs: changes made to the exported scenario only, stored with the run, checked with
field errors, and never approvable."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from convoy.core.audit import history
from convoy.core.errors import DomainError
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.logistics.models import Node
from convoy.planning.export import export_scenario
from convoy.planning.models import PlanRun
from convoy.planning.services import plan_run_approve, plan_run_discard, plan_run_start
from convoy.planning.whatif import apply, check
from tests.core.factories import member
from tests.planning.conftest import START

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

CHANGES = [
    {"kind": "node_capacity", "node": "node-pl-1", "from_week": 2, "to_week": 3, "capacity_t": 0},
    {"kind": "session_seats", "session": "S-1", "seats": 3},
    {"kind": "pledge", "donor": "DEU", "item": "art-155-he", "quantity": 30000, "origin": "DEU",
     "available_week": 1},
    {"kind": "requirement", "requirement": "R-2", "priority": 3, "due_week": 12},
]


def start(world, changes, **kwargs):
    return plan_run_start(actor=world["coordinator"], start_date=START, horizon_weeks=26,
                          time_limit_s=30, changes=changes, **kwargs)


@pytest.fixture
def what_if(example_world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        run = start(example_world, CHANGES)
    run.refresh_from_db()
    return run


def test_the_changes_are_made_to_the_scenario_and_stored_with_the_run(what_if):
    scenario = what_if.scenario
    node = next(n for n in scenario["nodes"] if n["id"] == "node-pl-1")
    assert node["capacity_overrides"] == {"2": 0.0, "3": 0.0, "5": 0.0}
    session = scenario["courses"][0]["sessions"][0]
    assert (session["id"], session["seats"]) == ("S-1", 5)
    extra = [p for p in scenario["pledges"] if p["id"].startswith("what-if")]
    assert extra == [{"id": "what-if-1", "donor": "DEU", "item": "art-155-he",
                      "quantity": 30000, "available_week": 1, "origin": "DEU"}]
    r2 = next(r for r in scenario["requirements"] if r["id"] == "R-2")
    assert (r2["priority"], r2["due_week"]) == (3, 12)
    assert what_if.changes == [
        {**CHANGES[0]}, {**CHANGES[1]}, {**CHANGES[2]}, {**CHANGES[3]}]
    assert what_if.status == "succeeded"
    # 50,000 shells were needed and 20,000 pledged: the hypothetical 30,000 go too.
    shells = sum(s["quantity"] for s in what_if.result["plan"]["shipments"]
                 if s["requirement"] == "R-1")
    assert shells > 20000


def test_the_record_is_untouched(what_if):
    assert Node.objects.get(code="node-pl-1").capacity_exceptions.count() == 1
    assert Pledge.objects.count() == 2
    assert Requirement.objects.get(code="R-2").priority == 1
    # The fingerprint is the record's (the export the changes were made to).
    from convoy.planning.services import plan_export
    assert what_if.fingerprint == plan_export(start_date=START, horizon_weeks=26)[1]


def test_starting_a_what_if_run_leaves_an_audit_record_naming_the_changes(what_if):
    created = history(what_if).order_by("id").first()
    assert created.action == "create"
    assert created.summary.startswith("what-if: node-pl-1 closed in weeks 2 to 3")


def test_a_what_if_run_is_never_approved(what_if, example_world):
    with pytest.raises(DomainError, match="what-if run") as refused:
        plan_run_approve(actor=example_world["coordinator"], run=what_if)
    assert list(refused.value.message_dict) == ["changes"]
    what_if.refresh_from_db()
    assert what_if.status == "succeeded"
    assert not Allocation.objects.exists()
    plan_run_discard(actor=example_world["coordinator"], run=what_if)
    assert PlanRun.objects.get().status == "discarded"


def test_a_donor_left_out_loses_its_pledges(example_world):
    run = start(example_world, [{"kind": "leave_out_donor", "donor": "DEU"}])
    assert run.scenario["pledges"] == []
    assert run.is_what_if and str(run).startswith("What-if plan run")


def test_seats_are_added_to_a_full_session(example_world):
    session = example_world["session"]
    session.seats = 1
    session.save()
    from tests.training.factories import EnrolmentFactory, TrainingRequestFactory
    request = TrainingRequestFactory(course=session.course, crews_needed=1)
    EnrolmentFactory(request=request, session=session, crews=1)
    assert export_scenario(START, 26)["courses"][0]["sessions"] == []
    run = start(example_world, [{"kind": "session_seats", "session": "S-1", "seats": 2}])
    assert [(s["id"], s["seats"]) for s in run.scenario["courses"][0]["sessions"]] == [("S-1", 2)]


@pytest.mark.parametrize("change, field, words", [
    ({"kind": "node_capacity", "node": "nowhere", "capacity_t": 5}, "node", "no node “nowhere”"),
    ({"kind": "node_capacity", "node": "node-pl-1", "capacity_t": -5}, "capacity_t", "0 t/week"),
    ({"kind": "node_capacity", "node": "node-pl-1", "capacity_t": 5, "from_week": 30},
     "from_week", "outside the horizon (weeks 0 to 25)"),
    ({"kind": "node_capacity", "node": "node-pl-1", "capacity_t": 5, "from_week": 4,
      "to_week": 2}, "to_week", "comes before"),
    ({"kind": "session_seats", "session": "S-1", "seats": -3}, "seats", "2 seats left"),
    ({"kind": "session_seats", "session": "S-9", "seats": 1}, "session", "no session “S-9”"),
    ({"kind": "pledge", "donor": "XXX", "item": "art-155-he", "quantity": 1, "origin": "DEU"},
     "donor", "no nation “XXX”"),
    ({"kind": "pledge", "donor": "DEU", "item": "tank", "quantity": 1, "origin": "DEU"},
     "item", "no item “tank”"),
    ({"kind": "pledge", "donor": "DEU", "item": "art-155-he", "quantity": 0, "origin": "DEU"},
     "quantity", "not between 1"),
    ({"kind": "pledge", "donor": "DEU", "item": "art-155-he", "quantity": 1, "origin": "UKR-W"},
     "origin", "no lane leads from “UKR-W”"),
    ({"kind": "requirement", "requirement": "R-1"}, "priority", "a new priority"),
    ({"kind": "requirement", "requirement": "R-1", "priority": 9}, "priority", "between 1 and 5"),
    ({"kind": "requirement", "requirement": "R-7", "due_week": 2}, "requirement", "“R-7”"),
    ({"kind": "leave_out_donor", "donor": "POL"}, "donor", "no pledge of donor “POL”"),
    ({"kind": "leave_out_donor"}, "donor", "required"),
    ({"kind": "leave_out_donor", "donor": "DEU", "colour": "red"}, "colour", "no such field"),
    ({"kind": "teleport"}, "kind", "give one of"),
    ("close everything", "kind", "give one of"),
])
def test_bad_changes_are_refused_naming_the_change_and_field(example_world, change, field, words):
    with pytest.raises(DomainError) as refused:
        start(example_world, [{"kind": "leave_out_donor", "donor": "DEU"}, change])
    [error] = refused.value.error_dict["changes"]
    assert error.params["index"] == 1 and error.params["field"] == field
    message = refused.value.message_dict["changes"][0]
    assert message.startswith("Change 2 (") and f"field “{field}”" in message
    assert words in message
    assert not PlanRun.objects.exists()


def test_changes_that_are_not_a_list_are_refused(example_world):
    with pytest.raises(DomainError, match="list of objects"):
        start(example_world, {"kind": "leave_out_donor"})


def test_only_coordinators_start_what_if_runs(example_world):
    with pytest.raises(PermissionDenied):
        plan_run_start(actor=member("viewer"), start_date=START, changes=CHANGES)
    assert not PlanRun.objects.exists()


def test_check_and_apply_need_no_database():
    scenario = {"horizon_weeks": 4, "nodes": [{"id": "n", "capacity_t_per_week": 10}],
                "courses": [], "items": [], "lanes": [], "requirements": [], "pledges": []}
    stored = check([{"kind": "node_capacity", "node": "n", "capacity_t": 4, "to_week": 1}],
                   scenario)
    assert apply(scenario, stored)["nodes"][0]["capacity_overrides"] == {"0": 4.0, "1": 4.0}
    assert "capacity_overrides" not in scenario["nodes"][0]


def test_leaving_out_a_donor_keeps_the_recipients_equipment_back_from_repair():
    """Repair supply carries the recipient as its donor; it is no donor's pledge to leave out."""
    pledges = [{"id": "P-1", "donor": "DEU", "item": "tank", "quantity": 2, "origin": "DEU"},
               {"id": "RO-1", "donor": "UKR", "item": "tank", "quantity": 1, "origin": "REP",
                "source": "repair"}]
    scenario = {"horizon_weeks": 4, "nodes": [], "courses": [], "items": [], "lanes": [],
                "requirements": [], "pledges": pledges}
    with pytest.raises(DomainError, match="no pledge of donor “UKR”"):
        check([{"kind": "leave_out_donor", "donor": "UKR"}], scenario)
    stored = check([{"kind": "leave_out_donor", "donor": "DEU"}], scenario)
    assert [p["id"] for p in apply(scenario, stored)["pledges"]] == ["RO-1"]


def test_cli_starts_a_what_if_run_from_a_file(example_world, tmp_path, capsys):
    import json

    changes = tmp_path / "changes.json"
    changes.write_text(json.dumps(CHANGES[:2]))
    call_command("plan_run", "start", "--user", example_world["coordinator"].username,
                 "--start", "2024-07-01", "--change", str(changes), "--wait")
    run = PlanRun.objects.get()
    assert run.changes == CHANGES[:2] and run.status == "succeeded"
    out = capsys.readouterr().out
    assert "what-if" in out and "node-pl-1 closed in weeks 2 to 3" in out
    with pytest.raises(CommandError, match="what-if run") as refused:
        call_command("plan_run", "approve", str(run.pk), "--user",
                     example_world["coordinator"].username)
    assert refused.value.returncode == 2


def test_cli_refuses_bad_changes_with_status_2(example_world, tmp_path):
    import json

    changes = tmp_path / "changes.json"
    changes.write_text(json.dumps({"kind": "node_capacity", "node": "x", "capacity_t": 1}))
    with pytest.raises(CommandError, match=r"Change 1 .*no node “x”") as refused:
        call_command("plan_run", "start", "--user", example_world["coordinator"].username,
                     "--start", "2024-07-01", "--change", str(changes))
    assert refused.value.returncode == 2
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(CommandError, match="--change") as refused:
        call_command("plan_run", "start", "--user", example_world["coordinator"].username,
                     "--start", "2024-07-01", "--change", str(tmp_path / "bad.json"))
    assert refused.value.returncode == 2
    assert not PlanRun.objects.exists()


@pytest.mark.parametrize("changes", [
    [{"kind": ["node_capacity"]}], [None, 3], [{"kind": "node_capacity", "node": {},
                                                "capacity_t": float("nan")}],
    [{"kind": "requirement", "requirement": "R-1", "due_week": float("inf")}],
    [{"kind": "session_seats", "session": ["S-1"], "seats": 1.5}],
])
def test_junk_is_refused_not_a_crash(example_world, changes):
    with pytest.raises(DomainError):
        start(example_world, changes)


def test_what_if_runs_are_neither_stale_nor_waiting_for_a_decision(what_if, example_world):
    import datetime

    from django.utils import timezone

    from convoy.planning.selectors import plan_runs_waiting, stale_plan_runs

    PlanRun.objects.filter(pk=what_if.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=30))
    PlanRun.objects.filter(pk=what_if.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30))
    coordinator = example_world["coordinator"]
    ordinary = start(example_world, None)
    PlanRun.objects.filter(pk=ordinary.pk).update(
        status="succeeded", finished_at=timezone.now() - datetime.timedelta(days=30),
        created_at=timezone.now() - datetime.timedelta(days=30))
    today, now = timezone.localdate(), timezone.now()
    assert list(stale_plan_runs(coordinator, today)) == [PlanRun.objects.get(pk=ordinary.pk)]
    assert list(plan_runs_waiting(coordinator, now)) == [PlanRun.objects.get(pk=ordinary.pk)]
