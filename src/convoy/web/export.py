"""Export of a filtered list: CSV streamed row by row, XLSX built in a write-only workbook."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from io import BytesIO
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from convoy.web.tables import Column, export_value

CHUNK = 2000
#: Exports of whole records that import again (every field, references as codes), by model
#: label, as `exporter(format, queryset, hxl)`. The intake app registers them; the lists offer
#: them beside their own export of the visible columns.
RECORD_EXPORTERS: dict[str, Callable[[str, Any, bool], HttpResponse]] = {}
#: openpyxl writes roughly 4,000 rows a second here; larger lists go to CSV.
XLSX_MAX_ROWS = 50_000


class _Echo:
    """A file-like object whose write returns the line, so csv.writer feeds a generator."""

    def write(self, value: str) -> str:
        return value


def _rows(columns: Sequence[Column], records: Any) -> Iterator[list[Any]]:
    plan = value_plan(records.model, columns) if hasattr(records, "model") else None
    if plan is None:
        iterable = records.iterator(chunk_size=CHUNK) if hasattr(records, "iterator") else records
        for obj in iterable:
            yield [export_value(c.raw(obj)) for c in columns]
        return
    # Plain values straight from the database: no model instances for 100,000 rows.
    paths, labels = plan
    for values in records.values_list(*paths).iterator(chunk_size=CHUNK):
        yield [export_value(lab.get(v, v) if lab else v) for v, lab in zip(values, labels,
                                                                              strict=True)]


def value_plan(model: type[models.Model], columns: Sequence[Column]
               ) -> tuple[list[str], list[dict[Any, str] | None]] | None:
    """The database paths of the columns and the labels of their choices, or None when a column
    needs the record itself (a computed value, or a related record without a code)."""
    paths: list[str] = []
    labels: list[dict[Any, str] | None] = []
    for column in columns:
        if callable(column.accessor):
            if not column.sort:
                return None
            path = column.sort  # e.g. "Shipment 12" exports as its number, 12
        else:
            path = column.accessor.replace(".", "__")
        try:
            field = _final_field(model, path)
        except (FieldDoesNotExist, AttributeError):
            field = None  # an annotation (seats left, disbursed): a plain value already
        if field is not None and field.is_relation:
            target = field.related_model
            if not any(f.name == "code" for f in target._meta.fields):
                return None
            path, field = f"{path}__code", target._meta.get_field("code")
        paths.append(path)
        labels.append({value: str(label) for value, label in field.flatchoices}
                      if field is not None and field.choices else None)
    return paths, labels


def _final_field(model: type[models.Model], path: str) -> models.Field:
    *hops, last = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return model._meta.get_field(last)


def _filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(
    stem: str, columns: Sequence[Column], records: Iterable[Any]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        # A byte-order mark lets spreadsheet programs read the UTF-8 names correctly.
        yield "\ufeff" + writer.writerow([str(c.label) for c in columns])
        for row in _rows(columns, records):
            yield writer.writerow([_csv_safe(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def xlsx_response(stem: str, columns: Sequence[Column], records: Iterable[Any]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(stem[:31])
    sheet.append([str(c.label) for c in columns])
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
