"""`convoy serve`: Convoy on a real WSGI server (gunicorn), plus the background worker that runs
plan jobs, both stopped together."""

import os
import subprocess
import sys

from django.utils.translation import gettext_lazy as _

from convoy.core.management.base import ConvoyCommand


class Command(ConvoyCommand):
    help = _("Serve Convoy with gunicorn and run the background task worker beside it.")

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("CONVOY_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("CONVOY_WORKERS", "3"))
        )
        parser.add_argument(
            "--no-worker", action="store_true", help=_("Do not start the task worker.")
        )

    def handle(self, *args, bind, workers, no_worker, **options):
        worker = notifier = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "-m", "convoy", "worker"])
            # Retries, time-based events and daily digests come from a pass every minute.
            notifier = subprocess.Popen(
                [sys.executable, "-m", "convoy", "notifications", "run", "--every", "60"])
        self.stdout.write(_(
            "Convoy is serving on http://%(bind)s/ (Ctrl+C stops it)"
        ) % {"bind": bind})
        try:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "convoy.wsgi:application",
                    "--bind",
                    bind,
                    "--workers",
                    str(workers),
                    # Spreadsheet exports of tens of thousands of rows take longer than 30 s.
                    "--timeout",
                    "120",
                    "--access-logfile",
                    "-",
                ],
                check=False,
            )
        except KeyboardInterrupt:
            pass
        finally:
            for process in (worker, notifier):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=10)
