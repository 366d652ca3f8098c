"""What telling an event costs with a command-sized staff: 700 users in every role across the
demo's organisations, on the loaded database (e.g. the demo).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h8 PYTHONPATH=src \\
        .venv/bin/python benchmarks/notifications.py

Prints the seconds to gather the audience (users and webhooks by scope), to tell one pledge
commitment (scope checks, notices, mails for those who want each), to look for every time-based
event for everyone, and to send 500 mails through Django's in-memory backend. Everything runs
in one transaction that is rolled back: the database is left as it was.
"""

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convoy.settings")
os.environ.setdefault("CONVOY_LOG_LEVEL", "WARNING")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from convoy.core.models import Membership, Organisation, Role  # noqa: E402
from convoy.donations.models import Pledge  # noqa: E402
from convoy.donations.services import pledge_commit  # noqa: E402
from convoy.notifications import audience, delivery, events, worker  # noqa: E402
from convoy.notifications.models import Mail, Notice, Preference  # noqa: E402

USERS = 700
MAILS = 500


def timed(label, work):
    start = time.perf_counter()
    result = work()
    print(f"{label:48} {time.perf_counter() - start:7.2f} s   {result}")
    return result


def staff() -> None:
    organisations = list(Organisation.objects.all())
    roles = [r.value for r in Role]
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"bench-{n}", email=f"bench-{n}@example.org") for n in range(USERS))
    Membership.objects.bulk_create(
        Membership(user=u, organisation=organisations[n % len(organisations)],
                   role=roles[n % len(roles)]) for n, u in enumerate(users))
    Preference.objects.bulk_create(Preference(user=u, kinds=["pledge-committed"], mail="each")
                                   for u in users[::3])


def main() -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with transaction.atomic():
        staff()
        groups = timed("audience of 700 users, grouped by scope",
                       lambda: f"{len(audience.groups())} groups")
        pledge = Pledge.objects.filter(status="announced").first()
        pledge_commit(actor=None, pledge=pledge)
        ids = list(events.audit_records(after_id=0).filter(object_id=str(pledge.pk))
                   .values_list("pk", flat=True))
        timed("one pledge committed, told", lambda: f"{worker.process_audit(ids)} notices, "
              f"{Mail.objects.count()} mails")
        timed("every time-based event, for everyone",
              lambda: f"{worker.run_checks(timezone.now(), force=True)} notices")
        user = get_user_model().objects.get(username="bench-0")
        Mail.objects.bulk_create(Mail(recipient=user, to=user.email, subject="s", body="b",
                                      next_try_at=timezone.now()) for _ in range(MAILS))
        timed(f"{Mail.objects.filter(status='pending').count()} mails sent",
              lambda: f"{sum(delivery.deliver_due()[:1])} tried in one pass")
        print(f"notices in all: {Notice.objects.count()}")
        del groups
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
