"""A longer fuzzing run of the whole API than the suite's, against the demo.

    PYTHONPATH=src .venv/bin/python benchmarks/api_fuzz.py [--examples 100] \
        [--roles coordinator,donor-deu]

Makes a fresh SQLite database in a temporary folder, loads the demo into it, and gives each
demo user named in --roles an API token. Then every operation of the OpenAPI schema receives
--examples generated requests per role (schemathesis; bodies and paths draw on the demo's real
codes too, so valid writes are among them), sent to the Django application through WSGI.
Prints, per role, the operations, the cases sent, the answers by status, and the server errors
(the target is 0; each one is printed with the request that caused it). Exit status 1 when
there was any server error.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_ROLES = "coordinator,donor-deu,planner-ukr,node-rzeszow,facility-pol,viewer"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100, help="cases per operation and role")
    parser.add_argument("--roles", default=DEMO_ROLES, help="demo users, comma-separated")
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="convoy-fuzz-")
    os.environ.update({"CONVOY_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "convoy.settings",
                       "CONVOY_HTTPS": "0", "CONVOY_LOG_LEVEL": "CRITICAL",
                       "CONVOY_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
                       # Thousands of cases a minute per role: unthrottled, as in the suite.
                       "CONVOY_API_RATE_USER": "off", "CONVOY_API_RATE_ANON": "off"})
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))  # the fuzzing strategies live beside the suite's test
    import django

    django.setup()
    logging.disable(logging.WARNING)  # each refused request would log a line
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from tests.api.fuzzing import FuzzReport, fuzz, fuzzed_schema

    from convoy.api.tokens import token_create
    from convoy.core.audit import audit_source
    from convoy.wsgi import application

    call_command("migrate", verbosity=0)
    with audit_source("demo"):
        call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"database: {var}/convoy.sqlite3 with the demo; {args.examples} cases per operation "
          "and role")
    print(f"{'role':<14} {'operations':>10} {'cases':>7} {'2xx':>6} {'4xx':>6} "
          f"{'server errors':>13} {'seconds':>8}")
    errors: list[str] = []
    for username in args.roles.split(","):
        user = get_user_model().objects.get(username=username)
        _token, secret = token_create(actor=user, name="fuzzing benchmark")
        started = time.perf_counter()
        report = fuzz(fuzzed_schema(app=application), headers={
            "Authorization": f"Bearer {secret}"}, max_examples=args.examples,
            report=FuzzReport())
        seconds = time.perf_counter() - started
        ok = sum(n for s, n in report.statuses.items() if 200 <= s < 300)
        refused = sum(n for s, n in report.statuses.items() if 400 <= s < 500)
        print(f"{username:<14} {report.operations:>10} {report.cases:>7} {ok:>6} {refused:>6} "
              f"{len(report.server_errors):>13} {seconds:>8.1f}", flush=True)
        errors += report.server_errors
    print(f"server errors: {len(errors)}")
    for error in errors[:20]:
        print("\n" + error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
