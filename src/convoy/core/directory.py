"""Writes to the directory: nations, organisations, user accounts and their memberships.

Like every service these check the one permission rule (only coordinators manage the
directory), validate, write and audit in one transaction. User accounts are Django's own model;
their audit records leave out the password hash, and a coordinator may neither change a
superuser's account nor lock themselves out.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from convoy.core import audit
from convoy.core.errors import DomainError
from convoy.core.models import Membership, Nation, Organisation
from convoy.core.permissions import ensure_allowed
from convoy.core.services import create_record, delete_record, save_record, update_record

#: What the audit trail keeps of a user account (never the password hash).
USER_AUDIT_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_staff",
                     "is_superuser")
#: What a coordinator may change of an account through `user_update`.
USER_EDITABLE_FIELDS = ("first_name", "last_name", "email")


# Nations and organisations --------------------------------------------------------------------


def nation_create(*, actor: Any, **fields: Any) -> Nation:
    return create_record(actor=actor, model=Nation, summary=gettext_noop("nation added"), **fields)


def nation_update(*, actor: Any, nation: Nation, **changes: Any) -> Nation:
    """Change a nation's name, kind, participation or GDP; its code never changes."""
    if "code" in changes and changes["code"] != nation.code:
        raise DomainError({"code": _(
            "Nation %(nation)s: the code cannot change once recorded."
        ) % {"nation": nation}})
    changes.pop("code", None)
    return update_record(actor=actor, obj=nation, summary=gettext_noop("nation changed"), **changes)


def organisation_create(*, actor: Any, **fields: Any) -> Organisation:
    return create_record(actor=actor, model=Organisation,
                         summary=gettext_noop("organisation added"), **fields)


def organisation_update(
    *, actor: Any, organisation: Organisation, **changes: Any
) -> Organisation:
    return update_record(actor=actor, obj=organisation,
                         summary=gettext_noop("organisation changed"), **changes)


# User accounts --------------------------------------------------------------------------------


def _user_snapshot(user: Any) -> dict[str, Any]:
    return {name: getattr(user, name) for name in USER_AUDIT_FIELDS}


def _ensure_may_change_account(actor: Any, user: Any) -> None:
    ensure_allowed(actor, "change", user)
    if user.is_superuser and not getattr(actor, "is_superuser", False) and actor is not None:
        raise PermissionDenied(_(
            "Only a superuser may change the account %(username)s."
        ) % {"username": user.username})


def _save_user(actor: Any, user: Any, before: dict[str, Any] | None, summary: str) -> Any:
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor=actor, action="create" if before is None else "update", obj=user,
                 before=before, after=_user_snapshot(user), summary=summary)
    return user


