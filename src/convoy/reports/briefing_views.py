"""Briefing pages: request one (as of a date, with a marking), follow its progress, download it.

A briefing holds what its requester may see, so each user sees only the briefings they asked for
(superusers see all).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from convoy.reports.briefing import DEFAULT_MARKING
from convoy.reports.models import Briefing
from convoy.reports.services import briefing_request, may_choose_marking
from convoy.web.records import date_input
from convoy.web.refusals import apply_to_form


def briefings_for(user: Any) -> QuerySet[Briefing]:
    found = Briefing.objects.defer("pdf")
    return found if user.is_superuser else found.filter(requested_by=user)


class BriefingForm(forms.Form):
    as_of = forms.DateField(label=_l("The record as of"), widget=date_input())
    marking = forms.CharField(label=_l("Marking on every page"), max_length=200,
                              required=False,
                              help_text=_l("E.g. “NATO UNCLASSIFIED — releasable to …”."))


class BriefingListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, form: BriefingForm | None = None) -> HttpResponse:
        chooses = may_choose_marking(request.user)
        if form is None:
            form = BriefingForm(initial={"as_of": timezone.localdate(),
                                         "marking": DEFAULT_MARKING})
        if not chooses:
            form.fields["marking"].disabled = True
            form.fields["marking"].help_text = _("The coordinators choose the marking.")
        return render(request, "reports/briefings.html", {
            "title": _("Briefings"), "form": form,
            "briefings": briefings_for(request.user)[:20],
        }, status=200 if form.is_bound is False or form.is_valid() else 400)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = BriefingForm(request.POST)
        if not form.is_valid():
            return self.get(request, form)
        try:
            briefing = briefing_request(actor=request.user, as_of=form.cleaned_data["as_of"],
                                        marking=form.cleaned_data["marking"])
        except ValidationError as error:
            apply_to_form(form, error)
            return self.get(request, form)
        return redirect("briefing-detail", briefing.pk)


class BriefingDetailView(LoginRequiredMixin, View):
    template = "reports/briefing_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        briefing = get_object_or_404(briefings_for(request.user), pk=pk)
        active = briefing.status in (Briefing.Status.QUEUED, Briefing.Status.RUNNING)
        return render(request, self.template,
                      {"title": str(briefing), "object": briefing, "active": active})


class BriefingProgressView(BriefingDetailView):
    """The progress box alone, polled by htmx while the briefing is being made."""

    template = "reports/briefing_progress.html"


class BriefingPdfView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        briefing = get_object_or_404(Briefing.objects.all(), pk=pk)
        if not request.user.is_superuser and briefing.requested_by_id != request.user.pk:
            raise PermissionDenied(_("This briefing was made for someone else."))
        if briefing.status != Briefing.Status.READY or not briefing.pdf:
            return redirect("briefing-detail", briefing.pk)
        response = HttpResponse(bytes(briefing.pdf), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="briefing-{briefing.as_of:%Y%m%d}-{briefing.pk}.pdf"')
        return response
