"""Plan runs: started by a coordinator, solved in the background, approved into the record."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from convoy.core.audit import history
from convoy.core.errors import DomainError
from convoy.donations.models import Allocation
from convoy.logistics.models import Shipment
from convoy.planning.models import PlanRun
from convoy.planning.services import plan_run_approve, plan_run_discard, plan_run_start
from convoy.training.models import Enrolment
from tests.core.factories import member
from tests.planning.conftest import START

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def solved_run(example_world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        run = plan_run_start(actor=example_world["coordinator"], start_date=START,
                             horizon_weeks=26, time_limit_s=30)
    run.refresh_from_db()
    return run


def test_a_started_run_is_solved_in_the_background(solved_run):
    assert solved_run.status == "succeeded"
    assert solved_run.progress == 1.0
    # The spec's example plan reaches 103.106667; the optimum can only be as good or better.
    assert solved_run.objective >= 103.106667 - 1e-6
    assert solved_run.bound >= solved_run.objective - 1e-6
    assert solved_run.result["plan"]["format"] == "convoy-plan/1"
    assert [r.summary for r in history(solved_run).order_by("id")] == [
        "", "queued → running", "running → succeeded"]


def test_approval_turns_the_plan_into_allocations_shipments_and_enrolments(solved_run,
                                                                           example_world):
    plan = solved_run.result["plan"]
    plan_run_approve(actor=example_world["coordinator"], run=solved_run)
    solved_run.refresh_from_db()
    assert solved_run.status == "approved"
    assert solved_run.decided_by == example_world["coordinator"]
    shipped = sum(s["quantity"] for s in plan["shipments"])
    assert sum(a.quantity for a in Allocation.objects.filter(plan_run=solved_run)) == shipped
    assert sum(s.quantity for s in Shipment.objects.filter(plan_run=solved_run)) == shipped
    assert Shipment.objects.filter(plan_run=solved_run).count() == len(plan["shipments"])
    trained = sum(t["crews"] for t in plan["training"])
    assert sum(e.crews for e in Enrolment.objects.filter(plan_run=solved_run)) == trained
    assert all(history(a).exists() for a in Allocation.objects.filter(plan_run=solved_run))


def test_a_stale_run_is_refused_and_writes_nothing(solved_run, example_world):
    node = example_world["node"]
    node.capacity_t_per_week = 500
    node.save()
    with pytest.raises(DomainError, match="stale"):
        plan_run_approve(actor=example_world["coordinator"], run=solved_run)
    assert not Allocation.objects.exists()
    assert not Shipment.objects.exists()
    solved_run.refresh_from_db()
    assert solved_run.status == "succeeded"


@pytest.mark.parametrize("role", ["donor_liaison", "recipient_planner", "viewer", "node_operator"])
def test_only_coordinators_start_and_approve_runs(solved_run, role):
    someone = member(role)
    with pytest.raises(PermissionDenied):
        plan_run_start(actor=someone, start_date=START)
    with pytest.raises(PermissionDenied):
        plan_run_approve(actor=someone, run=solved_run)
    with pytest.raises(PermissionDenied):
        plan_run_discard(actor=someone, run=solved_run)
    assert PlanRun.objects.count() == 1
    assert not Allocation.objects.exists()


@pytest.mark.parametrize("role", ["donor_liaison", "node_operator", "facility_operator"])
def test_runs_are_hidden_from_roles_that_see_only_their_own_records(solved_run, role):
    assert not PlanRun.objects.restrict(member(role)).exists()
    assert PlanRun.objects.restrict(member("viewer")).get() == solved_run


def test_a_discarded_run_cannot_be_approved(solved_run, example_world):
    plan_run_discard(actor=example_world["coordinator"], run=solved_run)
    with pytest.raises(DomainError, match="Discarded"):
        plan_run_approve(actor=example_world["coordinator"], run=solved_run)


@pytest.mark.django_db(transaction=True)
def test_the_database_task_worker_solves_a_queued_run(example_world):
    run = plan_run_start(actor=example_world["coordinator"], start_date=START, time_limit_s=30)
    assert PlanRun.objects.get(pk=run.pk).status == "queued"
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert PlanRun.objects.get(pk=run.pk).status == "succeeded"


def test_cli_starts_shows_and_approves_a_run(example_world, capsys):
    coordinator = example_world["coordinator"].username
    call_command("plan_run", "start", "--user", coordinator, "--start", "2024-07-01", "--wait")
    run = PlanRun.objects.get()
    assert run.status == "succeeded"
    call_command("plan_run", "approve", str(run.pk), "--user", coordinator)
    assert PlanRun.objects.get().status == "approved"
    assert "Approved" in capsys.readouterr().out


def test_cli_refuses_a_viewer_with_status_2(solved_run):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("plan_run", "approve", str(solved_run.pk), "--user", member("viewer").username)
    assert error.value.returncode == 2


def test_a_plan_that_proposes_nothing_cannot_be_approved(solved_run, example_world):
    result = {**solved_run.result, "plan": {**solved_run.result["plan"], "shipments": [],
                                            "training": []}}
    PlanRun.objects.filter(pk=solved_run.pk).update(result=result)
    with pytest.raises(DomainError, match="nothing to approve") as refused:
        plan_run_approve(actor=example_world["coordinator"], run=solved_run)
    assert list(refused.value.message_dict) == ["status"]
    assert PlanRun.objects.get(pk=solved_run.pk).status == "succeeded"
    assert not Allocation.objects.exists()


def test_cli_refuses_a_horizon_nobody_means_naming_the_field_with_status_2(example_world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("plan_run", "start", "--user", example_world["coordinator"].username,
                     "--start", "2024-07-01", "--weeks", str(2**31))
    assert error.value.returncode == 2
    assert "New plan run, field “horizon weeks”: Enter a number of weeks from 1 to 260." in str(
        error.value)
    assert not PlanRun.objects.exists()


def test_approval_leaves_equipment_still_in_repair_unallocated(example_world, settings,
                                                               django_capture_on_commit_callbacks):
    from tests.planning.conftest import repair_order, week

    repair_order(example_world, received=week(1))
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        run = plan_run_start(actor=example_world["coordinator"], start_date=START,
                             horizon_weeks=26, time_limit_s=30)
    run.refresh_from_db()
    assert run.scenario["format"] == "convoy-scenario/2"
    shipments = run.result["plan"]["shipments"]
    from_repair = [s for s in shipments if s["pledge"] == "RO-2024-001"]
    assert from_repair  # cheaper from the facility's depot, and still on time
    assert all(s["dispatch_week"] >= 6 for s in from_repair)  # back in week 5, a week away
    plan_run_approve(actor=example_world["coordinator"], run=run)
    allocated = Allocation.objects.filter(plan_run=run)
    assert sum(a.quantity for a in allocated) == sum(
        s["quantity"] for s in shipments if s not in from_repair)
    assert sum(s.quantity for s in Shipment.objects.filter(plan_run=run)) == sum(
        a.quantity for a in allocated)
