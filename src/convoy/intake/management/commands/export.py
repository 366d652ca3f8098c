"""`convoy export TYPE -o FILE.csv|FILE.xlsx [--filter FIELD=VALUE ...] [--hxl]`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from convoy.intake.spreadsheets import exporter
from convoy.intake.spreadsheets.registry import SHEET_TYPES, UnknownType, sheet_type


class Command(BaseCommand):
    help = "Export a record type as a spreadsheet that imports again unchanged."

    def add_arguments(self, parser):
        parser.add_argument("type", help=f"One of: {', '.join(SHEET_TYPES)}.")
        parser.add_argument("-o", "--output", required=True, help="FILE.csv or FILE.xlsx")
        parser.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE",
                            help="Only rows whose column has this value (repeat for more).")
        parser.add_argument("--hxl", action="store_true", help="Add a row of HXL hashtags.")
        parser.add_argument("--user", help="Export what this user may see (default: all).")

    def handle(self, *args, type, output, filter, hxl, user, **options):
        try:
            kind = sheet_type(type)
        except UnknownType:
            raise CommandError(f"type: no record type '{type}'; choose one of "
                               f"{', '.join(SHEET_TYPES)}.", returncode=2) from None
        if not output.lower().endswith((".csv", ".xlsx")):
            raise CommandError("-o: the file name must end in .csv or .xlsx.", returncode=2)
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"--user: no user '{user}'.", returncode=2)
        try:
            records = exporter.records(kind, actor, filter)
        except exporter.FilterError as error:
            raise CommandError(str(error), returncode=2) from None
        cells = exporter.rows(kind, records)
        if output.lower().endswith(".xlsx"):
            with open(output, "wb") as out:
                exporter.write_xlsx(kind, cells, out, hxl=hxl)
        else:
            with open(output, "w", encoding="utf-8", newline="") as out:
                exporter.write_csv(kind, cells, out, hxl=hxl)
        self.stdout.write(f"exported {records.count()} {kind.name} to {output}")
