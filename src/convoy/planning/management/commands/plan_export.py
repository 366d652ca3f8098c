"""`convoy plan export -o SCENARIO.json --start DATE --weeks N`: the database as a scenario."""

import json
from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from convoy.core.management.base import ConvoyCommand
from convoy.planning.services import plan_export


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            _("--start: '%(text)s' is not a date (YYYY-MM-DD).") % {"text": text}, returncode=2
        ) from error


class Command(ConvoyCommand):
    help = _(
        "Export the open pledges, requirements, nodes and sessions, equipment in repair and crews "
        "in training as a convoy-scenario/1 (or /2) "
        "file."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help=_(
            "Where to write the scenario."
        ))
        parser.add_argument("--start", default=None, help=_("Week 0's date (default: today)."))
        parser.add_argument("--weeks", type=int, default=26, help=_("Horizon in weeks."))

    def handle(self, *args, output, start, weeks, **options):
        if not 1 <= weeks <= 260:
            raise CommandError(_(
                "--weeks: %(weeks)s is not between 1 and 260."
            ) % {"weeks": weeks}, returncode=2)
        scenario, digest = plan_export(
            start_date=iso_date(start) if start else date.today(), horizon_weeks=weeks
        )
        with open(output, "w", encoding="utf-8") as handle:
            json.dump(scenario, handle, indent=1)
        self.stdout.write(
            f"wrote {output}: {len(scenario['pledges'])} pledges, "
            f"{len(scenario['requirements'])} requirements, {len(scenario['nodes'])} nodes, "
            f"weeks from {scenario['start_date']} (fingerprint {digest[:12]})"
        )
