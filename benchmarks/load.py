"""Load: the real server (gunicorn on PostgreSQL, 100,000 pledges) under 50 concurrent users.

    PYTHONPATH=src python benchmarks/load.py [--users 50] [--seconds 60] [--think 1]
        [--pledges 100000] [--workers 3] [--keep-database]
        [--database postgres://postgres@127.0.0.1:5432/convoy_load]

Builds a fresh database (migrate, demo, then the extra pledges by bulk insert and the VACUUM
ANALYZE that autovacuum would run after it), serves it with gunicorn on 127.0.0.1, and runs
simulated users of every demo role over HTTP for a fixed time: lists, record pages, searches, the
API (with personal API tokens, as scripts use it), CSV exports of filtered lists and a few writes
(a donor liaison committing pledges through the API). Prints requests per second, p50/p95/p99
latency and errors per kind of request and in all (target: p95 under 300 ms, 0 errors).

Each user signs in before the clock starts, then waits `--think` seconds on average between
requests, as a person reading a page does (`--think 0` makes it a stress test: the latency is then
the queue in front of the server's CPUs).

Wall times depend on whatever else runs on the machine, so beside them it prints the server's own
time per request (gunicorn's access log, %(D)s: from reading the request to the response
written), the CPU and database milliseconds of each request (its Server-Timing header, with
CONVOY_SERVER_TIMING=1: CPU time does not grow with the machine's load), the CPU seconds of
gunicorn and of the database's backends, and the load average.
"""

from __future__ import annotations

import argparse
import itertools
import json
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
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

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
            "CONVOY_API_RATE_USER": "off", "CONVOY_API_RATE_ANON": "off",
            # Connections kept for the whole run, so the backends' CPU can be read at its end.
            "CONVOY_DB_CONN_MAX_AGE": "3600",
            # Each response says its CPU and database milliseconds (Server-Timing).
            "CONVOY_SERVER_TIMING": "1"}


def shell(env: dict[str, str], code: str) -> str:
    return subprocess.run([sys.executable, "-m", "convoy", "shell", "-c", code], env=env,
                          check=True, capture_output=True, text=True).stdout


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
    out = shell(env, code).strip()
    # A bulk load leaves the planner's statistics at the demo's 237 pledges until autovacuum
    # comes by; a server that has run for a while has them.
    subprocess.run(["psql", database, "-qc", "VACUUM ANALYZE"], check=True)
    print(f"database: {out} pledges ({pledges} bulk-inserted and analysed in "
          f"{time.perf_counter() - started:.1f} s)")


#: The ids of the extra pledges (the record pages are addressed by id).
PLEDGE_IDS = [0, 0]


def pledge_ids(env: dict[str, str]) -> tuple[int, int, int]:
    """The first and last id of the extra pledges, and how many earlier runs committed (the
    writes commit them in the order of their codes)."""
    code = ("from convoy.donations.models import Pledge; q = Pledge.objects.filter("
            "code__startswith='P-LOAD-').order_by('id'); print(q.first().id, q.last().id, "
            "q.exclude(status='announced').count())")
    out = shell(env, code).split()
    return int(out[-3]), int(out[-2]), int(out[-1])


def api_tokens(env: dict[str, str]) -> dict[str, str]:
    """A fresh personal API token for each role: scripts use the API with tokens; a password
    (HTTP basic) costs a deliberate ~0.25 s of hashing on every request."""
    code = ("import json; from django.contrib.auth import get_user_model; "
            "from convoy.api.tokens import token_create; "
            f"print(json.dumps({{u: token_create(actor=get_user_model().objects.get(username=u), "
            f"name='load benchmark')[1] for u in {ROLES!r}}}))")
    return json.loads(shell(env, code).strip().splitlines()[-1])


#: What went wrong, and how often (status or exception, kind, path).
FAILURES: Counter[str] = Counter()

