"""Sign-in throttling (django-axes): after repeated failures an account waits at the address it
was tried from, on the web sign-in and on the API's password authentication alike.

Axes counts the failures and refuses while a lock holds; this module says so clearly (a page on the
web, a 429 in the API), lists the locks for coordinators and lifts one through an audited service.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.authentication import BasicScheme
from rest_framework import authentication, exceptions, status

from convoy.core import audit
from convoy.core.permissions import ensure_allowed, grants


class RequestOnlyAxesBackend(AxesStandaloneBackend):
    """Axes' check, for sign-ins that come with a request (the sign-in page, the API).

    Code that authenticates without a request (Django's test client `login`) has no address to
    count against; it passes through to the password check unthrottled.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lock_minutes() -> int:
    cool_off = settings.AXES_COOLOFF_TIME
    return int(cool_off.total_seconds() // 60) if isinstance(cool_off, timedelta) else 0


def lock_message() -> str:
    return _(
        "Too many failed sign-ins for this account from this address. Wait %(minutes)d minutes "
        "and try again, or ask a coordinator to lift the lock."
    ) % {"minutes": lock_minutes()}


#: The name API token failures are counted under: Django usernames hold no spaces or brackets, so
#: no account shares it, and the lock holds the address (every token tried from it) alone.
TOKEN_ACCOUNT = "(API token)"


def token_lock_message() -> str:
    return _(
        "Too many failed API token attempts from this address. Wait %(minutes)d minutes and try "
        "again, or ask a coordinator to lift the lock."
    ) % {"minutes": lock_minutes()}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What a locked sign-in sees: the sign-in page with the reason (429), or JSON in the API."""
    if request.path.startswith("/api/"):
        tokens = (credentials or {}).get("username") == TOKEN_ACCOUNT
        message = token_lock_message() if tokens else lock_message()
        return JsonResponse({"detail": message}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    context = {
        "form": AuthenticationForm(request),
        "next": request.POST.get("next", ""),
        "locked_message": lock_message(),
    }
    return render(request, "registration/login.html", context, status=429)


class SignInLocked(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "sign_in_locked"


class ThrottledBasicAuthentication(authentication.BasicAuthentication):
    """HTTP basic authentication that says when the account is locked instead of only
    'invalid username/password' (axes has refused the right password too)."""

    def authenticate_credentials(self, userid, password, request=None):
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            if request is not None and getattr(request, "axes_locked_out", False):
                raise SignInLocked(lock_message()) from None
            raise


# Reads and writes of the locks: coordinators only (those who may delete access attempts).


def may_manage_locks(user: Any) -> bool:
    return grants(user, AccessAttempt, "delete") is None


def active_locks(user: Any) -> models.QuerySet[AccessAttempt]:
    """The attempts that lock an account at an address now, newest first."""
    if not may_manage_locks(user):
        return AccessAttempt.objects.none()
    locks = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if isinstance(settings.AXES_COOLOFF_TIME, timedelta):
        locks = locks.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return locks.order_by("-attempt_time")


def locked_until(attempt: AccessAttempt) -> Any:
    cool_off = settings.AXES_COOLOFF_TIME
    return attempt.attempt_time + cool_off if isinstance(cool_off, timedelta) else None


def _lock_snapshot(attempt: AccessAttempt) -> dict[str, Any]:
    # The attempt's username, address and count; never the request data it kept.
    return {
        "username": attempt.username,
        "ip_address": attempt.ip_address,
        "failures_since_start": attempt.failures_since_start,
        "attempt_time": attempt.attempt_time.isoformat(),
    }


def sign_in_lock_lift(*, actor: Any, attempt: AccessAttempt) -> None:
    """The account may try again at once from that address; the audit trail keeps who lifted it."""
    with transaction.atomic():
        locked = AccessAttempt.objects.select_for_update().get(pk=attempt.pk)
        ensure_allowed(actor, "delete", locked)
        audit.record(
            actor=actor,
            action="delete",
            obj=locked,
            before=_lock_snapshot(locked),
            after=None,
            summary=f"sign-in lock lifted for {locked.username} at {locked.ip_address}",
        )
        locked.delete()


class ThrottledBasicScheme(BasicScheme):
    """The API schema describes the throttled basic authentication as plain HTTP basic."""

    target_class = "convoy.core.signin_locks.ThrottledBasicAuthentication"
