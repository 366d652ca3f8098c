"""Reads of notices and deliveries: a person reads their own notices; coordinators read every
delivery and webhook."""

from typing import Any

from django.db.models import QuerySet

from convoy.notifications.models import Mail, Notice, Webhook, WebhookDelivery


def notices_for(user: Any) -> QuerySet[Notice]:
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    return Notice.objects.filter(recipient=user)


def unread_count(user: Any) -> int:
    return notices_for(user).filter(read_at__isnull=True).count()


def webhooks_for(user: Any) -> QuerySet[Webhook]:
    return Webhook.objects.restrict(user, "change").select_related("owner")


def mails_for(user: Any) -> QuerySet[Mail]:
    """Every mail, for those who may manage deliveries (coordinators); none for anyone else."""
    from convoy.notifications.audience import may_manage_deliveries

    if not may_manage_deliveries(user):
        return Mail.objects.none()
    return Mail.objects.select_related("recipient")


def webhook_calls_for(user: Any) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(webhook__in=webhooks_for(user)).select_related(
        "webhook")