#: The token of each role, made at the start of a run.
TOKENS: dict[str, str] = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class User(threading.Thread):
    """One simulated person: signs in, then works through the pages of their role."""

    commit_numbers = itertools.count()

    def __init__(self, base: str, role: str, think: float, results, lock) -> None:
        super().__init__(daemon=True)
        self.base, self.role, self.think, self.until = base, role, think, 0.0
        self.results, self.lock = results, lock
        self.session = requests.Session()
        # The API with a bearer token and no session cookie (a cookie would ask for CSRF).
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"Bearer {TOKENS[role]}"
        self.sees_load = role in READ_ALL
        self.rng = random.Random(hash(role) ^ id(self))

    def timed(self, kind: str, method: str, path: str, api: bool = False,
              **kwargs) -> requests.Response | None:
        started = time.perf_counter()
        client = self.api if api else self.session
        # The kind rides in the user agent, so the server's access log can be read by kind.
        headers = {"User-Agent": f"convoy-load/{kind}", **kwargs.pop("headers", {})}
        try:
            response = client.request(method, self.base + path, timeout=60, headers=headers,
                                      allow_redirects=False, **kwargs)
            ok = response.status_code < 400
            spent = server_timing(response.headers.get("Server-Timing", ""))
            failure = f"{response.status_code} {kind} {path.split('?')[0]}"
        except requests.RequestException as error:
            response, ok, spent, failure = None, False, {}, f"{type(error).__name__} {kind}"
        elapsed = time.perf_counter() - started
        with self.lock:
            self.results[kind].append(Sample(elapsed, ok, spent.get("cpu"), spent.get("db"),
                                             endpoint(method, path)))
            if not ok:
                FAILURES[failure] += 1
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
                f"/api/pledges/P-LOAD-{rng.randint(0, 99999):06d}/"]), api=True)
        elif choice < 0.85:
            self.timed("api", "GET", "/api/pledges/", api=True)
        elif choice < 0.95:
            self.timed("export", "GET",
                       f"/donations/pledges/?q=P-LOAD-00{rng.randint(0, 999):03d}&format=csv")
        elif self.role == "donor-deu":
            number = next(self.commit_numbers)
            self.timed("write", "POST", f"/api/pledges/P-LOAD-{number:06d}/steps/commit/",
                       api=True)
        else:
            self.timed("list", "GET", "/donations/allocations/")

    def run(self) -> None:
        while time.perf_counter() < self.until:
            self.step()
            if self.think:  # a person reads the page before the next click
                time.sleep(self.rng.uniform(0, 2 * self.think))


class Sample(NamedTuple):
    seconds: float
    ok: bool
    cpu_ms: float | None  # from the response's Server-Timing header
    db_ms: float | None
    endpoint: str = ""


def endpoint(method: str, path: str) -> str:
    """`GET /donations/pledges/{id}/`, `GET /donations/pledges/?q&format`: one row per kind of
    address, whatever the record or the values asked for."""
    route, _sep, query = path.partition("?")
    route = re.sub(r"/(\d+|P-LOAD-\d+)/", "/{id}/", route)
    names = [part.split("=")[0] for part in query.split("&") if part and part[:5] != "page="]
    return f"{method} {route}" + (f"?{'&'.join(names)}" if names else "")


def server_timing(header: str) -> dict[str, float]:
    """`total;dur=12.0, cpu;dur=8.1, db;dur=2.0;desc="..."` → {"total": 12.0, "cpu": 8.1, ...}"""
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"(\w+);dur=([\d.]+)", header)}


