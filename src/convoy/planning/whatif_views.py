"""What-if pages: start a run from changes to the record (coordinators), the changes on a run's
page, and two runs side by side."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from convoy.core.permissions import grants
from convoy.planning import forms, services, whatif
from convoy.planning.compare import compare
from convoy.planning.models import PlanRun
from convoy.web import refusals
from convoy.web.links import record_url
from convoy.web.records import ServiceFormView

#: How many other runs the run page offers to compare with (the newest first).
COMPARE_CHOICES = 50
#: How many codes each field's suggestions list holds.
SUGGESTIONS = 500


def comparable(user: Any) -> Any:
    return PlanRun.objects.restrict(user, "view").filter(result__isnull=False)


def run_page_context(user: Any, run: PlanRun) -> dict[str, Any]:
    """For the run's page: its changes in words, the runs it can be compared with, and whether
    the reader may start a what-if run from it."""
    others = []
    if run.result:
        others = [(r.pk, str(r)) for r in comparable(user).exclude(pk=run.pk)
                  .order_by("-created_at")[:COMPARE_CHOICES]]
    return {
        "what_if_changes": [whatif.describe(c) for c in run.changes],
        "compare_choices": others,
        "may_start_what_if": grants(user, PlanRun, "add") != [],
    }


def suggestions(user: Any) -> dict[str, list[str]]:
    """Codes a coordinator may type in the change rows (an HTML datalist each)."""
    from convoy.catalog.models import Item
    from convoy.core.models import Nation
    from convoy.donations.models import Requirement
    from convoy.logistics.models import Lane, Node
    from convoy.training.models import CourseSession

    def codes(queryset: Any, field: str = "code") -> list[str]:
        return list(queryset.order_by(field).values_list(field, flat=True).distinct()[
            :SUGGESTIONS])

    return {
        "nodes": codes(Node.objects.restrict(user, "view")),
        "sessions": codes(CourseSession.objects.restrict(user, "view").filter(status="offered")),
        "donors": codes(Nation.objects.exclude(kind="recipient")),
        "items": codes(Item.objects.restrict(user, "view")),
        "origins": codes(Lane.objects.restrict(user, "view").filter(direction="inbound"),
                         "location__code"),
        "requirements": codes(Requirement.objects.restrict(user, "view").filter(status="open")),
    }


class PlanRunWhatIfView(ServiceFormView):
    """The start form with rows of changes; `?from=<run>` fills it in from a run."""

    model = PlanRun
    form_class = forms.PlanRunStartForm
    title = _("Start a what-if run")
    success_message = _("{obj} started: it runs in the background.")
    list_url = "planning:run-list"
    template_name = "planning/whatif_form.html"

    def source(self) -> PlanRun | None:
        pk = self.request.GET.get("from", "")
        if not pk.isdigit() or len(pk) > 18:
            return None
        return PlanRun.objects.restrict(self.request.user, "view").filter(pk=pk).first()

    def initial_kwargs(self, obj: Any) -> dict[str, Any]:
        run = self.source()
        if run is None:
            return {}
        return {"initial": {"start_date": run.start_date, "horizon_weeks": run.horizon_weeks,
                            "method": run.method, "time_limit_s": run.time_limit_s}}

    def render_form(self, form: Any, obj: Any, status: int = 200, formsets: Any = None
                    ) -> HttpResponse:
        run = self.source()
        if formsets is None:
            formsets = forms.change_formsets(changes=run.changes if run else None)
        return render(self.request, self.template_name, {
            "title": self.page_title(obj),
            "form": form,
            "sections": [(whatif.kind_label(f.prefix), f) for f in formsets],
            "suggestions": sorted(suggestions(self.request.user).items()),
            "source": run,
            "cancel_url": record_url(run) if run else self.cancel_url(),
        }, status=status)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission(None)
        form = self.form_class(request.POST, **self.form_kwargs(None))
        formsets = forms.change_formsets(request.POST)
        valid = form.is_valid()
        valid = all([f.is_valid() for f in formsets]) and valid
        if valid:
            rows = [row for f in formsets for row in f.forms if row.change()]
            if not rows:
                form.add_error(None, _("Enter at least one change; a run without changes is "
                                       "started from “Start a plan run”."))
            else:
                try:
                    run = services.plan_run_start(
                        actor=request.user, **form.cleaned_data,
                        changes=[row.change() for row in rows])
                except ValidationError as error:
                    self.show_refusal(error, form, rows)
                else:
                    messages.success(request, self.success_message.format(obj=run))
                    return HttpResponseRedirect(record_url(run))
        return self.render_form(form, None, status=400, formsets=formsets)

    @staticmethod
    def show_refusal(error: ValidationError, form: Any, rows: list[Any]) -> None:
        """Each change's refusal beside its field in its row; the rest on the main form."""
        if not hasattr(error, "error_dict"):
            refusals.apply_to_form(form, error)
            return
        rest = dict(error.error_dict)
        for item in rest.pop("changes", []):
            params = item.params or {}
            index, field = params.get("index"), params.get("field")
            message = item.message % params if params else item.message
            if isinstance(index, int) and index < len(rows) and field in rows[index].fields:
                rows[index].add_error(field, message)
            else:
                form.add_error(None, message)
        if rest:
            refusals.apply_to_form(form, ValidationError(rest))


