"""`convoy notifications run|status|retry`: the notifications worker from the command line."""

import time

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from convoy.core.audit import audit_source
from convoy.core.management.base import ConvoyCommand
from convoy.notifications.models import Delivery, Mail, WebhookDelivery
from convoy.notifications.worker import tick


class Command(ConvoyCommand):
    help = _("Run the notifications worker, show what waits, or send failed deliveries again.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help=_(
            "One pass: events no task has told yet, the time-based events (hourly), the "
            "daily digests, and every mail and webhook call that is due."))
        run.add_argument("--every", type=int, default=0, metavar="SECONDS", help=_(
            "Keep running, one pass every SECONDS (what `convoy serve` starts)."))
        run.add_argument("--checks-now", action="store_true", help=_(
            "Look for the time-based events now, even within the hour."))
        sub.add_parser("status", help=_("Mails and webhook calls by status."))
        retry = sub.add_parser("retry", help=_("Send every failed mail and webhook call again."))
        retry.add_argument("--user", required=True, help=_("The coordinator asking."))

    def handle(self, *args, action, **options):
        with audit_source("cli"):
            getattr(self, f"do_{action}")(**options)

    def do_run(self, every, checks_now, **options):
        if every < 0:
            raise CommandError(_("--every: give a number of seconds, 0 or more."), returncode=2)
        while True:
            self.stdout.write(str(tick(force_checks=checks_now)))
            if not every:
                return
            checks_now = False
            time.sleep(every)

    def do_status(self, **options):
        for model, name in ((Mail, _("mails")), (WebhookDelivery, _("webhook calls"))):
            counts = {s: model.objects.filter(status=s).count() for s in Delivery.Status}
            self.stdout.write(_("%(what)s: %(pending)s waiting, %(sent)s delivered, "
                                "%(failed)s failed") % {
                "what": name, "pending": counts[Delivery.Status.PENDING],
                "sent": counts[Delivery.Status.SENT], "failed": counts[Delivery.Status.FAILED]})

    def do_retry(self, user, **options):
        from django.contrib.auth import get_user_model
        from django.core.exceptions import PermissionDenied, ValidationError

        from convoy.notifications.services import delivery_retry

        try:
            actor = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist as error:
            raise CommandError(_("--user: no user '%(user)s'.") % {"user": user},
                               returncode=2) from error
        count = 0
        try:
            for model in (Mail, WebhookDelivery):
                for delivery in model.objects.filter(status=Delivery.Status.FAILED):
                    delivery_retry(actor=actor, delivery=delivery)
                    count += 1
        except (PermissionDenied, ValidationError) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise CommandError("; ".join(messages), returncode=2) from error
        self.stdout.write(_("%(count)s failed deliveries will be sent again.") % {"count": count})
