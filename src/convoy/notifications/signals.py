"""The bridge from the audit trail to the task worker: the audit records a transaction writes
are collected, and when (only if) it commits, one task is queued to tell their events.

Nothing is told inside the request; a rolled-back write tells nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from convoy.notifications.events import QUIET_SOURCES, READERS

log = logging.getLogger(__name__)


class _Batch:
    """The audit ids of one transaction, queued as one task when it commits."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.queued = False

    def __call__(self) -> None:
        from convoy.notifications.tasks import notify_after_commit

        self.queued = True
        try:
            notify_after_commit.enqueue(self.ids)
        except Exception:  # the sweep of `convoy notifications run` picks these up later
            log.exception("could not queue notifications for audit records %s", self.ids)


def _current_batch() -> _Batch:
    connection = transaction.get_connection()
    for _sids, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _Batch) and not callback.queued:
            return callback
    batch = _Batch()
    transaction.on_commit(batch, robust=True)
    return batch


def audit_record_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created or instance.source in QUIET_SOURCES:
        return
    content_type = instance.content_type
    if f"{content_type.app_label}.{content_type.model}" not in READERS:
        return
    if not transaction.get_connection().in_atomic_block:
        batch = _Batch()  # written outside a transaction: committed already
        batch.ids.append(instance.pk)
        batch()
        return
    _current_batch().ids.append(instance.pk)
