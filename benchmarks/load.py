"""Load: the real server (gunicorn on PostgreSQL, 100,000 pledges) under 50 concurrent users.

    PYTHONPATH=src python benchmarks/load.py [--users 50] [--seconds 60] [--pledges 100000]
        [--database postgres://postgres@127.0.0.1:5432/convoy_load] [--workers 3]

Builds a fresh database (migrate, demo, then the extra pledges by bulk insert), serves it with
gunicorn on 127.0.0.1, and runs simulated users of every demo role over HTTP for a fixed time:
lists, record pages, searches, the API, CSV exports of filtered lists and a few writes (a donor
liaison committing pledges through the API). Prints requests per second, p50/p95/p99 latency and
errors, per kind of request and in all (target: p95 under 300 ms, 0 errors). The figures depend on
the machine and on whatever else runs on it.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "convoy-demo-2024"
#: The roles that read every nation's pledges (the load's extra pledges are German).
READ_ALL = {"coordinator", "donor-deu", "planner-ukr", "viewer"}
ROLES = ["coordinator", "donor-deu", "donor-pol", "planner-ukr", "node-rzeszow", "facility-pol",
         "viewer"]


def env_for(database: str, var_dir: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database, "CONVOY_HTTPS": "0", "CONVOY_VAR_DIR": var_dir,
            "CONVOY_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_SETTINGS_MODULE":
            "convoy.settings", "PYTHONPATH": str(REPO / "src"), "CONVOY_LOG_LEVEL": "WARNING",
            # The load's users all sign in from 127.0.0.1: no lock for them.
            "CONVOY_SIGNIN_FAILURE_LIMIT": "1000",
            # 50 simulated users share seven accounts, far faster than seven people would.
            "CONVOY_API_RATE_USER": "off", "CONVOY_API_RATE_ANON": "off"}


def convoy(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "convoy", *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def build_database(database: str, env: dict[str, str], pledges: int) -> None:
    name = database.rsplit("/", 1)[1]
    server = database.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", server, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", server, "-qc", f"CREATE DATABASE {name}"], check=True)
    convoy(env, "migrate", "--noinput")
    convoy(env, "demo")
    convoy(env, "collectstatic", "--noinput")
    code = f"""
from convoy.donations.models import Pledge
template = Pledge.objects.filter(donor__code="DEU", status="announced").first()
fields = {{f.attname: getattr(template, f.attname) for f in Pledge._meta.concrete_fields
          if f.attname not in ("id", "code")}}
batch = []
for n in range({pledges}):
    batch.append(Pledge(code=f"P-LOAD-{{n:06d}}", **fields))
    if len(batch) == 5000:
        Pledge.objects.bulk_create(batch); batch = []
