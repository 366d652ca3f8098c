"""`convoy intake tracker|report`: public trackers and open-source reports become proposals
for a coordinator's review."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from convoy.core.audit import audit_source
from convoy.core.management.base import ConvoyCommand
from convoy.intake.trackers.layouts import PRESETS
from convoy.intake.trackers.tables import TrackerFileError


class Command(ConvoyCommand):
    help = _("Read a public tracker or an open-source report into proposals for review.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        tracker = sub.add_parser("tracker", help=_("Read a tracker file (CSV, XLSX or JSON)."))
        tracker.add_argument("file")
        tracker.add_argument("--preset", choices=list(PRESETS))
        tracker.add_argument("--mapping", help=_("A column mapping: a JSON file or a saved name."))
        tracker.add_argument("--user", required=True, help=_("The coordinator reading it."))
        tracker.add_argument("--dry-run", action="store_true", help=_("Report, write nothing."))
        report = sub.add_parser("report", help=_("Read a report (.txt, .html or .pdf)."))
        report.add_argument("file")
        report.add_argument("--user", required=True)
        report.add_argument("--dry-run", action="store_true")
        report.add_argument("--json", action="store_true", help=_("Print the proposals as JSON."))

    def handle(self, *args, action, **options):
        try:
            with audit_source("cli"):
                getattr(self, f"do_{action}")(**options)
        except (TrackerFileError, OSError) as error:
            raise CommandError(str(error), returncode=2) from error
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

    def do_tracker(self, *, file, preset, mapping, user, dry_run, **_):
        from convoy.intake.tracker_intake import layout_for, tracker_read

        if preset and mapping:
            raise CommandError(_("Give either --preset or --mapping, not both."), returncode=2)
        actor = self.user(user)
        path = Path(file)
        layout = layout_for(preset, mapping, path)
        summary = tracker_read(actor=actor, path=path, layout=layout, dry_run=dry_run)
        for line in summary.unmatched.lines():
            self.stdout.write(line)
        self.stdout.write(f"layout {layout.name}; {summary.changes_line()}")
        if dry_run:
            self.stdout.write("dry run: nothing was written")
        self.stdout.write(summary.last_line())

    def do_report(self, *, file, user, dry_run, json: bool, **_):
        from convoy.intake.report_intake import report_read
        from convoy.intake.reports_text.documents import text_of_file

        actor = self.user(user)
        path = Path(file)
        text = text_of_file(path)
        summary, drafts = report_read(actor=actor, text=text, file_name=path.name,
                                      dry_run=dry_run)
        if json:
            self.stdout.write(_json_dump([_as_json(d, p) for d, p in
                                          zip(drafts, summary.stored, strict=True)]))
            return
        for draft in drafts:
            self.stdout.write(f"{draft.kind}: {draft.donor_text or '?'} -> "
                              f"{draft.item_text or draft.currency} "
                              f"quantity {draft.quantity} | {draft.sentence}")
        if dry_run:
            self.stdout.write("dry run: nothing was written")
        self.stdout.write(summary.last_line())


def _as_json(draft, proposal):
    return {
        "kind": draft.kind,
        "donor": proposal.donor.code if proposal.donor_id else None,
        "item_text": draft.item_text or None,
        "item": proposal.item.code if proposal.item_id else None,
        "quantity": draft.quantity,
        "amount": float(draft.amount) if draft.amount is not None else None,
        "currency": draft.currency or None,
        "announced": draft.announced_on.isoformat() if draft.announced_on else None,
        "sentence": draft.sentence,
    }


def _json_dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
