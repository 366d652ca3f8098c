"""`convoy demo`: load the demo data set and print what it holds and how to sign in."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from convoy.core.management.base import ConvoyCommand
from convoy.intake.demo import DEMO_PASSWORD, load_demo

URL = "http://127.0.0.1:8000/"


class Command(ConvoyCommand):
    help = _("Load the demo data and the demo logins (loading again writes nothing).")

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            result = load_demo()
        except ValidationError as error:
            # Records made by hand may clash with the demo's (a requirement already filled,
            # say); the load is one transaction, so nothing was written.
            raise CommandError(_(
                "The demo could not be loaded, nothing was written: %(join)s"
            ) % {"join": '; '.join(error.messages)}) from error
        seconds = time.monotonic() - started
        out = self.stdout
        if result.wrote_nothing:
            out.write(_(
                "The demo data is already loaded; nothing was written (%(seconds)s s)."
            ) % {"seconds": format(seconds, ".1f")})
        else:
            made = sum(result.created.values())
            out.write(self.style.SUCCESS(
                _(
                    "Demo loaded in %(seconds)s s: %(made)s records made, %(audit_records)s "
                    "audit records (source 'demo')."
                ) % {
                    "seconds": format(seconds, ".1f"),
                    "made": made,
                    "audit_records": result.audit_records,
                }
            ))
        out.write("Records in the database:")
        for label, count in result.counts.items():
            if count:
                out.write(f"  {label:<32} {count:>6}")
        out.write(f"\nSign in at {URL} with one of these users, password {DEMO_PASSWORD!r}")
        out.write("(a demo password, published here: use it for the demo only, never for real "
                  "data):")
        for login in result.logins:
            out.write(f"  {login.username:<14} {login.name}")