Pledge.objects.bulk_create(batch)
print(Pledge.objects.count())
"""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "convoy", "shell", "-c", code], env=env,
                         check=True, capture_output=True, text=True).stdout.strip()
    print(f"database: {out} pledges ({pledges} bulk-inserted in "
          f"{time.perf_counter() - started:.1f} s)")


#: The ids of the extra pledges (the record pages are addressed by id).
PLEDGE_IDS = (0, 0)


def pledge_ids(env: dict[str, str]) -> tuple[int, int]:
    code = ("from convoy.donations.models import Pledge; q = Pledge.objects.filter("
            "code__startswith='P-LOAD-').order_by('id'); print(q.first().id, q.last().id)")
    out = subprocess.run([sys.executable, "-m", "convoy", "shell", "-c", code], env=env,
                         check=True, capture_output=True, text=True).stdout.split()
    return int(out[-2]), int(out[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class User(threading.Thread):
    """One simulated person: signs in, then works through the pages of their role."""

    commit_numbers = itertools.count()

    def __init__(self, base: str, role: str, until: float, results, lock) -> None:
        super().__init__(daemon=True)
        self.base, self.role, self.until = base, role, until
        self.results, self.lock = results, lock
        self.session = requests.Session()
        # The API with basic authentication and no session cookie (a cookie would ask for CSRF).
        self.api = requests.Session()
        self.sees_load = role in READ_ALL
        self.rng = random.Random(hash(role) ^ id(self))

    def timed(self, kind: str, method: str, path: str, **kwargs) -> requests.Response | None:
        started = time.perf_counter()
        client = self.api if "auth" in kwargs else self.session
        try:
            response = client.request(method, self.base + path, timeout=60,
                                            allow_redirects=False, **kwargs)
            ok = response.status_code < 400
        except requests.RequestException:
            response, ok = None, False
        elapsed = time.perf_counter() - started
        with self.lock:
            self.results[kind].append((elapsed, ok))
        return response

    def sign_in(self) -> None:
        page = self.session.get(self.base + "/sign-in/", timeout=60).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        self.timed("sign in", "POST", "/sign-in/", data={
            "username": self.role, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.base + "/sign-in/"})

    def step(self) -> None:
        rng = self.rng
        choice = rng.random()
        if choice < 0.15:
            self.timed("home", "GET", "/")
        elif choice < 0.40:
            self.timed("list", "GET", rng.choice([
                "/donations/pledges/", f"/donations/pledges/?page={rng.randint(1, 400)}",
                "/donations/requirements/", "/logistics/shipments/", "/repairs/orders/",
                "/training/sessions/", "/funding/pledges/"]))
        elif choice < 0.55 and self.sees_load:
            low, high = PLEDGE_IDS
            self.timed("detail", "GET", f"/donations/pledges/{rng.randint(low, high)}/")
        elif choice < 0.70:
            self.timed("search", "GET", rng.choice([
                f"/donations/pledges/?q=P-LOAD-0{rng.randint(0, 9999):04d}",
                "/search/?q=Leopard", "/search/?q=Rzesz", "/donations/pledges/?q=howitzer"]))
        elif choice < 0.85 and self.sees_load:
            self.timed("api", "GET", rng.choice([
                f"/api/pledges/?page={rng.randint(1, 100)}", "/api/requirements/",
                f"/api/pledges/P-LOAD-{rng.randint(0, 99999):06d}/"]),
                auth=(self.role, PASSWORD))
        elif choice < 0.85:
            self.timed("api", "GET", "/api/pledges/", auth=(self.role, PASSWORD))
        elif choice < 0.95:
            self.timed("export", "GET",
                       f"/donations/pledges/?q=P-LOAD-00{rng.randint(0, 999):03d}&format=csv")
        elif self.role == "donor-deu":
            number = next(self.commit_numbers)
            self.timed("write", "POST", f"/api/pledges/P-LOAD-{number:06d}/steps/commit/",
                       auth=(self.role, PASSWORD))
        else:
            self.timed("list", "GET", "/donations/allocations/")

    def run(self) -> None:
        self.sign_in()
        while time.perf_counter() < self.until:
            self.step()


def percentile(values: list[float], p: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def report(results: dict[str, list[tuple[float, bool]]], seconds: float) -> None:
    print(f"{'requests':<10}{'count':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'errors':>8}")
    everything: list[tuple[float, bool]] = []
    for kind in sorted(results):
        rows = results[kind]
        everything += rows
        times = [t * 1000 for t, _ in rows]
        print(f"{kind:<10}{len(rows):>8}{len(rows) / seconds:>9.1f}{percentile(times, 50):>9.0f}"
              f"{percentile(times, 95):>9.0f}{percentile(times, 99):>9.0f}"
              f"{sum(1 for _, ok in rows if not ok):>8}")
    times = [t * 1000 for t, _ in everything]
    errors = sum(1 for _, ok in everything if not ok)
    print(f"{'all':<10}{len(everything):>8}{len(everything) / seconds:>9.1f}"
          f"{percentile(times, 50):>9.0f}{percentile(times, 95):>9.0f}"
          f"{percentile(times, 99):>9.0f}{errors:>8}")
    p95 = percentile(times, 95)
    print(f"target p95 < 300 ms and 0 errors: {'met' if p95 < 300 and not errors else 'missed'}"
          f" (p95 {p95:.0f} ms, {errors} errors)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pledges", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--database",
                        default="postgres://postgres@127.0.0.1:5432/convoy_load")
    parser.add_argument("--keep-database", action="store_true",
                        help="Reuse the database of an earlier run (skip building it).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="convoy-load-") as var_dir:
        env = env_for(args.database, var_dir)
        if args.keep_database:
            convoy(env, "collectstatic", "--noinput")
        else:
            build_database(args.database, env, args.pledges)
        global PLEDGE_IDS
        PLEDGE_IDS = pledge_ids(env)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "convoy.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", "4",
             "--timeout", "120", "--log-level", "warning"], env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    if requests.get(base + "/sign-in/", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.5)
            results: dict[str, list[tuple[float, bool]]] = defaultdict(list)
            lock = threading.Lock()
            until = time.perf_counter() + args.seconds
            users = [User(base, ROLES[i % len(ROLES)], until, results, lock)
                     for i in range(args.users)]
            print(f"{args.users} users of {len(ROLES)} roles for {args.seconds:.0f} s against "
                  f"gunicorn ({args.workers} workers x 4 threads) on {base}")
            started = time.perf_counter()
            for user in users:
                user.start()
            for user in users:
                user.join(timeout=args.seconds + 120)
            report(results, time.perf_counter() - started)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
