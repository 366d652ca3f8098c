"""Exporting a record type as a spreadsheet that imports again unchanged: every column of its
sheet type, references as codes, an optional HXL hashtag row; CSV streamed, XLSX written in
a write-only workbook with a frozen header, an autofilter, widths and number formats."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db import models
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from convoy.intake.spreadsheets.columns import FORMULA_STARTS, BoundColumn, CellError
from convoy.intake.spreadsheets.diff import lookups_for, visible
from convoy.intake.spreadsheets.sheets import SheetType

CHUNK = 2000


class FilterError(ValueError):
    pass


def records(sheet_type: SheetType, actor: Any, filters: Iterable[str] = ()) -> models.QuerySet:
    """What `actor` may see of the type, narrowed by `FIELD=VALUE` filters (values written as
    in the file: codes, ISO dates, choice values)."""
    queryset = visible(sheet_type.model, actor).order_by("pk")
    for text in filters:
        name, sep, raw = text.partition("=")
        column = sheet_type.by_name.get(name.strip().lower())
        if not sep or column is None:
            raise FilterError(_("Filter “%(f)s”: write COLUMN=VALUE with a column of %(type)s "
                                "(%(all)s).") % {"f": text, "type": sheet_type.name,
                                                 "all": ", ".join(sheet_type.by_name)})
        lookups = lookups_for(actor, [column]) if column.is_reference else {}
        try:
            value = column.parse(raw, lookups)
        except CellError as error:
            raise FilterError(_("Filter “%(f)s”: %(e)s") % {"f": text, "e": error}) from None
        queryset = queryset.filter(**{column.field: value})
    return queryset


def rows(sheet_type: SheetType, queryset: models.QuerySet) -> Iterator[list[Any]]:
    """The cells of each record, straight from the database (no model instances), except for
    types with a list of references (read with their related codes)."""
    columns = sheet_type.bound
    if any(c.many for c in columns):
        for obj in queryset.iterator(chunk_size=CHUNK):
            yield [c.to_cell(_many_codes(obj, c) if c.many else _plain(obj, c)) for c in columns]
        return
    paths = [c.export_path() if c.field != "id" else "pk" for c in columns]
    for values in queryset.values_list(*paths).iterator(chunk_size=CHUNK):
        yield [c.to_cell(v) for c, v in zip(columns, values, strict=True)]


def _many_codes(obj: models.Model, column: BoundColumn) -> list[Any]:
    key = column.reference_key
    return list(getattr(obj, column.field).values_list(key, flat=True))


def _plain(obj: models.Model, column: BoundColumn) -> Any:
    if column.is_reference:
        related = getattr(obj, column.field)
        return None if related is None else getattr(related, column.reference_key)
    return getattr(obj, column.field if column.field != "id" else "pk")


def header(sheet_type: SheetType) -> list[str]:
    return [c.name for c in sheet_type.bound]


def hashtags(sheet_type: SheetType) -> list[str]:
    return [c.column.hxl for c in sheet_type.bound]


def write_csv(sheet_type: SheetType, cells: Iterable[list[Any]], out: IO[str], *,
              hxl: bool = False) -> None:
    for line in csv_lines(sheet_type, cells, hxl=hxl):
        out.write(line)


def csv_lines(sheet_type: SheetType, cells: Iterable[list[Any]], *, hxl: bool = False
              ) -> Iterator[str]:
    """The file line by line; a byte-order mark first so spreadsheet programs read UTF-8."""
    buffer = _Line()
    writer = csv.writer(buffer)
    writer.writerow(header(sheet_type))
    yield "\ufeff" + buffer.take()
    if hxl:
        writer.writerow(hashtags(sheet_type))
        yield buffer.take()
    for row in cells:
        writer.writerow([_safe(v) for v in row])
        yield buffer.take()


class _Line:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> str:
        text, self.parts = "".join(self.parts), []
        return text


def write_xlsx(sheet_type: SheetType, cells: Iterable[list[Any]], out: IO[bytes], *,
               hxl: bool = False) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_type.name[:31])
    columns = sheet_type.bound
    for position, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = _width(column)
    top = 2 if hxl else 1
    sheet.freeze_panes = f"A{top + 1}"
    bold = Font(bold=True)
    sheet.append([_styled(sheet, name, bold) for name in header(sheet_type)])
    if hxl:
        sheet.append(hashtags(sheet_type))
    formats = [_number_format(c) for c in columns]
    count = 0
    for row in cells:
        sheet.append([_xlsx_cell(sheet, v, f) for v, f in zip(row, formats, strict=True)])
        count += 1
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{top}:{last}{top + max(count, 1)}"
    workbook.save(out)


def _styled(sheet: Any, value: Any, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def _xlsx_cell(sheet: Any, value: Any, number_format: str | None) -> Any:
    if isinstance(value, str):
        return "".join(ch for ch in _safe(value) if ch in "\t\n\r" or ord(ch) >= 32)
    if number_format is None or value == "":
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _number_format(column: BoundColumn) -> str | None:
    field = column.model_field
    if column.is_reference:
        return None
    if isinstance(field, models.DateTimeField):
        return None  # written as ISO text, so the time zone is kept
    if isinstance(field, models.DateField):
        return "yyyy-mm-dd"
    if isinstance(field, models.DecimalField):
        return "#,##0" if field.decimal_places == 0 else "#,##0." + "0" * field.decimal_places
    return None


def _width(column: BoundColumn) -> float:
    field = column.model_field
    if isinstance(field, models.TextField):
        return 40
    if isinstance(field, models.DateTimeField):
        return 26
    if isinstance(field, models.DateField):
        return 12
    if isinstance(field, models.DecimalField):
        return 16
    return max(12, min(30, len(column.name) + 2))


def _safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading quote (taken off on import)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value

