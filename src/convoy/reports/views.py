"""Report pages: each report's charts beside their tables, with CSV, XLSX and JSON downloads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from convoy.catalog.models import CapabilityCoalition
from convoy.core.models import Nation
from convoy.reports import coalitions
from convoy.reports.common import FORMATS, Report, to_csv, to_json, to_xlsx
from convoy.reports.registry import REPORTS

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class BadParameter(ValueError):
    """A query parameter the page cannot use; shown as a 400 naming it."""


def parameters(request: HttpRequest, wanted: tuple[str, ...]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    year = request.GET.get("year", "")
    if year and "year" in wanted:
        if not year.isdigit() or not 2000 <= int(year) <= 2100:
            raise BadParameter(_("year: '%(value)s' is not a year between 2000 and 2100.")
                               % {"value": year[:20]})
        params["year"] = int(year)
    code = request.GET.get("nation", "")
    if code and "nation" in wanted:
        nation = Nation.objects.filter(code=code.upper()[:3]).first()
        if nation is None:
            raise BadParameter(_("nation: there is no nation '%(value)s'.")
                               % {"value": code[:20]})
        params["nation"] = nation
    return params


def respond(request: HttpRequest, report: Report, template_context: dict[str, Any]
            ) -> HttpResponse:
    """The page, or the report as a file when `?format=` asks for one."""
    fmt = request.GET.get("format", "")
    if not fmt:
        return render(request, "reports/report.html",
                      {"title": report.title, "report": report, **template_context})
    if fmt not in FORMATS:
        return HttpResponseBadRequest(_("format: choose csv, xlsx or json."))
    table = request.GET.get("table") or None
    if table is not None and table not in {t.key for t in report.tables}:
        return HttpResponseBadRequest(_("table: this report has no table '%(value)s'.")
                                      % {"value": table[:40]})
    body = {"csv": lambda: to_csv(report, table), "json": lambda: to_json(report),
            "xlsx": lambda: to_xlsx(report)}[fmt]()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    stem = f"{report.name}-{table or 'report'}" if fmt == "csv" else report.name
    response["Content-Disposition"] = (
        f'attachment; filename="{stem}-{timezone.localdate():%Y%m%d}.{fmt}"')
    return response


class ReportIndexView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "reports/index.html", {
            "title": _("Reports"), "reports": list(REPORTS.values()),
            "coalitions": coalitions.ordered(request.user),
        })


class ReportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, name: str) -> HttpResponse:
        entry = REPORTS.get(name)
        if entry is None:
            raise Http404(_("There is no such report."))
        try:
            report = entry.build(request.user, **parameters(request, entry.params))
        except BadParameter as error:
            return render(request, "400.html", {"message": str(error)}, status=400)
        nations = Nation.objects.filter(kind__in=["ally", "partner"]).order_by("name")
        return respond(request, report, {
            "entry": entry, "year": request.GET.get("year", ""), "nations": nations,
            "query": request.GET.urlencode(),
        })


class CoalitionReportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        coalition = get_object_or_404(
            CapabilityCoalition.objects.restrict(request.user, "aggregate"), pk=pk)
        try:
            params = parameters(request, ("nation",))
        except BadParameter as error:
            return render(request, "400.html", {"message": str(error)}, status=400)
        report = coalitions.build(request.user, coalition=coalition, **params)
        return respond(request, report, {"entry": REPORTS["coalitions"],
                                         "query": request.GET.urlencode()})
