"""`convoy audit verify`: walk the audit trail's hash chain and name the first broken record."""

from django.core.management.base import BaseCommand, CommandError

from convoy.core import auditchain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain (exit 2 naming the first broken record)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Check every record's hash and link, in id order.")

    def handle(self, *args, action, **options):
        count, broken = auditchain.first_break()
        if broken is not None:
            raise CommandError(
                f"audit record {broken.record_id} is broken: {broken.reason} "
                f"(record {count} of the chain; every record after it is unproven)",
                returncode=2,
            )
        self.stdout.write(f"audit chain verified: {count} records")
