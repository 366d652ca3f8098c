"""Plan runs: export, run in the background, review, approve (into allocations, shipments and
enrolments) or discard. Approval and discarding are coordinators' decisions."""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convoy.core.codes import fitted_code
from convoy.core.dates import add_weeks
from convoy.core.errors import DomainError
from convoy.core.permissions import ensure_allowed
from convoy.core.services import create_record, transition, validate_record
from convoy.planning import whatif
from convoy.planning.export import export_scenario, fingerprint, week_zero
from convoy.planning.models import PlanRun

DECISIONS = {
    "succeeded": {"approved", "discarded"},
    "failed": {"discarded"},
    "queued": {"running", "discarded"},
    "running": {"succeeded", "failed"},
}


def plan_export(*, start_date: date, horizon_weeks: int) -> tuple[dict[str, Any], str]:
    scenario = export_scenario(start_date, horizon_weeks)
    return scenario, fingerprint(scenario)


def plan_run_start(
    *,
    actor: Any,
    start_date: date,
    horizon_weeks: int = 26,
    method: str = "optimal",
    time_limit_s: int = 60,
    changes: list[dict[str, Any]] | None = None,
) -> PlanRun:
    """Export the current data and queue a plan run; the task worker solves it.

    With `changes` (convoy.planning.whatif) it is a what-if run: the changes are made to the
    exported scenario only, stored with the run, and the run can never be approved. Its
    fingerprint is still the record's, so it shows as stale like any other run."""
    from convoy.planning.tasks import run_plan

    # The run's own fields are checked before the export, which a horizon of 2^31 weeks or a
    # date in year 1 would otherwise make hang or fail.
    draft = PlanRun(start_date=start_date, horizon_weeks=horizon_weeks, method=method,
                    time_limit_s=time_limit_s, started_by=actor)
    ensure_allowed(actor, "add", draft)
    validate_record(draft, exclude=["scenario", "fingerprint"])
    with transaction.atomic():
        scenario, digest = plan_export(start_date=start_date, horizon_weeks=horizon_weeks)
        sessions = whatif.record_sessions(scenario)
        stored = whatif.check(changes, scenario, sessions=sessions, donors=whatif.record_donor)
        if stored:
            scenario = whatif.apply(scenario, stored, sessions=sessions)
        run = create_record(
            actor=actor,
            model=PlanRun,
            start_date=week_zero(start_date),
            horizon_weeks=horizon_weeks,
            method=method,
            time_limit_s=time_limit_s,
            scenario=scenario,
            fingerprint=digest,
            changes=stored,
            started_by=actor,
            summary=_("what-if: %(changes)s") % {
                "changes": "; ".join(whatif.describe(c) for c in stored)} if stored else "",
        )
        transaction.on_commit(lambda: run_plan.enqueue(run.pk))
    return run


def plan_run_execute(run: PlanRun) -> PlanRun:
    """Solve a queued run (called by the task worker). The planner never raises for a valid
    scenario; anything else marks the run failed with the reason."""
    from convoy.planner import Scenario, ScenarioError, solve

    transition(
        actor=None, obj=run, to="running", allowed=DECISIONS, started_at=timezone.now(), message=""
    )

    def progress(stage: str, fraction: float) -> None:
        # Telemetry for the page's progress bar, not a change of record: not audited.
        PlanRun.objects.filter(pk=run.pk).update(
            progress=max(0.0, min(1.0, fraction)), message=stage[:200]
        )

    try:
        result = solve(
            Scenario.from_json(run.scenario),
            method=run.method,
            time_limit=float(run.time_limit_s),
            progress=progress,
        )
    except ScenarioError as error:
        return transition(
            actor=None,
            obj=run,
            to="failed",
            allowed=DECISIONS,
            finished_at=timezone.now(),
            message=str(error)[:2000],
        )
    except Exception as error:  # the task boundary: a run must never stay "running" forever
        return transition(
            actor=None,
            obj=run,
            to="failed",
            allowed=DECISIONS,
            finished_at=timezone.now(),
            message=f"The planner failed: {type(error).__name__}: {error}"[:2000],
        )
    document = result.plan.to_json()
    return transition(
        actor=None,
        obj=run,
        to="succeeded",
        allowed=DECISIONS,
        finished_at=timezone.now(),
        progress=1.0,
        message=_(
            "%(status)s: objective %(objective)s"
        ) % {"status": result.status, "objective": format(result.objective, ".4f")},
        objective=result.objective,
        bound=result.bound,
        result={
            "status": result.status,
            "plan": document,
            "metrics": result.metrics,
            "timings": result.timings,
            "gap": result.gap,
            # Kept with the run, so its page shows what the planner found without redoing it.
            "shortfalls": [s.to_json() for s in result.shortfalls],
        },
    )


