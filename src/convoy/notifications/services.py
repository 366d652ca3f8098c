"""Every write of the notifications: telling an event to its audience, marking notices read,
saving preferences, registering webhooks and sending a failed delivery again.

What people choose and coordinators register is audited like any record (a webhook's secret
never enters the audit trail). The notices, mails and webhook calls the worker makes are their
own record of what was told to whom, with their times and tries, and are not audited again:
the audit trail is what the events are read from.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from convoy.core import audit
from convoy.core.errors import DomainError
from convoy.core.permissions import ensure_allowed
from convoy.core.preferences import saved_language
from convoy.core.services import validate_record
from convoy.notifications import kinds
from convoy.notifications.audience import Listener, may_manage_deliveries
from convoy.notifications.events import Event
from convoy.notifications.models import Mail, Notice, Preference, Webhook, WebhookDelivery


def site_url(path: str) -> str:
    return settings.CONVOY_SITE_URL.rstrip("/") + path if path else ""


def tell(event: Event, listeners: list[Listener], hooks: list[Webhook]) -> int:
    """Notices for the listeners (a mail at once for those who want one per notice) and calls
    for the webhooks; an event already told to someone is not told again. The new notices'
    count. A few queries whatever the number of listeners: one event may reach hundreds."""
    content_type = ContentType.objects.get_for_model(event.obj, for_concrete_model=True)
    by_user = {li.user.pk: li for li in listeners}
    told = set(Notice.objects.filter(key=event.key, recipient_id__in=list(by_user))
               .values_list("recipient_id", flat=True))
    fresh = [li for pk, li in by_user.items() if pk not in told]
    Notice.objects.bulk_create([
        Notice(recipient=li.user, kind=event.kind.key, key=event.key, params=event.params,
               content_type=content_type, object_id=str(event.obj.pk), url=event.url)
        for li in fresh], ignore_conflicts=True)  # told meanwhile by another worker: skipped
    mailed = {li.user.pk: li.user for li in fresh
              if li.mail == Preference.Mail.EACH and li.user.email}
    if mailed:
        notices = list(Notice.objects.filter(key=event.key, recipient_id__in=list(mailed),
                                             mail__isnull=True))
        for notice in notices:
            notice.mail = mail_for(mailed[notice.recipient_id], [notice], digest=False)
        Notice.objects.bulk_update(notices, ["mail"])
    for hook in hooks:
        webhook_call_create(hook, event)
    return len(fresh)


def mail_for(user: Any, notices: list[Notice], *, digest: bool) -> Mail:
    """A mail carrying `notices`, in the language the user chose (else the site's), with a
    link to each record."""
    with translation.override(saved_language(user) or settings.LANGUAGE_CODE):
        lines = [(n.text, site_url(n.url)) for n in notices]
        context = {"user": user, "lines": lines, "inbox": site_url(reverse("notifications:inbox")),
                   "preferences": site_url(reverse("notifications:preferences"))}
        if digest:
            subject = gettext("Convoy: %(count)s notices today") % {"count": len(notices)}
        else:
            subject = gettext("Convoy: %(what)s") % {"what": notices[0].kind_label}
        body = render_to_string("notifications/mail.txt", context)
    return Mail.objects.create(recipient=user, to=user.email, subject=subject[:200], body=body,
                               digest=digest, next_try_at=timezone.now())


def webhook_body(hook: Webhook, event: Event) -> str:
    """The JSON an integration receives: the event's kind and key, the record it is about, the
    facts, the sentence in the site's language and a link to the record's page."""
    with translation.override(settings.LANGUAGE_CODE):
        text = kinds.sentence(event.kind.key, event.params)
    return json.dumps({
        "event": event.key,
        "kind": event.kind.key,
        "occurred_at": timezone.now().isoformat(),
        "record": {"type": event.obj._meta.label_lower, "id": event.obj.pk,
                   "name": str(event.obj), "url": site_url(event.url)},
        "params": event.params,
        "text": text,
    }, sort_keys=True)


def webhook_call_create(hook: Webhook, event: Event) -> WebhookDelivery | None:
    try:
        with transaction.atomic():
            return WebhookDelivery.objects.create(
                webhook=hook, kind=event.kind.key, key=event.key,
                body=webhook_body(hook, event), next_try_at=timezone.now())
    except IntegrityError:
        return None


def tell_failure(delivery: Mail | WebhookDelivery) -> None:
    """A delivery that failed for good becomes a notice for every coordinator who hears about
    failures, linked to the deliveries page (in the inbox only: mail may be what is broken)."""
    from convoy.notifications.audience import groups

    if isinstance(delivery, Mail):
        name = gettext("The mail “%(subject)s” to %(to)s") % {
            "subject": delivery.subject, "to": delivery.to}
        key = f"{kinds.DELIVERY_FAILED.key}:mail:{delivery.pk}"
    else:
        name = gettext("Webhook call %(id)s to %(webhook)s") % {
            "id": delivery.pk, "webhook": delivery.webhook.name}
        key = f"{kinds.DELIVERY_FAILED.key}:webhook:{delivery.pk}"
    params = {"record": name, "attempts": delivery.attempts, "error": delivery.last_error}
    url = reverse("notifications:deliveries")
    content_type = ContentType.objects.get_for_model(delivery)
    for group in groups():
        for listener in group.listeners:
            if kinds.DELIVERY_FAILED.key in listener.kinds and may_manage_deliveries(
                    listener.user):
                Notice.objects.get_or_create(
                    recipient=listener.user, key=key,
                    defaults={"kind": kinds.DELIVERY_FAILED.key, "params": params, "url": url,
                              "content_type": content_type, "object_id": str(delivery.pk)})


def notice_mark_read(*, actor: Any, notice: Notice) -> Notice:
    if notice.recipient_id != getattr(actor, "pk", None):
        raise PermissionDenied(gettext("This notice is not yours."))
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
        notice.refresh_from_db(fields=["read_at"])
    return notice


def notices_mark_all_read(*, actor: Any) -> int:
    return Notice.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now())


def preference_save(*, actor: Any, user: Any, kinds_chosen: list[str], mail: str) -> Preference:
    """A user's choice of kinds and of mail; each person chooses for themselves."""
    if getattr(actor, "pk", None) != user.pk:
        raise PermissionDenied(gettext("Each person chooses their own notifications."))
    unknown = [k for k in kinds_chosen if k not in kinds.BY_KEY]
    if unknown:
        raise DomainError({"kinds": gettext("Notification preferences: unknown kinds of event "
                                            "%(kinds)s.") % {"kinds": ", ".join(unknown)}})
    if kinds.DELIVERY_FAILED.key in kinds_chosen and not may_manage_deliveries(user):
        kinds_chosen = [k for k in kinds_chosen if k != kinds.DELIVERY_FAILED.key]
    with transaction.atomic():
        pref = Preference.objects.select_for_update().filter(user=user).first()
        before = audit.snapshot(pref) if pref else None
        pref = pref or Preference(user=user)
        pref.kinds = [k.key for k in kinds.KINDS if k.key in set(kinds_chosen)]
        pref.mail = mail
        validate_record(pref)
        pref.save()
        after = audit.snapshot(pref)
        if after != before:
            audit.record(actor=actor, action="create" if before is None else "update", obj=pref,
                         before=before, after=after,
                         summary=gettext_noop("notification preferences"))
    return pref


def _webhook_snapshot(hook: Webhook) -> dict[str, Any]:
    data = audit.snapshot(hook)
    data.pop("secret", None)
    return data


def _check_webhook_kinds(hook: Webhook) -> None:
    if not hook.kinds:
        raise DomainError({"kinds": gettext("Webhook %(name)s: choose at least one kind of "
                                            "event.") % {"name": hook.name}})
    allowed = {k.key for k in kinds.WEBHOOK_KINDS}
    unknown = [k for k in hook.kinds if k not in allowed]
    if unknown:
        raise DomainError({"kinds": gettext("Webhook %(name)s: unknown kinds of event "
                                            "%(kinds)s.") % {"name": hook.name,
                                                             "kinds": ", ".join(unknown)}})


def webhook_create(*, actor: Any, name: str, url: str, kinds_chosen: list[str],
                   active: bool = True) -> Webhook:
    """Register an integration's URL; its signing secret is made here and shown once."""
    hook = Webhook(name=name, url=url, kinds=list(kinds_chosen), active=active,
                   secret=secrets.token_hex(32), owner=actor)
    with transaction.atomic():
        ensure_allowed(actor, "add", hook)
        _check_webhook_kinds(hook)
        validate_record(hook)
        hook.save()
        audit.record(actor=actor, action="create", obj=hook, before=None,
                     after=_webhook_snapshot(hook), summary=gettext_noop("webhook registered"))
    return hook


def webhook_update(*, actor: Any, webhook: Webhook, new_secret: bool = False,
                   **changes: Any) -> Webhook:
    """Change a webhook's name, URL, kinds or whether it is active; `new_secret` replaces its
    secret (the receiver must then be given the new one)."""
    allowed = {"name", "url", "kinds", "active"}
    if set(changes) - allowed:
        raise DomainError({"__all__": gettext("Webhook %(name)s: only its name, URL, kinds and "
                                              "being active can change.") % {"name": webhook}})
    with transaction.atomic():
        locked = Webhook.objects.select_for_update().get(pk=webhook.pk)
        ensure_allowed(actor, "change", locked)
        before = _webhook_snapshot(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        if new_secret:
            locked.secret = secrets.token_hex(32)
        _check_webhook_kinds(locked)
        validate_record(locked)
        locked.save()
        after = _webhook_snapshot(locked)
        if after != before or new_secret:
            audit.record(actor=actor, action="update", obj=locked, before=before, after=after,
                         summary=gettext_noop("webhook secret replaced") if new_secret
                         else gettext_noop("webhook changed"))
    return locked


def webhook_delete(*, actor: Any, webhook: Webhook) -> None:
    with transaction.atomic():
        ensure_allowed(actor, "delete", webhook)
        audit.record(actor=actor, action="delete", obj=webhook,
                     before=_webhook_snapshot(webhook), after=None,
                     summary=gettext_noop("webhook removed"))
        webhook.delete()


def delivery_retry(*, actor: Any, delivery: Mail | WebhookDelivery) -> Mail | WebhookDelivery:
    """Send a failed mail or webhook call again (from the first try's back-off)."""
    if not may_manage_deliveries(actor):
        raise PermissionDenied(gettext("Only coordinators send failed deliveries again."))
    model: type[models.Model] = type(delivery)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=delivery.pk)
        if locked.status != locked.Status.FAILED:
            raise DomainError({"status": gettext("%(what)s has not failed; it is %(status)s.")
                               % {"what": locked, "status": locked.get_status_display()}})
        before = {"status": locked.status, "attempts": locked.attempts}
        locked.status, locked.attempts = locked.Status.PENDING, 0
        locked.next_try_at, locked.finished_at = timezone.now(), None
        locked.save(update_fields=["status", "attempts", "next_try_at", "finished_at"])
        audit.record(actor=actor, action="update", obj=locked, before=before,
                     after={"status": locked.status, "attempts": 0},
                     summary=gettext_noop("sent again"))
    return locked
