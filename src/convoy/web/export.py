"""Export of a filtered list: CSV streamed row by row, XLSX built in a write-only workbook."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from io import BytesIO
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from convoy.web.tables import Column, export_value

CHUNK = 2000


class _Echo:
    """A file-like object whose write returns the line, so csv.writer feeds a generator."""

    def write(self, value: str) -> str:
        return value


def _rows(columns: Sequence[Column], records: Iterable[Any]) -> Iterator[list[Any]]:
    for obj in records:
        yield [export_value(c.raw(obj)) for c in columns]


def _filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(
    stem: str, columns: Sequence[Column], records: Iterable[Any]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        # A byte-order mark lets spreadsheet programs read the UTF-8 names correctly.
        yield "\ufeff" + writer.writerow([c.label for c in columns])
        for row in _rows(columns, records):
            yield writer.writerow([_csv_safe(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def xlsx_response(stem: str, columns: Sequence[Column], records: Iterable[Any]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(stem[:31])
    sheet.append([c.label for c in columns])
    for row in _rows(columns, records):
        sheet.append([_cell_safe(v) for v in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "xlsx")}"'
    return response


def _csv_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is prefixed with a quote (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _cell_safe(value: Any) -> Any:
    if isinstance(value, str):
        # openpyxl stores a string starting with "=" as a formula; user text must stay text.
        value = _csv_safe(value)
        return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
    return value