def user_invite(
    *,
    actor: Any,
    username: str,
    organisation: Organisation,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> Any:
    """A new account that works for `organisation` in `role`, without a password yet.

    The invited person sets their own password through a one-time link
    (`user_password_link`); until then nobody can sign in as them.
    """
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model(username=username, first_name=first_name, last_name=last_name,
                          email=email)
        ensure_allowed(actor, "add", user)
        user.set_unusable_password()
        _save_user(actor, user, None, f"invited as {role}")
        membership_add(actor=actor, user=user, organisation=organisation, role=role)
    return user


def user_update(*, actor: Any, user: Any, **changes: Any) -> Any:
    """Change an account's name or e-mail address (the username stays)."""
    refused = sorted(set(changes) - set(USER_EDITABLE_FIELDS))
    if refused:
        raise DomainError({name: _(
            "User %(username)s: '%(name)s' cannot be changed here."
        ) % {"username": user.username, "name": name}
                           for name in refused})
    with transaction.atomic():
        locked = type(user)._base_manager.select_for_update().get(pk=user.pk)
        _ensure_may_change_account(actor, locked)
        before = _user_snapshot(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        _save_user(actor, locked, before, "account changed")
    user.refresh_from_db()
    return user


def user_deactivate(*, actor: Any, user: Any) -> Any:
    """The account can no longer sign in; its records and history stay."""
    if actor is not None and actor.pk == user.pk:
        raise DomainError({"is_active": _(
            "User %(username)s: you cannot deactivate your own account; ask another "
            "coordinator."
        ) % {"username": user.username}})
    return _set_active(actor, user, False)


def user_reactivate(*, actor: Any, user: Any) -> Any:
    return _set_active(actor, user, True)


def _set_active(actor: Any, user: Any, active: bool) -> Any:
    with transaction.atomic():
        locked = type(user)._base_manager.select_for_update().get(pk=user.pk)
        _ensure_may_change_account(actor, locked)
        if locked.is_active == active:
            state = "active" if active else "deactivated"
            raise DomainError({"is_active": _(
                "User %(username)s is already %(state)s."
            ) % {"username": locked.username, "state": state}})
        before = _user_snapshot(locked)
        locked.is_active = active
        _save_user(actor, locked, before, "reactivated" if active else "deactivated")
    user.refresh_from_db()
    return user


def user_password_link(*, actor: Any, user: Any) -> tuple[str, str]:
    """The two parts (user id, token) of a link with which `user` sets a new password.

    The link works once: setting the password changes what the token was made from. It expires
    after PASSWORD_RESET_TIMEOUT (three days by default). Issuing it is audited, as it hands the
    account to whoever holds the link; the link itself is never stored.
    """
    with transaction.atomic():
        locked = type(user)._base_manager.select_for_update().get(pk=user.pk)
        _ensure_may_change_account(actor, locked)
        if not locked.is_active:
            raise DomainError({"is_active": _(
                "User %(username)s is deactivated; reactivate the account first."
            ) % {"username": locked.username}})
        snapshot = _user_snapshot(locked)
        audit.record(actor=actor, action="update", obj=locked, before=snapshot, after=snapshot,
                     summary=gettext_noop("password-set link issued"))
    return urlsafe_base64_encode(force_bytes(locked.pk)), default_token_generator.make_token(locked)


# Memberships ----------------------------------------------------------------------------------


def _ensure_not_own(actor: Any, membership: Membership, what: str) -> None:
    # Changing one's own role is how a coordinator locks everyone out; another must do it.
    if actor is not None and actor.pk == membership.user_id:
        raise DomainError({"role": _(
            "Membership %(membership)s: you cannot %(what)s your own membership; ask another "
            "coordinator."
        ) % {"membership": membership, "what": what}})


def membership_add(*, actor: Any, user: Any, organisation: Organisation, role: str) -> Membership:
    """`user` works for `organisation` in `role` (one membership per organisation)."""
    with transaction.atomic():
        membership = Membership(user=user, organisation=organisation, role=role)
        ensure_allowed(actor, "add", membership)
        if Membership.objects.filter(user=user, organisation=organisation).exists():
            raise DomainError({"organisation": _(
                "User %(username)s already works for %(organisation)s; change that "
                "membership's role instead."
            ) % {"username": user.username, "organisation": organisation}})
        return save_record(actor=actor, obj=membership, summary=f"{role} at {organisation}")


def membership_update(
    *, actor: Any, membership: Membership, role: str | None = None
) -> Membership:
    """Change the role in which the user works for the organisation."""
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        ensure_allowed(actor, "change", locked)
        before = locked.role
        if role is None or role == before:
            return membership  # saved unchanged: nothing to write or audit
        _ensure_not_own(actor, locked, "change")
        update_record(actor=actor, obj=locked, role=role, summary=f"role {before} → {role}")
    membership.refresh_from_db()
    return membership


def membership_remove(*, actor: Any, membership: Membership) -> None:
    """The user no longer works for the organisation (the account stays)."""
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        ensure_allowed(actor, "delete", locked)
        _ensure_not_own(actor, locked, "remove")
        delete_record(actor=actor, obj=locked, summary=gettext_noop("membership removed"))