def percentile(values: list[float], p: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


#: gunicorn's access log: microseconds in the server, status, and the user agent (the kind).
ACCESS_LOG_FORMAT = '%(D)s %(s)s "%(a)s"'
ACCESS_LINE = re.compile(r'^(\d+) (\d{3}) "convoy-load/([^"]+)"$')


def server_times(log: Path) -> dict[str, list[float]]:
    """Milliseconds each request spent in gunicorn, by kind."""
    times: dict[str, list[float]] = defaultdict(list)
    for line in log.read_text().splitlines():
        if match := ACCESS_LINE.match(line.strip()):
            times[match.group(3)].append(int(match.group(1)) / 1000)
    return times


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds of these processes so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def gunicorn_pids(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        children = []
    return [master, *map(int, children)]


def database_pids(database: str) -> list[int]:
    name = database.rsplit("/", 1)[1]
    out = subprocess.run(["psql", database, "-Atqc", "SELECT pid FROM pg_stat_activity WHERE "
                          f"datname = '{name}' AND pid <> pg_backend_pid()"],
                         capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def report(results: dict[str, list[Sample]], seconds: float, served: dict[str, list[float]],
           signins: list[Sample]) -> None:
    print(f"{'requests':<10}{'count':>7}{'req/s':>7}{'wall p50':>9}{'p95':>7}{'p99':>7}"
          f"{'errors':>7} |{'server p50':>11}{'p95':>7} |{'cpu p50':>8}{'p95':>6} |{'db p50':>7}"
          f"{'p95':>6}   (ms)")
    everything: list[Sample] = []
    in_server: list[float] = []

    def line(kind: str, rows: list[Sample], served: list[float], per_second: bool = True) -> None:
        wall = [r.seconds * 1000 for r in rows]
        cpu = [r.cpu_ms for r in rows if r.cpu_ms is not None]
        db = [r.db_ms for r in rows if r.db_ms is not None]
        rate = f"{len(rows) / seconds:>7.1f}" if per_second else f"{'':>7}"
        print(f"{kind:<10}{len(rows):>7}{rate}{percentile(wall, 50):>9.0f}"
              f"{percentile(wall, 95):>7.0f}{percentile(wall, 99):>7.0f}"
              f"{sum(1 for r in rows if not r.ok):>7} |{percentile(served, 50):>11.0f}"
              f"{percentile(served, 95):>7.0f} |{percentile(cpu, 50):>8.0f}"
              f"{percentile(cpu, 95):>6.0f} |{percentile(db, 50):>7.0f}{percentile(db, 95):>6.0f}")

    for kind in sorted(results):
        everything += results[kind]
        in_server += served.get(kind, [])
        line(kind, results[kind], served.get(kind, []))
    line("all", everything, in_server)
    line("sign in", signins, served.get("sign in", []), per_second=False)
    wall = [r.seconds * 1000 for r in everything]
    errors = sum(1 for r in everything if not r.ok)
    p95 = percentile(wall, 95)
    print(f"target p95 < 300 ms and 0 errors: {'met' if p95 < 300 and not errors else 'missed'}"
          f" (p95 {p95:.0f} ms wall, {percentile(in_server, 95):.0f} ms in the server; "
          f"{errors} errors). Sign-ins come before the clock starts.")
    for failure, count in FAILURES.most_common(8):
        print(f"  error: {count} x {failure}")
    by_endpoint: dict[str, list[Sample]] = defaultdict(list)
    for sample in everything:
        by_endpoint[sample.endpoint].append(sample)
    print(f"\n{'endpoint':<52}{'count':>6}{'wall p50':>9}{'p95':>7} |{'cpu p50':>8}{'p95':>6} |"
          f"{'db p50':>7}{'p95':>6}   (ms)")
    for name, rows in sorted(by_endpoint.items(), key=lambda item: -len(item[1])):
        wall = [r.seconds * 1000 for r in rows]
        cpu = [r.cpu_ms for r in rows if r.cpu_ms is not None]
        db = [r.db_ms for r in rows if r.db_ms is not None]
        print(f"{name[:51]:<52}{len(rows):>6}{percentile(wall, 50):>9.0f}"
              f"{percentile(wall, 95):>7.0f} |{percentile(cpu, 50):>8.0f}"
              f"{percentile(cpu, 95):>6.0f} |{percentile(db, 50):>7.0f}{percentile(db, 95):>6.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0,
                        help="Mean seconds a user waits between requests (0: none, a stress test).")
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
            convoy(env, "migrate", "--noinput")
            convoy(env, "collectstatic", "--noinput")
        else:
            build_database(args.database, env, args.pledges)
        global PLEDGE_IDS
        *PLEDGE_IDS, committed = pledge_ids(env)
        User.commit_numbers = itertools.count(committed)
        TOKENS.update(api_tokens(env))
        port = free_port()
        access_log = Path(var_dir) / "access.log"
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "convoy.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", "4",
             "--timeout", "120", "--log-level", "warning", "--access-logfile", str(access_log),
             # Longer than a user's pause: with gunicorn's 2 s, a kept connection could close
             # just as the client sent on it (a ConnectionError that no server would cause).
             "--keep-alive", "30",
             "--access-logformat", ACCESS_LOG_FORMAT], env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    if requests.get(base + "/sign-in/", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.5)
            lock = threading.Lock()
            signed_in: dict[str, list[Sample]] = defaultdict(list)
            users = [User(base, ROLES[i % len(ROLES)], args.think, signed_in, lock)
                     for i in range(args.users)]
            # Every user signs in first (50 password hashes at once), then the clock starts.
            signing = [threading.Thread(target=user.sign_in) for user in users]
            for thread in signing:
                thread.start()
            for thread in signing:
                thread.join()
            results: dict[str, list[Sample]] = defaultdict(list)
            until = time.perf_counter() + args.seconds
            for user in users:
                user.results, user.until = results, until
            print(f"{args.users} users of {len(ROLES)} roles for {args.seconds:.0f} s, "
                  f"{args.think:g} s between requests on average, against gunicorn "
                  f"({args.workers} workers x 4 threads) on {base}; {os.cpu_count()} CPUs")
            load_before = os.getloadavg()[0]
            server_cpu = cpu_seconds(gunicorn_pids(server.pid))
            database_cpu = cpu_seconds(database_pids(args.database))
            client_cpu = time.process_time()
            started = time.perf_counter()
            for user in users:
                user.start()
            for user in users:
                user.join(timeout=args.seconds + 120)
            elapsed = time.perf_counter() - started
            server_cpu = cpu_seconds(gunicorn_pids(server.pid)) - server_cpu
            # Backends opened during the run count whole; those of the start count their part.
            database_cpu = cpu_seconds(database_pids(args.database)) - database_cpu
            client_cpu = time.process_time() - client_cpu
            load_after = os.getloadavg()[0]
        finally:
            server.terminate()
            server.wait(timeout=30)
        report(results, elapsed, server_times(access_log), signed_in["sign in"])
        total = sum(len(rows) for rows in results.values())
        per_request = (server_cpu + database_cpu) / max(total, 1)
        print(f"CPU seconds over the {elapsed:.0f} s: gunicorn {server_cpu:.1f} "
              f"({1000 * server_cpu / max(total, 1):.1f} ms a request), PostgreSQL backends "
              f"{database_cpu:.1f}, this load generator {client_cpu:.1f}; load average "
              f"{load_before:.2f} at the start, {load_after:.2f} at the end")
        # What the wall times would be bounded by on a machine doing nothing else.
        print(f"{1000 * per_request:.1f} CPU ms a request (gunicorn and PostgreSQL): "
              f"{os.cpu_count()} idle CPUs would serve about {os.cpu_count() / per_request:.0f} "
              f"requests a second; this run asked {total / elapsed:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
