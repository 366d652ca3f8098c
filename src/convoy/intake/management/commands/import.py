"""`convoy import TYPE FILE --user U [--dry-run]`: its last line is
`created N, updated N, unchanged N, errors N`; exit 2, nothing written, when a row is refused."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from convoy.core.management.base import ConvoyCommand
from convoy.intake.spreadsheets.importer import import_file
from convoy.intake.spreadsheets.registry import SHEET_TYPES, UnknownType, sheet_type


class Command(ConvoyCommand):
    help = _("Import a spreadsheet: rows matched by code are created, updated or left unchanged.")

    def add_arguments(self, parser):
        parser.add_argument("type", help=_("One of: %(join)s.") % {"join": ', '.join(SHEET_TYPES)})
        parser.add_argument("file", help=_("A .csv or .xlsx file."))
        parser.add_argument("--user", required=True, help=_("Whose permissions the rows need."))
        parser.add_argument("--dry-run", action="store_true",
                            help=_("Check and show what would change; write nothing."))

    def handle(self, *args, type, file, user, dry_run, **options):
        try:
            kind = sheet_type(type)
        except UnknownType:
            raise CommandError(_(
                "type: no record type '%(type)s'; choose one of %(join)s."
            ) % {"type": type, "join": ', '.join(SHEET_TYPES)}, returncode=2) from None
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None:
            raise CommandError(_("--user: no user '%(user)s'.") % {"user": user}, returncode=2)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("file: no file '%(file)s'.") % {"file": file}, returncode=2)
        with path.open("rb") as handle:
            outcome = import_file(kind, handle, path.name, actor=actor, dry_run=dry_run)
        for row in outcome.rows:
            if row.action in ("create", "update") and dry_run:
                changes = "; ".join(f"{c}: {b or '-'} -> {a or '-'}" for c, b, a in row.changes)
                self.stdout.write(f"row {row.number} {row.action} {row.key}: {changes}")
        for message in outcome.messages():
            self.stderr.write(message)
        if dry_run and not outcome.errors:
            self.stdout.write("dry run: nothing written")
        self.stdout.write(outcome.summary)
        self.stdout.flush()
        if outcome.errors:
            sys.exit(2)
