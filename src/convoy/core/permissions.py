"""The one permission rule: what each role may see and change.

Every read goes through `Model.objects.restrict(user, action)`; every write through
`ensure_allowed(user, action, obj)`. Both derive from `grants()`, so pages, the API, exports and
services cannot disagree.

Actions: "view" (records), "aggregate" (totals over records, e.g. all nations' pledges in a
chart), "add", "change", "delete".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from convoy.core.models import Membership

WRITE_ACTIONS = frozenset({"add", "change", "delete"})
ACTIONS = WRITE_ACTIONS | {"view", "aggregate"}


@dataclass(frozen=True)
class RoleRule:
    """How one role reaches records.

    reads_all: sees every record of every model (coordinators, viewers, the recipient).
    scope: "all", "nation" (records owned by the member's nation) or "operator" (records of the
      node or facility the member's organisation operates).
    manages: model labels this role may add, change and delete within its scope.
    """

    reads_all: bool
    scope: str
    manages: frozenset[str]


ROLE_RULES: dict[str, RoleRule] = {
    "coordinator": RoleRule(reads_all=True, scope="all", manages=frozenset({"*"})),
    "viewer": RoleRule(reads_all=True, scope="all", manages=frozenset()),
    "recipient_planner": RoleRule(
        reads_all=True,
        scope="all",
        manages=frozenset(
            {
                "donations.requirement",
                "training.trainingrequest",
                "repairs.repairorder",
                "logistics.handover",
                "development.capabilitytarget",
            }
        ),
    ),
    "donor_liaison": RoleRule(
        reads_all=False,
        scope="nation",
        manages=frozenset(
            {
                "donations.pledge",
                "funding.financialpledge",
                "funding.disbursement",
                "training.coursesession",
                "repairs.repairfacility",
            }
        ),
    ),
    "node_operator": RoleRule(
        reads_all=False,
        scope="operator",
        manages=frozenset(
            {
                "logistics.shipment",
                "logistics.trackingevent",
                "logistics.capacityexception",
                "logistics.discrepancy",
            }
        ),
    ),
    "facility_operator": RoleRule(
        reads_all=False,
        scope="operator",
        manages=frozenset(
            {
                "training.coursesession",
                "training.enrolment",
                "repairs.repairorder",
                "repairs.repairfacility",
            }
        ),
    ),
}


@dataclass(frozen=True)
class Grant:
    """Records reachable through one membership: all of them, or those whose `path` is `value`."""

    path: str | None = None
    value: int | None = None

    def q(self) -> models.Q:
        return models.Q() if self.path is None else models.Q(**{self.path: self.value})

    def covers(self, obj: models.Model) -> bool:
        return self.path is None or resolve_path(obj, self.path) == self.value


def resolve_path(obj: Any, path: str) -> Any:
    """The primary key at the end of a `a__b__c` path, read from (possibly unsaved) objects."""
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def _membership_grant(
    membership: Membership, model: type[models.Model], action: str
) -> Grant | None:
    rule = ROLE_RULES[membership.role]
    owner_path = getattr(model, "owner_nation_path", None)
    operator_path = getattr(model, "operator_path", None)
    scope_path, scope_value = {
        "nation": (owner_path, membership.organisation.nation_id),
        "operator": (operator_path, membership.organisation_id),
        "all": (None, None),
    }[rule.scope]

    if action == "aggregate" or (action == "view" and rule.reads_all):
        return Grant()
    if action == "view":
        if getattr(model, "confidential", False):
            return None
        if scope_path:
            return Grant(scope_path, scope_value)
        # Records owned by a nation are private to it; the rest is shared reference data.
        return Grant() if owner_path is None else None
    # Writes.
    label = model._meta.label_lower
    if "*" not in rule.manages and label not in rule.manages:
        return None
    if rule.scope == "all":
        return Grant()
    return Grant(scope_path, scope_value) if scope_path else None


def memberships(user: Any) -> list[Membership]:
    """The user's memberships, fetched once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_convoy_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("organisation"))
        user._convoy_memberships = cached
    return cached


def grants(user: Any, model: type[models.Model], action: str) -> list[Grant] | None:
    """What `user` may reach of `model` for `action`: a list of grants (empty = nothing), or
    None for everything (superusers)."""
    if action not in ACTIONS:
        raise ValueError(_("unknown action %(action)s") % {"action": repr(action)})
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    found = [g for m in memberships(user) if (g := _membership_grant(m, model, action))]
    if any(g.path is None for g in found):
        return None
    return found


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> RestrictedQuerySet:
        allowed = grants(user, self.model, action)
        if allowed is None:
            return self
        if not allowed:
            return self.none()
        return self.filter(reduce(or_, (g.q() for g in allowed)))


def is_allowed(user: Any, action: str, obj: models.Model) -> bool:
    allowed = grants(user, type(obj), action)
    return allowed is None or any(g.covers(obj) for g in allowed)


_step_actor: ContextVar[Any] = ContextVar("convoy_step_actor", default=None)


@contextmanager
def consequences_of_step(actor: Any) -> Iterator[None]:
    """Writes inside this block follow from a step `actor` was allowed to take.

    A recipient planner's handover marks the shipment delivered; a facility operator's repair
    return creates the pledge the equipment can be allocated from again. Their roles do not manage
    those records, but the step they took does: the writes are not checked against the role
    again, and the audit trail still names the actor.
    """
    token = _step_actor.set(actor)
    try:
        yield
    finally:
        _step_actor.reset(token)


def in_consequences_of_step(user: Any) -> bool:
    """Whether writes by `user` now follow from a step it took (see `consequences_of_step`)."""
    return user is not None and user is _step_actor.get()


def ensure_allowed(user: Any, action: str, obj: models.Model) -> None:
    """Raise PermissionDenied naming the role's limit when `user` may not `action` `obj`.

    `user=None` is the system itself (demo loader, migrations), which may do anything.
    """
    if user is None or in_consequences_of_step(user) or is_allowed(user, action, obj):
        return
    verbose = type(obj)._meta.verbose_name
    raise PermissionDenied(_(
        "You may not %(action)s %(verbose)s %(obj)s: your role does not allow it."
    ) % {"action": action, "verbose": verbose, "obj": obj})


def restrict_audit(records: models.QuerySet, user: Any, action: str = "view") -> models.QuerySet:
    """Audit records of the records `user` may see: all of them for the roles that read
    everything; for the others, per kind of record, those of the records `restrict()` lets
    through (so the history of another nation's pledge stays as hidden as the pledge). Writes
    to records outside the permission rule (accounts, API tokens, deleted records) are seen by
    the roles that read everything only. Nobody writes audit records through this rule."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.functions import Cast

    if action != "view":
        return records.none()
    if getattr(user, "is_superuser", False) and user.is_active:
        return records
    found = memberships(user)
    if any(ROLE_RULES[m.role].reads_all for m in found):
        return records
    if not found:
        return records.none()
    visible = models.Q(pk__in=[])
    kinds = records.order_by().values_list("content_type", flat=True).distinct()
    for kind in ContentType.objects.filter(pk__in=list(kinds)):
        model = kind.model_class()
        if model is None or not isinstance(model._default_manager.all(), RestrictedQuerySet):
            continue
        allowed = grants(user, model, "view")
        if allowed is None:
            visible |= models.Q(content_type=kind)
        elif allowed:
            ids = model.objects.restrict(user, "view").annotate(
                audit_id=Cast("pk", models.CharField())).values("audit_id")
            visible |= models.Q(content_type=kind, object_id__in=ids)
    return records.filter(visible)
