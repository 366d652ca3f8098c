"""Spreadsheets as HTTP responses, and their place beside each list's own export."""

from __future__ import annotations

import io
from typing import Any

from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from convoy.intake.spreadsheets import exporter
from convoy.intake.spreadsheets.registry import SHEET_TYPES
from convoy.intake.spreadsheets.sheets import SheetType

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_response(sheet_type: SheetType, fmt: str, cells: Any, *, hxl: bool = False,
                         stem: str | None = None) -> HttpResponse:
    name = f"{stem or sheet_type.name}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "xlsx":
        buffer = io.BytesIO()
        exporter.write_xlsx(sheet_type, cells, buffer, hxl=hxl)
        response: HttpResponse = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        response = StreamingHttpResponse(exporter.csv_lines(sheet_type, cells, hxl=hxl),
                                         content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def list_exporter(sheet_type: SheetType):
    """The export a list offers of its filtered records, every field, to import again."""
    def export(fmt: str, queryset: models.QuerySet, hxl: bool) -> HttpResponse:
        return spreadsheet_response(sheet_type, fmt, exporter.rows(sheet_type, queryset),
                                    hxl=hxl)

    return export


def register_list_exports() -> None:
    from convoy.web.export import RECORD_EXPORTERS

    for sheet_type in SHEET_TYPES.values():
        RECORD_EXPORTERS[sheet_type.model._meta.label_lower] = list_exporter(sheet_type)