def plan_run_approve(*, actor: Any, run: PlanRun) -> PlanRun:
    """Turn the plan into allocations, planned shipments and enrolments, all or nothing.

    Refused when the data changed since the run exported its scenario: the plan was made for a
    world that no longer exists.
    """
    from convoy.donations.models import Pledge, Requirement
    from convoy.donations.services import allocation_create
    from convoy.logistics.models import Node
    from convoy.logistics.services import shipment_plan
    from convoy.training.models import CourseSession

    with transaction.atomic():
        run = PlanRun.objects.select_for_update().get(pk=run.pk)
        if run.changes:
            raise DomainError(
                {
                    "changes": _(
                        "Plan run %(pk)s is a what-if run: it was planned on changes to the "
                        "record, not on the record itself, so it can never be approved. Start a "
                        "plan run without changes to plan for the record."
                    ) % {"pk": run.pk}
                }
            )
        if run.status != "succeeded":
            raise DomainError(
                {
                    "status": _(
                        "Plan run %(pk)s is %(status)s; only a run ready for review can be "
                        "approved."
                    ) % {"pk": run.pk, "status": run.get_status_display()}
                }
            )
        _scenario, digest = plan_export(start_date=run.start_date, horizon_weeks=run.horizon_weeks)
        if digest != run.fingerprint:
            raise DomainError(
                {
                    "fingerprint": _(
                        "Plan run %(pk)s is stale: pledges, requirements, nodes or sessions "
                        "changed since it was exported. Start a new run."
                    ) % {"pk": run.pk}
                }
            )
        plan = run.result["plan"]
        if not plan.get("shipments") and not plan.get("training"):
            raise DomainError(
                {
                    "status": _(
                        "Plan run %(pk)s proposes no shipment and no enrolment: there is "
                        "nothing to approve. Discard it, or start a run over other weeks once "
                        "pledges, requirements or sessions have changed."
                    ) % {"pk": run.pk}
                }
            )
        pledges = Pledge.objects.in_bulk(
            [s["pledge"] for s in plan["shipments"]], field_name="code"
        )
        requirements = Requirement.objects.in_bulk(
            [s["requirement"] for s in plan["shipments"]]
            + [t["requirement"] for t in plan["training"]],
            field_name="code",
        )
        nodes = Node.objects.in_bulk(field_name="code")

        # Units still in repair cannot be allocated yet: the plan counted on them, and the next
        # run allocates them from the pledge their order becomes when it is returned.
        in_repair = repair_supply(run.scenario)
        by_pair: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for s in plan["shipments"]:
            if s["pledge"] not in in_repair:
                by_pair[(s["pledge"], s["requirement"])].append(s)
        for (pledge_code, requirement_code), legs in by_pair.items():
            allocation = allocation_create(
                actor=actor,
                pledge=pledges[pledge_code],
                requirement=requirements[requirement_code],
                quantity=sum(s["quantity"] for s in legs),
                plan_run=run,
            )
            for s in legs:
                shipment_plan(
                    actor=actor,
                    allocation=allocation,
                    quantity=s["quantity"],
                    node=nodes[s["node"]],
                    planned_departure=add_weeks(run.start_date, s["dispatch_week"]),
                    plan_run=run,
                )

        sessions = CourseSession.objects.select_related("course").in_bulk(
            [t["session"] for t in plan["training"]], field_name="code"
        )
        for t in plan["training"]:
            _enrol_for_requirement(
                actor, run, requirements[t["requirement"]], sessions[t["session"]], t["crews"]
            )
        return transition(
            actor=actor,
            obj=run,
            to="approved",
            allowed=DECISIONS,
            decided_by=actor,
            decided_at=timezone.now(),
        )


def repair_supply(scenario: dict[str, Any]) -> set[str]:
    """The ids of a scenario's supply that is equipment still in repair, not a pledge."""
    return {p["id"] for p in scenario.get("pledges", []) if p.get("source") == "repair"}


def training_request_code(requirement_code: str, session_code: str) -> str:
    """The code of the training request an approval opens for a requirement's crews."""
    from convoy.training.models import TrainingRequest

    return fitted_code(TrainingRequest, "TR", requirement_code, session_code)


def _enrol_for_requirement(
    actor: Any, run: PlanRun, requirement: Any, session: Any, crews: int
) -> None:
    """Enrol crews for the requirement's training request of that course, opening one for the
    planned crews when the recipient has not asked yet."""
    from convoy.training.models import TrainingRequest
    from convoy.training.selectors import crews_left
    from convoy.training.services import enrolment_create, training_request_create

    request = (
        TrainingRequest.objects.filter(
            requirement=requirement, course=session.course, status="open"
        )
        .order_by("needed_by")
        .first()
    )
    if request is None or crews_left(request) < crews:
        request = training_request_create(
            actor=actor,
            code=training_request_code(requirement.code, session.code),
            recipient=requirement.recipient,
            recipient_unit=f"Crews for {requirement.code}",
            course=session.course,
            crews_needed=crews,
            # An overdue requirement's crews are needed now.
            needed_by=max(requirement.needed_by, timezone.localdate()),
            requirement=requirement,
        )
    enrolment_create(actor=actor, request=request, session=session, crews=crews, plan_run=run)


def plan_run_discard(*, actor: Any, run: PlanRun) -> PlanRun:
    return transition(
        actor=actor,
        obj=run,
        to="discarded",
        allowed=DECISIONS,
        decided_by=actor,
        decided_at=timezone.now(),
    )
