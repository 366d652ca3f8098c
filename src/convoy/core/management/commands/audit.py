"""`convoy audit verify`: walk the audit trail's hash chain and name the first broken record."""

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from convoy.core import auditchain
from convoy.core.management.base import ConvoyCommand


class Command(ConvoyCommand):
    help = _("Check the audit trail's hash chain (exit 2 naming the first broken record).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help=_("Check every record's hash and link, in id order."))

    def handle(self, *args, action, **options):
        count, broken = auditchain.first_break()
        if broken is not None:
            raise CommandError(
                _(
                    "audit record %(record_id)s is broken: %(reason)s (record %(count)s of "
                    "the chain; every record after it is unproven)"
                ) % {"record_id": broken.record_id, "reason": broken.reason, "count": count},
                returncode=2,
            )
        self.stdout.write(f"audit chain verified: {count} records")
