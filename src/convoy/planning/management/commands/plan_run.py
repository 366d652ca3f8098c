"""`convoy plan_run start|show|approve|discard`: plan runs from the command line."""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from convoy.core.audit import audit_source
from convoy.core.management.base import ConvoyCommand
from convoy.planning.management.commands.plan_export import iso_date
from convoy.planning.models import PlanRun
from convoy.planning.services import (
    plan_run_approve,
    plan_run_discard,
    plan_run_execute,
    plan_run_start,
)
from convoy.planning.whatif import describe


class Command(ConvoyCommand):
    help = _("Start, show, approve or discard plan runs.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        start = sub.add_parser("start", help=_("Export the data and queue a plan run."))
        start.add_argument("--user", required=True, help=_("The coordinator starting it."))
        start.add_argument("--start", required=True, help=_("Week 0's date (YYYY-MM-DD)."))
        start.add_argument("--weeks", type=int, default=26)
        start.add_argument("--method", choices=["optimal", "greedy"], default="optimal")
        start.add_argument("--time-limit", type=int, default=60)
        start.add_argument(
            "--change", action="append", default=[], metavar="FILE.json",
            help=_("A what-if run: a JSON file of changes to the record (one change or a list), "
                   "made to the run's scenario only; may be repeated. Such a run is never "
                   "approved."),
        )
        start.add_argument(
            "--wait",
            action="store_true",
            help=_("Solve here and now instead of leaving it to the task worker."),
        )
        show = sub.add_parser("show", help=_("Print a run's status and figures."))
        show.add_argument("run", type=int)
        for name in ("approve", "discard"):
            decide = sub.add_parser(name, help=_(
                "%(name)s a run (coordinators only)."
            ) % {"name": name.capitalize()})
            decide.add_argument("run", type=int)
            decide.add_argument("--user", required=True)

    def handle(self, *args, action, **options):
        try:
            with audit_source("cli"):
                getattr(self, f"do_{action}")(**options)
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise CommandError("; ".join(messages), returncode=2) from error

    def user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(_(
                "--user: no user '%(username)s'."
            ) % {"username": username}, returncode=2) from error

    def run(self, pk):
        try:
            return PlanRun.objects.get(pk=pk)
        except PlanRun.DoesNotExist as error:
            raise CommandError(_("run: no plan run %(pk)s.") % {"pk": pk}, returncode=2) from error

    def changes(self, files):
        """The changes of every --change file, in order."""
        changes = []
        for name in files:
            try:
                with open(name, encoding="utf-8") as f:
                    data = json.load(f)
            except (OSError, ValueError) as error:
                raise CommandError(_(
                    "--change %(name)s: not a readable JSON file (%(error)s)."
                ) % {"name": name, "error": error}, returncode=2) from error
            changes.extend(data if isinstance(data, list) else [data])
        return changes

    def do_start(self, *, user, start, weeks, method, time_limit, wait, change, **_):
        run = plan_run_start(
            actor=self.user(user),
            start_date=iso_date(start),
            horizon_weeks=weeks,
            method=method,
            time_limit_s=time_limit,
            changes=self.changes(change),
        )
        if wait:
            run.refresh_from_db()
            if run.status == "queued":
                run = plan_run_execute(run)
        self.stdout.write(f"plan run {run.pk}: {run.get_status_display()}")
        if wait:
            self.do_show(run=run.pk)

    def do_show(self, *, run, **_):
        run = self.run(run)
        self.stdout.write(f"plan run {run.pk}: {run.get_status_display()} ({run.message})")
        for change in run.changes:
            self.stdout.write(f"what-if: {describe(change)}")
        if run.objective is not None:
            bound = f"{run.bound:.4f}" if run.bound is not None else "n/a"
            self.stdout.write(f"objective {run.objective:.4f}, bound {bound}")
            plan = run.result["plan"]
            self.stdout.write(
                f"{len(plan['shipments'])} shipments, {len(plan['training'])} training assignments"
            )

    def do_approve(self, *, run, user, **_):
        run = plan_run_approve(actor=self.user(user), run=self.run(run))
        self.stdout.write(f"plan run {run.pk}: {run.get_status_display()}")

    def do_discard(self, *, run, user, **_):
        run = plan_run_discard(actor=self.user(user), run=self.run(run))
        self.stdout.write(f"plan run {run.pk}: {run.get_status_display()}")
