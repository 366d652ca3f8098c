"""Background work: solving a plan run outside the request that started it."""

from django_tasks import task

from convoy.core.audit import audit_source


@task()
def run_plan(run_id: int) -> str:
    from convoy.planning.models import PlanRun
    from convoy.planning.services import plan_run_execute

    run = PlanRun.objects.get(pk=run_id)
    if run.status != PlanRun.Status.QUEUED:  # solved already (e.g. `plan_run start --wait`)
        return run.status
    with audit_source("task"):
        return plan_run_execute(run).status
