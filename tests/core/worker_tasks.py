"""A task for the test of two workers sharing one queue (imported by the worker processes)."""

import os
import time

from django_tasks import task

from convoy.core.models import WorkerHeartbeat


@task()
def wait_for_two_workers(number: int) -> list[int]:
    """Holds its worker until a second one has started, so both take tasks from the queue."""
    for _ in range(600):
        if WorkerHeartbeat.objects.count() >= 2:
            break
        time.sleep(0.1)
    return [number, os.getpid()]
