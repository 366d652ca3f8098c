"""/healthz, the worker's heartbeat, the shared cache, and two workers sharing one queue."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from convoy.core import health
from convoy.core.models import WorkerHeartbeat
from tests.core.factories import member

REDIS_URL = os.environ.get("CONVOY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REPO = Path(__file__).resolve().parents[2]


def redis_running() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


# In CI Redis must be there (.ci/run starts it); elsewhere its tests skip when it is absent.
needs_redis = pytest.mark.skipif(
    not redis_running() and not os.environ.get("CI"), reason="Redis is not running")
REDIS_CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                            "LOCATION": REDIS_URL, "KEY_PREFIX": "convoy-test"}}


@pytest.mark.django_db
def test_healthz_is_503_without_a_worker_and_200_with_one(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["database"]["ok"] and body["cache"]["ok"]
    assert body["worker"] == {"ok": False, "last_heartbeat": None, "workers_alive": 0}
    health.beat("w1", timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"]["ok"] and response.json()["worker"]["workers_alive"] == 1
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_is_503_when_the_last_heartbeat_is_stale(client):
    old = timezone.now() - timedelta(seconds=health.stale_seconds() + 5)
    WorkerHeartbeat.objects.create(worker_id="w1", host="h", pid=1, started_at=old, seen_at=old)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["ok"] is False
    assert response.json()["worker"]["workers_alive"] == 0


@pytest.mark.django_db
def test_healthz_needs_no_sign_in_and_shows_no_data(client):
    member("coordinator")
    text = client.get("/healthz").content.decode()
    assert "coordinator" not in text and "password" not in text


@pytest.mark.django_db
def test_worker_writes_a_heartbeat(monkeypatch):
    from django_tasks_db.management.commands import db_worker

    # The worker loop itself is django-tasks' (shown running tasks in the PostgreSQL test below);
    # here it returns at once, as when no task is queued.
    seen = []
    monkeypatch.setattr(db_worker.Command, "handle", lambda self, **options: seen.append(options))
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "w-test",
                 verbosity=0)
    assert seen and seen[0]["worker_id"] == "w-test"
    beat = WorkerHeartbeat.objects.get(worker_id="w-test")
    assert beat.pid == os.getpid()
    assert timezone.now() - beat.seen_at < timedelta(minutes=5)


@pytest.mark.django_db
@needs_redis
def test_redis_cache_is_shared_between_processes_and_healthz_says_so(client):
    with override_settings(CACHES=REDIS_CACHES):
        one, other = RedisCache(REDIS_URL, {}), RedisCache(REDIS_URL, {})
        one.set("convoy-test:shared", "from host one", 30)
        assert other.get("convoy-test:shared") == "from host one"
        one.delete("convoy-test:shared")
        cache_report = client.get("/healthz").json()["cache"]
        assert cache_report == {"ok": True, "backend": "RedisCache", "shared": True}


@pytest.mark.django_db
@needs_redis
def test_home_page_is_cached_in_redis(client):
    from django.core.cache import cache

    client.force_login(member("coordinator"))
    with override_settings(CACHES=REDIS_CACHES):
        cache.clear()
        first = client.get("/")
        assert first.status_code == 200
        assert any(k.startswith(b"convoy-test:1:convoy:home:") for k in
                   cache._cache.get_client().keys("convoy-test:*"))
        second = client.get("/")  # from the cache: the pickled picture renders the same
        assert second.status_code == 200
        cache.clear()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_two_workers_share_one_queue_without_running_a_task_twice():
    from django_tasks_db.models import DBTaskResult

    from tests.core.worker_tasks import wait_for_two_workers

    results = [wait_for_two_workers.enqueue(n) for n in range(12)]
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "PYTHONPATH": f"{REPO / 'src'}:{REPO}"}
    command = [sys.executable, "-m", "convoy", "worker", "--batch", "--no-startup-delay",
               "--no-reload", "--interval", "0.1", "--verbosity", "0"]
    workers = [subprocess.Popen([*command, "--worker-id", f"worker-{i}"], env=env)
               for i in (1, 2)]
    for worker in workers:
        assert worker.wait(timeout=180) == 0
    rows = DBTaskResult.objects.filter(id__in=[r.id for r in results])
    assert rows.count() == 12
    assert {row.status for row in rows} == {"SUCCESSFUL"}
    assert all(len(row.worker_ids) == 1 for row in rows)  # each claimed once, run once
    assert {row.worker_ids[0] for row in rows} == {"worker-1", "worker-2"}
    numbers = sorted(row.return_value[0] for row in rows)
    assert numbers == list(range(12))
