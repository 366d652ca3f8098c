"""Who may hear of an event: the users who chose its kind and may read its record, and the
webhooks whose owner may read it.

Reading is decided by `restrict()`, the same rule as every page. Users whose memberships are
the same (same roles in the same organisations) see the same records, so the question is asked
once per such group, not once per user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from convoy.core.models import Role
from convoy.core.permissions import grants, memberships
from convoy.notifications import kinds
from convoy.notifications.models import Preference, Webhook

Scope = tuple[bool, frozenset[tuple[str, int, int]]]


def scope_of(user: Any) -> Scope:
    """Two users with the same value here may read exactly the same records."""
    return (
        bool(user.is_superuser),
        frozenset((m.role, m.organisation_id, m.organisation.nation_id)
                  for m in memberships(user)),
    )


def roles_of(user: Any) -> list[str]:
    """The user's roles; an administrator without a membership works as a coordinator."""
    roles = list(dict.fromkeys(m.role for m in memberships(user)))
    if not roles and user.is_superuser:
        roles = [Role.COORDINATOR]
    return roles


def may_manage_deliveries(user: Any) -> bool:
    """Coordinators (and administrators) register webhooks and see every delivery."""
    return getattr(user, "is_authenticated", False) and grants(user, Webhook, "change") is None


@dataclass
class Listener:
    user: Any
    kinds: frozenset[str]
    mail: str


def preference_of(user: Any) -> tuple[list[str], str]:
    """The kinds the user hears about and how mail reaches them (their roles' defaults until
    they choose)."""
    pref = Preference.objects.filter(user=user).first()
    if pref is None:
        return kinds.default_kinds(roles_of(user)), Preference.Mail.DIGEST
    return [k for k in pref.kinds if k in kinds.BY_KEY], pref.mail


@dataclass
class Group:
    """Users (and webhook owners) who read the same records."""

    representative: Any
    listeners: list[Listener] = field(default_factory=list)
    webhooks: list[Webhook] = field(default_factory=list)

    def wants(self, kind: str) -> bool:
        return any(kind in li.kinds for li in self.listeners) or any(
            kind in w.kinds for w in self.webhooks)


def groups() -> list[Group]:
    """Every active user who hears about something, and every active webhook, by scope."""
    users = (get_user_model().objects.filter(is_active=True)
             .select_related("notification_preference")
             .prefetch_related("memberships__organisation"))
    by_scope: dict[Scope, Group] = {}
    for user in users:
        user._convoy_memberships = list(user.memberships.all())
        pref = getattr(user, "notification_preference", None)
        if pref is None:
            wanted, mail = kinds.default_kinds(roles_of(user)), Preference.Mail.DIGEST
        else:
            wanted, mail = [k for k in pref.kinds if k in kinds.BY_KEY], pref.mail
        if not wanted:
            continue
        group = by_scope.setdefault(scope_of(user), Group(user))
        group.listeners.append(Listener(user, frozenset(wanted), mail))
    for hook in Webhook.objects.filter(active=True, owner__is_active=True).select_related(
            "owner"):
        group = by_scope.setdefault(scope_of(hook.owner), Group(hook.owner))
        group.webhooks.append(hook)
    return list(by_scope.values())


def readable(group: Group, obj: models.Model) -> bool:
    manager = type(obj)._default_manager
    if not hasattr(manager, "restrict"):
        return False
    return manager.restrict(group.representative, "view").filter(pk=obj.pk).exists()


def who_hears(all_groups: Iterable[Group], kind: str, obj: models.Model,
              actor_id: int | None) -> tuple[list[Listener], list[Webhook]]:
    """The listeners who chose `kind` and may read `obj` (not the person who did it), and the
    webhooks for `kind` whose owner may read it."""
    listeners: list[Listener] = []
    hooks: list[Webhook] = []
    for group in all_groups:
        if not group.wants(kind) or not readable(group, obj):
            continue
        listeners += [li for li in group.listeners
                      if kind in li.kinds and li.user.pk != actor_id]
        hooks += [w for w in group.webhooks if kind in w.kinds]
    return listeners, hooks
