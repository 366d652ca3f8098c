"""The page where a coordinator sees the sign-in locks in force and lifts one."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from convoy.core import signin_locks


class SignInLockListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not signin_locks.may_manage_locks(request.user):
            raise PermissionDenied(_("Only coordinators see and lift sign-in locks."))
        locks = [
            {"attempt": a, "until": signin_locks.locked_until(a)}
            for a in signin_locks.active_locks(request.user)
        ]
        return render(request, "core/sign_in_locks.html", {
            "title": _("Sign-in locks"),
            "locks": locks,
            "failure_limit": signin_locks.settings.AXES_FAILURE_LIMIT,
            "minutes": signin_locks.lock_minutes(),
        })


class SignInLockLiftView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not signin_locks.may_manage_locks(request.user):
            raise PermissionDenied(_("Only coordinators see and lift sign-in locks."))
        attempt = get_object_or_404(AccessAttempt, pk=pk)
        signin_locks.sign_in_lock_lift(actor=request.user, attempt=attempt)
        messages.success(request, _("Lock lifted: %(username)s may sign in again from %(ip)s.")
                         % {"username": attempt.username, "ip": attempt.ip_address})
        return HttpResponseRedirect(reverse("core:sign-in-locks"))
