"""Rows of a tracker file, whatever its format: CSV, XLSX (one sheet) or a JSON list of rows.

Each row is a dict from header to value, with its row number in the file (1 is the first line),
so a proposal can say where it came from. Headers are compared in lower case with single spaces;
an empty header is named "column N" (N counted from 1), a repeated one keeps its first column.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class TrackerFileError(Exception):
    """The file cannot be read as a tracker (missing, not a table, no such sheet or column)."""


def header_key(text: Any) -> str:
    return " ".join(str(text or "").strip().lower().split())


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, Any]


def read_rows(
    path: Path, *, sheet: str | None = None, skip_rows: int = 0,
    json_columns: Sequence[str] = (),
) -> tuple[list[str], Iterator[Row]]:
    """The file's headers (as keys) and its data rows.

    `skip_rows` lines before the header are ignored (titles above a table); `json_columns` names
    the columns of a JSON file whose rows are plain lists.
    """
    path = Path(path)
    if not path.is_file():
        raise TrackerFileError(f"{path}: no such file.")
    suffix = path.suffix.lower()
    try:
        if suffix in {".xlsx", ".xlsm"}:
            lines = _xlsx_lines(path, sheet)
        elif suffix == ".json":
            lines = _json_lines(path, json_columns)
        else:
            lines = _csv_lines(path)
        for _ in range(skip_rows):
            next(lines, None)
        first = next(lines, None)
    except TrackerFileError:
        raise
    except (OSError, UnicodeDecodeError, ValueError, KeyError, csv.Error) as error:
        raise TrackerFileError(f"{path.name}: cannot be read as a table ({error}).") from error
    except Exception as error:  # openpyxl raises its own and zipfile's errors for a bad file
        raise TrackerFileError(f"{path.name}: cannot be read as a table ({error}).") from error
    if first is None:
        raise TrackerFileError(f"{path.name}: the file is empty.")
    headers = _headers(first)
    return headers, _rows(headers, lines, skip_rows + 2)


def _headers(cells: Sequence[Any]) -> list[str]:
    headers: list[str] = []
    for number, cell in enumerate(cells, start=1):
        key = header_key(cell) or f"column {number}"
        headers.append(key if key not in headers else f"{key} (column {number})")
    return headers


def _rows(headers: list[str], lines: Iterator[Sequence[Any]], start: int) -> Iterator[Row]:
    for number, cells in enumerate(lines, start=start):
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        yield Row(number, dict(zip(headers, cells, strict=False)))


def _csv_lines(path: Path) -> Iterator[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    if "\x00" in text:
        raise TrackerFileError(f"{path.name}: this is not a text table (CSV).")
    dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    return iter(list(csv.reader(io.StringIO(text, newline=""), dialect)))


def _xlsx_lines(path: Path, sheet: str | None) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    if sheet is None:
        chosen = book.worksheets[0]
    else:
        names = {header_key(name): name for name in book.sheetnames}
        if header_key(sheet) not in names:
            raise TrackerFileError(
                f"{path.name}: no sheet '{sheet}' (it has: {', '.join(book.sheetnames[:12])}).")
        chosen = book[names[header_key(sheet)]]
    return iter(list(chosen.iter_rows(values_only=True)))


def _json_lines(path: Path, columns: Sequence[str]) -> Iterator[Sequence[Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not data:
        raise TrackerFileError(f"{path.name}: expected a JSON list of rows.")
    if isinstance(data[0], dict):
        keys = list(data[0])
        return iter([keys, *([row.get(k) for k in keys] for row in data)])
    if not columns:
        raise TrackerFileError(f"{path.name}: its rows are lists; name their columns.")
    return iter([list(columns), *data])
