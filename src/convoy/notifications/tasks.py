"""Background work for the task worker: what a committed write has to tell."""

from django_tasks import task

from convoy.core.audit import audit_source


@task()
def notify_after_commit(audit_ids: list[int]) -> int:
    """Tell the events of a committed transaction's audit records, then send what is due."""
    from convoy.notifications.delivery import deliver_due
    from convoy.notifications.worker import process_audit

    with audit_source("task"):
        made = process_audit(audit_ids)
        deliver_due()
    return made
