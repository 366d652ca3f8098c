"""Sending mails and webhook calls: each is claimed before it is tried, so two workers never
send the same one, and tried outside any transaction, so a slow mail server or receiver holds
no lock. A failed try waits longer each time; after the last it is failed for good and told to
the coordinators. A worker that dies mid-try leaves its claim to expire, and the next worker
tries again: nothing is lost."""

from __future__ import annotations

import hashlib
import hmac
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from convoy.notifications.models import Delivery, Mail, WebhookDelivery
from convoy.notifications.services import tell_failure

#: The wait after each failed try; after the last one the delivery has failed for good.
BACK_OFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
            timedelta(hours=2), timedelta(hours=8))
MAX_TRIES = len(BACK_OFF) + 1
#: How long a claimed delivery is left to its worker before another may try it.
CLAIM = timedelta(minutes=5)
#: A receiver that has not answered by then counts as a failed try.
WEBHOOK_TIMEOUT_S = 10
#: Deliveries tried in one pass (the rest wait for the next).
BATCH = 200

SIGNATURE_HEADER = "X-Convoy-Signature"


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def due(model: type[Delivery], now: datetime) -> models.QuerySet:
    return model.objects.filter(status=Delivery.Status.PENDING).filter(
        Q(next_try_at__isnull=True) | Q(next_try_at__lte=now)).order_by("next_try_at", "id")


def claim(delivery: Delivery, now: datetime) -> bool:
    """Take the delivery for this try, unless another worker took it first."""
    taken = type(delivery).objects.filter(
        pk=delivery.pk, status=Delivery.Status.PENDING, attempts=delivery.attempts,
    ).filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now)).update(
        attempts=F("attempts") + 1, next_try_at=now + CLAIM)
    if taken:
        delivery.attempts += 1
    return bool(taken)


def settle(delivery: Delivery, error: str = "", **fields: object) -> None:
    """Record a try's outcome: delivered, to be tried again later, or failed for good."""
    now = timezone.now()
    if not error:
        changes = {"status": Delivery.Status.SENT, "finished_at": now, "next_try_at": None,
                   "last_error": ""}
    elif delivery.attempts >= MAX_TRIES:
        changes = {"status": Delivery.Status.FAILED, "finished_at": now, "next_try_at": None,
                   "last_error": error[:500]}
    else:
        changes = {"next_try_at": now + BACK_OFF[delivery.attempts - 1],
                   "last_error": error[:500]}
    changes.update(fields)
    type(delivery).objects.filter(pk=delivery.pk).update(**changes)
    for name, value in changes.items():
        setattr(delivery, name, value)
    if changes.get("status") == Delivery.Status.FAILED:
        tell_failure(delivery)


def send_one_mail(mail: Mail) -> None:
    try:
        send_mail(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to],
                  fail_silently=False)
    except Exception as error:  # any failure of the mail server is a failed try, kept
        settle(mail, f"{type(error).__name__}: {error}")
    else:
        settle(mail)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would resend the body elsewhere unsigned by intent: it counts as a failure."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def send_one_call(call: WebhookDelivery) -> None:
    body = call.body.encode()
    request = urllib.request.Request(call.webhook.url, data=body, method="POST", headers={
        "Content-Type": "application/json",
        "User-Agent": "Convoy-Webhook/1",
        "X-Convoy-Event": call.kind,
        "X-Convoy-Delivery": str(call.pk),
        SIGNATURE_HEADER: signature(call.webhook.secret, body),
    })
    try:
        with _opener.open(request, timeout=WEBHOOK_TIMEOUT_S) as response:
            code = response.status
    except urllib.error.HTTPError as error:
        settle(call, f"HTTP {error.code} {error.reason}", response_code=error.code)
        return
    except Exception as error:  # refused, timed out, bad certificate, ...: a failed try
        settle(call, f"{type(error).__name__}: {error}", response_code=None)
        return
    if 200 <= code < 300:
        settle(call, response_code=code)
    else:
        settle(call, f"HTTP {code}", response_code=code)


def deliver_due(now: datetime | None = None) -> tuple[int, int]:
    """Try every mail and webhook call that is due; how many of each were tried."""
    now = now or timezone.now()
    mails = calls = 0
    for mail in list(due(Mail, now)[:BATCH]):
        if claim(mail, now):
            send_one_mail(mail)
            mails += 1
    for call in list(due(WebhookDelivery, now).select_related("webhook")[:BATCH]):
        if not call.webhook.active:
            continue
        if claim(call, now):
            send_one_call(call)
            calls += 1
    return mails, calls
