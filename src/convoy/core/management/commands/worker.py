"""`convoy worker`: a task worker (django-tasks' database backend) that also writes a heartbeat.

Run one or more on any number of hosts against the same database: each claims a task inside a
locked transaction (`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL), so no task runs twice, and
/healthz reports the last heartbeat of any of them.
"""

from django_tasks_db.management.commands import db_worker

from convoy.core import health


class Command(db_worker.Command):
    help = "Run queued tasks (plan runs), writing a heartbeat that /healthz reports."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=health.new_worker_id())

    def handle(self, *args, worker_id, **options):
        heartbeat = health.HeartbeatThread(worker_id)
        health.beat(worker_id, heartbeat.started_at)
        heartbeat.start()
        try:
            return super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stopped.set()
            heartbeat.join(timeout=5)
