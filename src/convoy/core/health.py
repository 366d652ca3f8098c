"""Health of one Convoy host as a load balancer or monitor sees it: the database, the cache, and
how long ago a task worker (on any host) last gave a sign of life."""

from __future__ import annotations

import os
import socket
import threading
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from convoy.core.models import WorkerHeartbeat


def heartbeat_seconds() -> int:
    return int(getattr(settings, "CONVOY_WORKER_HEARTBEAT_SECONDS", 10))


def stale_seconds() -> int:
    """A worker silent for longer than this counts as gone (a few missed heartbeats)."""
    return int(getattr(settings, "CONVOY_WORKER_STALE_SECONDS", 60))


def beat(worker_id: str, started_at: datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(),
                  "started_at": started_at, "seen_at": timezone.now()},
    )


class HeartbeatThread(threading.Thread):
    """Beats every few seconds beside the worker loop, also while a long plan run is solving."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="convoy-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def run(self) -> None:
        # The worker beat once before starting this thread; from here on, every few seconds.
        while not self.stopped.wait(heartbeat_seconds()):
            try:
                beat(self.worker_id, self.started_at)
            except Exception:  # the database may be away for a moment; beat again later
                close_old_connections()
            finally:
                connection.close()


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return {"ok": False, "vendor": connection.vendor, "error": type(error).__name__}
    return {"ok": True, "vendor": connection.vendor}


def _cache() -> dict[str, Any]:
    cache = caches["default"]
    backend = type(cache).__name__
    key = f"convoy:healthz:{get_random_string(12)}"
    try:
        cache.set(key, "ok", 10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as error:
        return {"ok": False, "backend": backend, "error": type(error).__name__}
    return {"ok": ok, "backend": backend, "shared": backend != "LocMemCache"}


def _worker() -> dict[str, Any]:
    try:
        last = WorkerHeartbeat.objects.order_by("-seen_at").first()
        alive = WorkerHeartbeat.objects.filter(
            seen_at__gte=timezone.now() - timezone.timedelta(seconds=stale_seconds())).count()
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}
    if last is None:
        return {"ok": False, "last_heartbeat": None, "workers_alive": 0}
    age = (timezone.now() - last.seen_at).total_seconds()
    return {"ok": age <= stale_seconds(), "last_heartbeat": last.seen_at.isoformat(),
            "age_seconds": round(age, 1), "workers_alive": alive}


def report() -> tuple[bool, dict[str, Any]]:
    checks = {"database": _database(), "cache": _cache(), "worker": _worker()}
    healthy = all(c["ok"] for c in checks.values())
    return healthy, {"status": "ok" if healthy else "failing", **checks}


def healthz(request):
    """GET /healthz: 200 when the database, the cache and a task worker are all well, else 503;
    JSON either way. Needs no sign-in (load balancers ask it) and tells nothing of the data."""
    from django.http import JsonResponse

    healthy, body = report()
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
