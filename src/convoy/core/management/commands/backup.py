"""`convoy backup -o FILE`: every table's rows, exactly, in one file (see core/backup.py)."""

from pathlib import Path

from django.core.management.base import CommandError

from convoy.core import backup
from convoy.core.management.base import ConvoyCommand


class Command(ConvoyCommand):
    help = "Write every table's rows to FILE (JSON lines; gzip when FILE ends in .gz)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, metavar="FILE")

    def handle(self, *args, output, **options):
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"-o: the folder {path.parent} does not exist.", returncode=2)
        summary = backup.write_backup(path)
        self.stdout.write(f"backup written to {path}: {summary.tables} tables, {summary.rows} rows")
