"""`convoy report NAME [--format csv|xlsx|json] [-o FILE]`: a report from the record.

`convoy report burden-sharing --year Y`; `convoy report briefing -o FILE.pdf [--as-of DATE]`.
Without `--user` it reads as the system (everything); with it, as that user's role would.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from convoy.catalog.models import CapabilityCoalition
from convoy.core.management.base import ConvoyCommand
from convoy.core.models import Nation
from convoy.reports.common import FORMATS, SYSTEM_READER, to_csv, to_json, to_xlsx
from convoy.reports.registry import REPORTS


def refuse(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(ConvoyCommand):
    help = _("Write a report (CSV, XLSX or JSON) or the briefing PDF.")

    def add_arguments(self, parser):
        parser.add_argument("name", help=_(
            "One of: %(join)s."
        ) % {"join": ', '.join([*REPORTS, 'briefing'])})
        parser.add_argument("--format", choices=FORMATS, default=None,
                            help=_(
                                "csv, xlsx or json (default: from the file's extension, else "
                                "csv)."
                            ))
        parser.add_argument("-o", "--output", default=None, help=_(
            "Where to write (default: standard output)."
        ))
        parser.add_argument("--year", type=int, default=None, help=_("burden-sharing: the year."))
        parser.add_argument("--as-of", default=None, help=_("briefing: the record as of DATE."))
        parser.add_argument("--marking", default=None, help=_(
            "briefing: the marking on every page."
        ))
        parser.add_argument("--coalition", default=None, help=_("coalitions: one by its name."))
        parser.add_argument("--nation", default=None, help=_("One nation's detail (ISO code)."))
        parser.add_argument("--user", default=None, help=_("Read as this user's role would."))

    def handle(self, *args: Any, name: str, output: str | None, **options: Any) -> None:
        user = self.user(options["user"]) if options["user"] else SYSTEM_READER
        if name == "briefing":
            self.briefing(user, output, options)
            return
        entry = REPORTS.get(name)
        if entry is None:
            raise refuse(f"report: no report '{name}'; choose one of "
                         f"{', '.join([*REPORTS, 'briefing'])}.")
        fmt = options["format"] or (Path(output).suffix.lstrip(".").lower() if output else "")
        if fmt not in FORMATS:
            fmt = "csv" if not options["format"] and not output else fmt
        if fmt not in FORMATS:
            raise refuse(f"--format: '{fmt}' is not one of {', '.join(FORMATS)}.")
        if fmt == "xlsx" and not output:
            raise refuse("-o: an XLSX report needs a file to write to.")
        params = self.params(entry.params, options)
        try:
            report = entry.build(user, **params)
        except PermissionDenied as error:
            raise refuse(f"report {name}: {error}") from error
        data: bytes | str = {"csv": to_csv, "json": to_json, "xlsx": to_xlsx}[fmt](report)
        if output is None:
            sys.stdout.write(data if isinstance(data, str) else data.decode())
            return
        Path(output).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        self.stdout.write(f"wrote {output}: {report.title}, {len(report.rows)} rows ({fmt})")

    def params(self, wanted: tuple[str, ...], options: dict[str, Any]) -> dict[str, Any]:
        params: dict[str, Any] = {}
        year = options["year"]
        if year is not None:
            if "year" not in wanted:
                raise refuse("--year: this report takes no year.")
            if not 2000 <= year <= 2100:
                raise refuse(f"--year: {year} is not between 2000 and 2100.")
            params["year"] = year
        if options["nation"]:
            if "nation" not in wanted:
                raise refuse("--nation: this report takes no nation.")
            nation = Nation.objects.filter(code=options["nation"].upper()).first()
            if nation is None:
                raise refuse(f"--nation: no nation '{options['nation']}'.")
            params["nation"] = nation
        if options["coalition"]:
            if "coalition" not in wanted:
                raise refuse("--coalition: this report takes no coalition.")
            coalition = CapabilityCoalition.objects.filter(name=options["coalition"]).first()
            if coalition is None:
                raise refuse(f"--coalition: no coalition '{options['coalition']}'.")
            params["coalition"] = coalition
        return params

    def briefing(self, user: Any, output: str | None, options: dict[str, Any]) -> None:
        from convoy.reports.briefing import DEFAULT_MARKING, render_pdf

        if not output or not output.lower().endswith(".pdf"):
            raise refuse("-o: the briefing needs a file to write to, ending in .pdf.")
        as_of = self.as_of(options["as_of"])
        pdf = render_pdf(user, as_of=as_of, marking=options["marking"] or DEFAULT_MARKING)
        Path(output).write_bytes(pdf)
        self.stdout.write(f"wrote {output}: briefing as of {as_of}, {len(pdf)} bytes")

    def as_of(self, text: str | None) -> date:
        if text is None:
            return date.today()
        try:
            return date.fromisoformat(text)
        except ValueError as error:
            raise refuse(f"--as-of: '{text}' is not a date (YYYY-MM-DD).") from error

    def user(self, username: str) -> Any:
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise refuse(f"--user: no user '{username}'.") from error
