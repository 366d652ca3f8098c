"""Background work of the reports: making a briefing outside the request that asked for it."""

from django_tasks import task

from convoy.core.audit import audit_source


@task()
def make_briefing(briefing_id: int) -> str:
    from convoy.reports.models import Briefing
    from convoy.reports.services import briefing_make

    briefing = Briefing.objects.get(pk=briefing_id)
    if briefing.status != Briefing.Status.QUEUED:
        return briefing.status
    with audit_source("task"):
        return briefing_make(briefing).status
