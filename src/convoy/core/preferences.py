"""Services for a user's own preferences: each write audited like any other."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from convoy.core import audit
from convoy.core.errors import DomainError
from convoy.core.models import TablePreference, UserProfile

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def saved_language(user: Any) -> str:
    """The language the user chose, or "" when they left it to the browser."""
    if not getattr(user, "is_authenticated", False):
        return ""
    profile = UserProfile.objects.filter(user=user).only("language").first()
    return profile.language if profile else ""


def language_set(*, actor: Any, user: Any, language: str) -> UserProfile:
    """Remember the page language of `user` ("" goes back to the browser's language).

    Only the user themselves (or a superuser) chooses it; the choice is audited.
    """
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied(_("Only %(user)s chooses their own language.") % {"user": user})
    if language and language not in LANGUAGE_CODES:
        raise DomainError({"language": _(
            "User profile %(user)s, language: %(code)s is not one of Convoy's languages."
        ) % {"user": user, "code": language}})
    with transaction.atomic():
        profile = UserProfile.objects.select_for_update().filter(user=user).first()
        before = None if profile is None else audit.snapshot(profile)
        if profile is None:
            profile = UserProfile(user=user)
        if before is not None and profile.language == language:
            return profile
        profile.language = language
        profile.save()
        audit.record(
            actor=actor,
            action="create" if before is None else "update",
            obj=profile,
            before=before,
            after=audit.snapshot(profile),
            summary=f"language {language or 'from the browser'}",
        )
    return profile


def hidden_columns(user: Any, table: str) -> list[str]:
    """The columns `user` hid on the list `table` (nothing for anyone signed out)."""
    if not getattr(user, "is_authenticated", False):
        return []
    found = TablePreference.objects.filter(user=user, table=table).values_list(
        "hidden_columns", flat=True).first()
    return list(found or [])


def table_columns_set(*, actor: Any, user: Any, table: str, hidden: list[str],
                      columns: list[str]) -> TablePreference:
    """Remember which of the list's `columns` `user` hides on `table`; at least one stays.

    Only the user themselves (or a superuser) chooses; the choice is audited.
    """
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied(_("Only %(user)s chooses their own columns.") % {"user": user})
    unknown = sorted(set(hidden) - set(columns))
    if unknown:
        raise DomainError({"hidden_columns": _(
            "Table preference %(table)s, hidden columns: %(unknown)s is not a column of this "
            "list.") % {"table": table, "unknown": ", ".join(unknown)}})
    if columns and set(columns) <= set(hidden):
        raise DomainError({"hidden_columns": _(
            "Table preference %(table)s, hidden columns: keep at least one column shown."
        ) % {"table": table}})
    hidden = [c for c in columns if c in set(hidden)]  # in the list's order, once each
    with transaction.atomic():
        preference = TablePreference.objects.select_for_update().filter(
            user=user, table=table).first()
        before = None if preference is None else audit.snapshot(preference)
        if preference is None:
            preference = TablePreference(user=user, table=table)
        elif preference.hidden_columns == hidden:
            return preference
        preference.hidden_columns = hidden
        preference.full_clean()
        preference.save()
        audit.record(
            actor=actor,
            action="create" if before is None else "update",
            obj=preference,
            before=before,
            after=audit.snapshot(preference),
            summary=f"columns of {table}: {len(hidden)} hidden",
        )
    return preference
