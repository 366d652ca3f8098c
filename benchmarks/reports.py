"""How long each report and the briefing take on the loaded database (e.g. the demo).

Run: PYTHONPATH=src python benchmarks/reports.py
Prints, per report, the seconds to build it (median of three) and its rows; then the seconds to
lay out the briefing PDF and its size. Reads as the system (everything), like `convoy report`.
"""

import os
import statistics
import time
from datetime import date

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convoy.settings")
django.setup()

from convoy.reports.briefing import DEFAULT_MARKING, render_pdf  # noqa: E402
from convoy.reports.common import SYSTEM_READER  # noqa: E402
from convoy.reports.registry import REPORTS  # noqa: E402


def timed(build):
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        result = build()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), result


def main() -> None:
    for name, entry in REPORTS.items():
        seconds, report = timed(lambda entry=entry: entry.build(SYSTEM_READER))
        rows = sum(len(t.rows) for t in report.tables)
        print(f"{name:16} {seconds * 1000:8.0f} ms  {rows:6} rows")
    start = time.perf_counter()
    pdf = render_pdf(SYSTEM_READER, as_of=date.today(), marking=DEFAULT_MARKING)
    print(f"{'briefing PDF':16} {(time.perf_counter() - start) * 1000:8.0f} ms  "
          f"{len(pdf) / 1024:6.0f} KiB")


if __name__ == "__main__":
    main()
