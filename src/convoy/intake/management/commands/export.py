"""`convoy export TYPE -o FILE.csv|FILE.xlsx [--filter FIELD=VALUE ...] [--hxl]`."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from convoy.core.management.base import ConvoyCommand
from convoy.intake.spreadsheets import exporter
from convoy.intake.spreadsheets.registry import SHEET_TYPES, UnknownType, sheet_type


class Command(ConvoyCommand):
    help = _("Export a record type as a spreadsheet that imports again unchanged.")

    def add_arguments(self, parser):
        parser.add_argument("type", help=_("One of: %(join)s.") % {"join": ', '.join(SHEET_TYPES)})
        parser.add_argument("-o", "--output", required=True, help=_("FILE.csv or FILE.xlsx"))
        parser.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE",
                            help=_("Only rows whose column has this value (repeat for more)."))
        parser.add_argument("--hxl", action="store_true", help=_("Add a row of HXL hashtags."))
        parser.add_argument("--user", help=_("Export what this user may see (default: all)."))

    def handle(self, *args, type, output, filter, hxl, user, **options):
        try:
            kind = sheet_type(type)
        except UnknownType:
            raise CommandError(_(
                "type: no record type '%(type)s'; choose one of %(join)s."
            ) % {"type": type, "join": ', '.join(SHEET_TYPES)}, returncode=2) from None
        if not output.lower().endswith((".csv", ".xlsx")):
            raise CommandError(_("-o: the file name must end in .csv or .xlsx."), returncode=2)
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("--user: no user '%(user)s'.") % {"user": user}, returncode=2)
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
