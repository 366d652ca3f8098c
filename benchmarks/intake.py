"""Intake speed: 50,000 pledge rows previewed and imported, from CSV and from XLSX.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h5 .venv/bin/python benchmarks/intake.py

Creates the database if it is missing, migrates it and loads the demo (a second run reuses it),
writes the pledge files (new codes on every run, every row one the services accept), then runs
each step in a child process of its own and prints its wall seconds, its CPU seconds (the
child's own, not the database server's: steady where wall time is not, on a shared machine),
the load average at its end and the child's peak memory side by side. The target: each step of
50,000 rows within 60 s on a 2-core machine, and memory that does not grow with the file (the
10,000-row figures beside the 50,000-row ones show it). `--rows` changes the larger size.

Each part of intake measures itself in a function returning `Figure`s; `main` prints them all.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h2")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convoy.settings")
os.environ.setdefault("CONVOY_LOG_LEVEL", "WARNING")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

TARGET_SECONDS = 60


@dataclass
class Figure:
    name: str
    value: str
    note: str = ""


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from convoy.donations.models import Pledge

    if not Pledge.objects.exists():
        from convoy.intake.demo import load_demo

        load_demo()


def write_pledge_files(rows: int, folder: Path, prefix: str) -> tuple[Path, Path]:
    """A CSV and an XLSX file of `rows` new pledges of the demo's donors, items and depots."""
    from convoy.catalog.models import Item
    from convoy.intake.spreadsheets import exporter
    from convoy.intake.spreadsheets.registry import sheet_type
    from convoy.logistics.models import Location

    # A pledge leaves from a depot of its donor: each donor with one of its own depots.
    depots = dict(Location.objects.filter(kind="depot", nation__kind="ally")
                  .order_by("nation__code", "code").values_list("nation__code", "code"))
    donors = sorted(depots)
    items = list(Item.objects.values_list("code", flat=True))
    header = ["code", "donor", "item", "quantity", "available_from", "origin", "value_eur",
              "announced_on", "notes"]

    def cells(tag: str):
        for n in range(rows):
            yield [f"{prefix}-{tag}-{n:06d}", donors[n % len(donors)], items[n % len(items)],
                   1 + n % 40, "2026-03-01", depots[donors[n % len(donors)]], f"{1000 + n}.50",
                   "2026-01-15", "bulk pledge"]

    kind = sheet_type("pledges")
    csv_path, xlsx_path = folder / f"{prefix}-pledges.csv", folder / f"{prefix}-pledges.xlsx"
    with csv_path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(cells("C"))
    narrowed = type(kind)(kind.name, kind.model, [c for c in kind.columns if c.field in header],
                          kind.title)
    with xlsx_path.open("wb") as out:
        exporter.write_xlsx(narrowed, cells("X"), out)
    return csv_path, xlsx_path


def _in_child(function: Callable[[], str], queue: multiprocessing.Queue) -> None:
    from django.db import connections

    connections.close_all()  # the child opens its own connection
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        result = function()
    except Exception as error:  # reported by the parent instead of leaving it waiting
        result = f"failed: {error!r}"
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(Measure(seconds, cpu, os.getloadavg()[0], peak_mb, result))


@dataclass
class Measure:
    """A step's wall and CPU seconds (the CPU ones are this process's own, steady on a busy
    machine where wall time is not), the 1-minute load average at its end, its peak memory."""

    seconds: float
    cpu: float
    load: float
    peak_mb: float
    result: str


def measured(function: Callable[[], str]) -> Measure:
    """The measure of `function`, run in a forked child process."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_in_child, args=(function, queue))
    child.start()
    figures = queue.get()
    child.join()
    return figures


def _import_step(path: Path, dry_run: bool) -> Callable[[], str]:
    def run() -> str:
        from django.contrib.auth import get_user_model

        from convoy.intake.spreadsheets.importer import import_file
        from convoy.intake.spreadsheets.registry import sheet_type

        actor = get_user_model().objects.get(username="coordinator")
        with path.open("rb") as handle:
            outcome = import_file(sheet_type("pledges"), handle, path.name, actor=actor,
                                  dry_run=dry_run)
        return outcome.summary

    return run


def spreadsheet_figures(rows: int = 50_000, small: int = 10_000) -> list[Figure]:
    """Preview (dry run) and import of pledge files, CSV and XLSX, at two sizes."""
    from django.db import connections

    figures = []
    folder = Path(tempfile.mkdtemp(prefix="convoy-intake-"))
    run_id = time.strftime("%H%M%S")
    for size in (small, rows):
        csv_path, xlsx_path = write_pledge_files(size, folder, f"B{run_id}-{size}")
        connections.close_all()
        for label, path in (("CSV", csv_path), ("XLSX", xlsx_path)):
            for step, dry_run in (("preview", True), ("import", False)):
                m = measured(_import_step(path, dry_run))
                verdict = "within" if m.seconds <= TARGET_SECONDS else "OVER"
                figures.append(Figure(
                    f"{size:>6,} pledge rows, {label:<4} {step:<7}",
                    f"{m.seconds:6.1f} s (cpu {m.cpu:5.1f} s, load {m.load:4.1f})   "
                    f"peak {m.peak_mb:4.0f} MB",
                    f"{verdict} {TARGET_SECONDS} s; {m.result}"))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    setup()
    print(f"database: {os.environ['DATABASE_URL']}")
    for figure in spreadsheet_figures(args.rows):
        print(f"{figure.name}  {figure.value}   {figure.note}")
    for figure in report_figures():
        print(f"{figure.name}  {figure.value}   {figure.note}")


def report_figures() -> list[Figure]:
    """The report reader's precision and recall (benchmarks/intake_reports.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from intake_reports import CASES, report_scores

    scores = report_scores()
    return [Figure("report reader precision / recall",
                   f"{scores.precision:.2f} / {scores.recall:.2f}",
                   f"{len(CASES)} sentences, {scores.expected} pledges expected, "
                   f"{scores.proposals} proposed, {scores.right} right")]


if __name__ == "__main__":
    main()
