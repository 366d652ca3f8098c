"""`convoy restore FILE`: replace the whole database with a backup's rows, in one transaction."""

from pathlib import Path

from django.core.management.base import CommandError

from convoy.core import auditchain, backup
from convoy.core.management.base import ConvoyCommand


class Command(ConvoyCommand):
    help = "Replace every table's rows with those of a `convoy backup` file (same schema only)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file, **options):
        try:
            summary = backup.restore_backup(Path(file))
        except backup.BackupRefused as refused:
            raise CommandError(f"{refused} Nothing was changed.", returncode=2) from None
        count, broken = auditchain.first_break()
        chain = (f"audit chain verified: {count} records" if broken is None
                 else f"audit record {broken.record_id} is broken: {broken.reason}")
        self.stdout.write(f"restored {file}: {summary.tables} tables, {summary.rows} rows; {chain}")
        if broken is not None:
            raise CommandError("the restored audit chain does not verify", returncode=2)
