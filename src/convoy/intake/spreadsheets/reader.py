"""Reading a CSV or XLSX file row by row (never the whole file in memory): the header matched
to the record type's columns, an optional HXL hashtag row under it, then the values."""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from convoy.intake.spreadsheets.columns import BoundColumn
from convoy.intake.spreadsheets.sheets import SheetType

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class FileError(ValueError):
    """The file cannot be read as the record type's spreadsheet; `messages` says why."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class Sheet:
    """The columns of the file in its order, and its rows as (row number, values)."""

    columns: list[BoundColumn | None]
    rows: Iterator[tuple[int, list[Any]]]


def checksum(file: IO[bytes]) -> str:
    """The SHA-256 of the whole file (read in chunks), the file left at its start."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def is_xlsx(file: IO[bytes], name: str) -> bool:
    if name.lower().endswith(".xlsx"):
        return True
    if name.lower().endswith(".csv"):
        return False
    start = file.read(4)
    file.seek(0)
    return start == b"PK\x03\x04"


def open_sheet(sheet_type: SheetType, file: IO[bytes], name: str) -> Sheet:
    """The file's header checked against `sheet_type`, and an iterator over its rows."""
    raw_rows = _xlsx_rows(file) if is_xlsx(file, name) else _csv_rows(file)
    numbered = enumerate(raw_rows, start=1)
    try:
        _, header = next(numbered)
    except StopIteration:
        raise FileError([_("The file is empty; the first row must hold the column "
                           "headers.")]) from None
    columns = match_header(sheet_type, header)
    return Sheet(columns=columns, rows=_values(numbered, len(columns)))


def _values(numbered: Iterator[tuple[int, list[Any]]], width: int
            ) -> Iterator[tuple[int, list[Any]]]:
    first = True
    for number, row in numbered:
        cells = list(row[:width]) + [None] * (width - len(row))
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if first and _is_hashtag_row(cells):
            first = False
            continue
        first = False
        yield number, cells


def _is_hashtag_row(cells: list[Any]) -> bool:
    filled = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    return bool(filled) and all(c.startswith("#") for c in filled)


def match_header(sheet_type: SheetType, header: list[Any]) -> list[BoundColumn | None]:
    """Each header cell's column (case-insensitive, by name or by HXL hashtag). Unknown,
    repeated or missing key headers are refused; empty header cells at the end are dropped."""
    cells = [("" if h is None else str(h)).strip().lstrip("\ufeff") for h in header]
    while cells and not cells[-1]:
        cells.pop()
    errors: list[str] = []
    columns: list[BoundColumn | None] = []
    seen: set[str] = set()
    for position, text in enumerate(cells, start=1):
        column = sheet_type.by_name.get(text.lower()) or sheet_type.by_hxl.get(text.lower())
        if column is None:
            errors.append(_unknown(sheet_type, position, text))
        elif column.name in seen:
            errors.append(_("Column %(n)d, header “%(h)s”: the column is given twice.") % {
                "n": position, "h": text})
        else:
            seen.add(column.name)
        columns.append(column)
    if sheet_type.key not in seen and not errors:
        errors.append(_("The file has no “%(key)s” column; rows are matched by it.") % {
            "key": sheet_type.key})
    if errors:
        raise FileError(errors)
    return columns


def _unknown(sheet_type: SheetType, position: int, text: str) -> str:
    if not text:
        return _("Column %(n)d has no header.") % {"n": position}
    close = difflib.get_close_matches(text.lower(), list(sheet_type.by_name), n=1)
    if close:
        return _("Column %(n)d, header “%(h)s”: not a column of %(type)s; did you mean "
                 "“%(close)s”?") % {"n": position, "h": text, "type": sheet_type.name,
                                   "close": close[0]}
    return _("Column %(n)d, header “%(h)s”: not a column of %(type)s (its columns: "
             "%(all)s).") % {"n": position, "h": text, "type": sheet_type.name,
                             "all": ", ".join(c.name for c in sheet_type.bound)}


def _csv_rows(file: IO[bytes]) -> Iterator[list[Any]]:
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError:
        raise FileError([_("The file is not UTF-8 text; save it as CSV UTF-8.")]) from None
    except csv.Error as error:
        raise FileError([_("The file is not a readable CSV file: %(e)s") % {"e": error}]
                        ) from None
    finally:
        text.detach()


def _xlsx_rows(file: IO[bytes]) -> Iterator[list[Any]]:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileError([_("The file is not a readable XLSX workbook: %(e)s") % {"e": error}]
                        ) from None
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def count_rows(file: IO[bytes], name: str) -> int:
    """About how many data rows the file holds (for the progress bar), the file left at its
    start: lines of a CSV, row elements of a workbook's first sheet."""
    try:
        if is_xlsx(file, name):
            return max(_sheet_rows(file) - 1, 0)
        return max(sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))
                   - 1, 0)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, SyntaxError,
            StopIteration):
        return 0
    finally:
        file.seek(0)


#: A row element of a sheet's XML, with or without a namespace prefix.
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _sheet_rows(file: IO[bytes]) -> int:
    """The rows of the workbook's first sheet, counted in its XML as it is unpacked: a workbook
    written row by row (as Convoy's own exports) states no size, and openpyxl would read the
    whole sheet to find it."""
    with zipfile.ZipFile(file) as archive:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        sheet = next(workbook.iter(f"{{{_MAIN}}}sheet"))
        target = targets[sheet.get(f"{{{_RELATIONSHIPS}}}id")]
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        count, carried = 0, b""
        with archive.open(path) as xml:
            for chunk in iter(lambda: xml.read(1 << 20), b""):
                data = carried + chunk
                cut = data.rfind(b"<")  # a tag cut by the chunk's end is counted with the next
                cut = len(data) if cut < 0 else cut
                count += len(_ROW_TAG.findall(data, 0, cut))
                carried = data[cut:]
            return count + len(_ROW_TAG.findall(carried + b" "))