class PlanRunCompareView(LoginRequiredMixin, View):
    """Two runs side by side: `?with=<run>` names the second."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        runs = PlanRun.objects.restrict(request.user, "view")
        run = get_object_or_404(runs, pk=pk)
        other_pk = request.GET.get("with", "")
        other = (runs.filter(pk=other_pk).first()
                 if other_pk.isdigit() and len(other_pk) <= 18 else None)
        context: dict[str, Any] = {"title": _("Compare %(run)s") % {"run": run}, "object": run,
                                   "other": other, "cancel_url": record_url(run),
                                   **run_page_context(request.user, run)}
        if other is None:
            context["problem"] = _("Choose another plan run to compare with.") if not other_pk \
                else _("No plan run %(pk)s that you may see.") % {"pk": other_pk[:20]}
            return render(request, "planning/compare.html", context,
                          status=200 if not other_pk else 404)
        try:
            figures = compare(run, other)
        except ValidationError as error:
            context["problem"] = " ".join(refusals.messages_of(error))
            return render(request, "planning/compare.html", context, status=400)
        context["comparison"] = readable(request.user, figures)
        # Short column heads, so that five columns fit a tablet's width.
        context["first_label"], context["second_label"] = (
            (_("What-if run %(pk)s") if r.is_what_if else _("Run %(pk)s")) % {"pk": r.pk}
            for r in (run, other))
        context["run_changes"] = [(r, [whatif.describe(c) for c in r.changes])
                                  for r in (run, other) if r.changes]
        return render(request, "planning/compare.html", context)


def readable(user: Any, figures: dict[str, Any]) -> dict[str, Any]:
    """The comparison in the page's words: percentages, and a link on each requirement the
    reader may open."""
    from convoy.donations.models import Requirement
    from convoy.planning.views import _num, _pct

    linked = dict(Requirement.objects.restrict(user, "view").filter(
        code__in=[r["requirement"] for r in figures["requirements"]]).values_list("code", "pk"))

    def pcts(pair: list[Any]) -> list[str]:
        return [_pct(v) for v in pair]

    return {
        "figures": [
            (_("Objective"), [_num(v) for v in figures["objective"]]),
            (_("Bound"), [_num(v) for v in figures["bound"]]),
            (_("On time"), pcts(figures["on_time_rate"])),
            (_("Units delivered"), [_num(v) for v in figures["units_delivered"]]),
        ],
        "fill": [(p, pcts(v)) for p, v in figures["fill_rate_by_priority"].items()],
        "nodes": [(n, pcts(figures["node_peak_utilisation"].get(n, [None, None])),
                   [_num(v) for v in t]) for n, t in figures["node_tonnes"].items()],
        "requirements": [
            {**r, "cells": [r[k] for k in ("priority", "required", "delivered", "on_time")],
             "url": reverse("donations:requirement-detail",
                                 kwargs={"pk": linked[r["requirement"]]})
             if r["requirement"] in linked else None}
            for r in figures["requirements"]],
    }
