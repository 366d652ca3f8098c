"""Services for a user's own preferences: each write audited like any other."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from convoy.core import audit
from convoy.core.errors import DomainError
from convoy.core.models import UserProfile

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
