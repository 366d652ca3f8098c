"""Pages of the spreadsheet round trip: the record types with their exports and templates, the
upload, the preview of what a file would change, and its import with a progress bar."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_htmx.http import HttpResponseClientRefresh

from convoy.core.permissions import grants
from convoy.intake.import_models import ImportRun
from convoy.intake.spreadsheets import exporter, runs
from convoy.intake.spreadsheets.registry import SHEET_TYPES, UnknownType, sheet_type
from convoy.intake.spreadsheets.responses import spreadsheet_response
from convoy.intake.spreadsheets.sheets import SheetType

ACTIVE = (ImportRun.Status.PREVIEWING, ImportRun.Status.IMPORTING)
#: The largest upload the page takes (50,000 pledge rows are about 5 MB as CSV).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _type(name: str) -> SheetType:
    try:
        return sheet_type(name)
    except UnknownType:
        raise Http404(_("No record type “%(name)s”.") % {"name": name}) from None


def may_import(user: Any, kind: SheetType) -> bool:
    return any(grants(user, kind.model, action) != [] for action in ("add", "change"))


class SpreadsheetIndexView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        types = [{"type": t, "may_import": may_import(request.user, t)}
                 for t in SHEET_TYPES.values()]
        recent = ImportRun.objects.filter(user=request.user).defer("content")[:10]
        return render(request, "intake/spreadsheets.html", {
            "title": _("Spreadsheets"), "types": types, "recent": recent})


class SpreadsheetExportView(LoginRequiredMixin, View):
    """`?format=csv|xlsx&hxl=1&COLUMN=VALUE...`: what the user may see, narrowed by columns."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = _type(kwargs["type"])
        fmt = request.GET.get("format", "csv")
        if fmt not in ("csv", "xlsx"):
            return HttpResponseBadRequest(_("format: choose csv or xlsx."))
        filters = [f"{k}={v}" for k, v in request.GET.items() if k not in ("format", "hxl")]
        try:
            records = exporter.records(kind, request.user, filters)
        except exporter.FilterError as error:
            return HttpResponseBadRequest(str(error))
        return spreadsheet_response(kind, fmt, exporter.rows(kind, records),
                                    hxl=request.GET.get("hxl") == "1")


class SpreadsheetTemplateView(LoginRequiredMixin, View):
    """The header (and HXL row) of a type, no records: a file to fill in."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = _type(kwargs["type"])
        fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
        return spreadsheet_response(kind, fmt, [], hxl=request.GET.get("hxl") == "1",
                                    stem=f"{kind.name}-template")


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (CSV or XLSX)"))

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB; import it with "
                                          "the command line.") % {
                "mb": MAX_UPLOAD_BYTES // (1024 * 1024)})
        return file


class SpreadsheetImportView(LoginRequiredMixin, View):
    template_name = "intake/spreadsheet_import.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = _type(kwargs["type"])
        return self.page(request, kind, UploadForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = _type(kwargs["type"])
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, kind, form, status=400)
        upload = form.cleaned_data["file"]
        run = runs.start_check(actor=request.user, type_name=kind.name, file=upload,
                               file_name=upload.name)
        return redirect("spreadsheets:run", pk=run.pk)

    def page(self, request: HttpRequest, kind: SheetType, form: UploadForm,
             status: int = 200) -> HttpResponse:
        return render(request, self.template_name, {
            "title": _("Import %(type)s") % {"type": kind.title.lower()}, "type": kind,
            "form": form, "may_import": may_import(request.user, kind),
            "columns": kind.bound}, status=status)


def _own_run(request: HttpRequest, pk: int) -> ImportRun:
    return get_object_or_404(ImportRun.objects.defer("content"), pk=pk, user=request.user)


def _run_context(run: ImportRun) -> dict[str, Any]:
    done = runs.rows_done(run) if run.status in ACTIVE else run.size_rows
    total = max(run.size_rows, done, 1)
    return {"object": run, "active": run.status in ACTIVE, "done": done, "total": total,
            "percent": min(100, round(100 * done / total)),
            "type": SHEET_TYPES.get(run.sheet_type), "result": run.result}


class ImportRunView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = _own_run(request, kwargs["pk"])
        return render(request, "intake/spreadsheet_run.html", {
            "title": _("Import of %(file)s") % {"file": run.file_name}, **_run_context(run)})


class ImportRunProgressView(LoginRequiredMixin, View):
    """The progress box, polled by htmx while the file is checked or imported."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = _own_run(request, kwargs["pk"])
        if run.status not in ACTIVE and request.htmx:
            return HttpResponseClientRefresh()
        return render(request, "intake/spreadsheet_progress.html", _run_context(run))


class ImportRunConfirmView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = _own_run(request, kwargs["pk"])
        if run.status != ImportRun.Status.PREVIEWED:
            messages.error(request, _("Only a file that was checked without errors can be "
                                      "imported; upload it again."))
        else:
            runs.confirm(actor=request.user, run=run)
        return redirect("spreadsheets:run", pk=run.pk)
