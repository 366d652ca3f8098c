"""What every report is made of, and how it is written out.

A report is a title, one or more tables (columns, rows of plain values, a chart drawn from the
same rows) and the counting rules it follows. The page, `convoy report` and the briefing PDF all
show the same object, so a figure cannot differ between them.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO, StringIO
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from openpyxl import Workbook

from convoy.core.permissions import grants
from convoy.web.charts import Chart, number

FORMATS = ("csv", "xlsx", "json")


@dataclass(frozen=True)
class Column:
    """`kind` says how a value reads: text, int, eur, usd, ratio (0.25 = 25 %) or date."""

    key: str
    label: Any  # text, or lazily translated text
    kind: str = "text"


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    chart: Chart | None = None
    note: str = ""

    def cells(self) -> list[list[str]]:
        """The rows as the page and the PDF print them."""
        return [[show(row.get(c.key), c.kind) for c in self.columns] for row in self.rows]


@dataclass
class Report:
    name: str
    title: str
    tables: list[Table]
    notes: list[str] = field(default_factory=list)
    as_of: date | None = None
    #: Said above the report when the reader sees part of the detail (a donor liaison).
    scope_note: str = ""
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.tables[0].rows if self.tables else []

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)


def show(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if kind == "ratio":
        share = float(value) * 100
        return f"{share:.2f} %" if 0 < abs(share) < 1 else f"{share:.1f} %"
    if kind in ("eur", "usd"):
        return f"{number(float(value))} {kind.upper()}"
    if kind == "int":
        return number(float(value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def plain(value: Any) -> Any:
    """A value as JSON and spreadsheets take it: amounts as numbers, dates as ISO text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def to_json(report: Report) -> str:
    return json.dumps({
        "report": report.name,
        "title": report.title,
        "as_of": plain(report.as_of),
        "facts": {k: plain(v) for k, v in report.facts.items()},
        "notes": report.notes,
        "rows": [{k: plain(v) for k, v in row.items()} for row in report.rows],
        "tables": {
            t.key: {"title": str(t.title),
                    "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind}
                                for c in t.columns],
                    "rows": [{k: plain(row.get(k)) for k in (c.key for c in t.columns)}
                             for row in t.rows]}
            for t in report.tables
        },
    }, indent=1, ensure_ascii=False)


def to_csv(report: Report, table_key: str | None = None) -> str:
    table = report.table(table_key) if table_key else report.tables[0]
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.label) for c in table.columns])
    for row in table.rows:
        writer.writerow([_formula_safe(plain(row.get(c.key))) for c in table.columns])
    return out.getvalue()


def to_xlsx(report: Report) -> bytes:
    """One sheet per table, then a sheet of the counting rules."""
    workbook = Workbook(write_only=True)
    for table in report.tables:
        sheet = workbook.create_sheet(table.key[:31])
        sheet.append([str(c.label) for c in table.columns])
        for row in table.rows:
            sheet.append([_formula_safe(plain(row.get(c.key))) for c in table.columns])
    notes = workbook.create_sheet("notes")
    notes.append([str(report.title)])
    for text in report.notes:
        notes.append([str(text)])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _formula_safe(value: Any) -> Any:
    # Text a spreadsheet would run as a formula stays text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def ratio(part: Any, whole: Any, places: str = "0.0001") -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal(places))


def sees_all(user: Any, model: type) -> bool:
    """Whether the user reads every record of `model` (else only its own nation's)."""
    return grants(user, model, "view") is None


def own_nations(user: Any, model: type) -> set[int] | None:
    """The nations whose records of `model` the user may read one by one; None for all."""
    found = grants(user, model, "view")
    if found is None:
        return None
    return {g.value for g in found if g.value is not None}


def check_nation_detail(user: Any, model: type, nation: Any) -> None:
    """Refuse a request for one nation's detail that the user may not read."""
    allowed = own_nations(user, model)
    if allowed is not None and nation.pk not in allowed:
        raise PermissionDenied(_("You may see the detail of your own nation only, not of "
                                 "%(nation)s; the totals of every nation are shown.")
                               % {"nation": nation})


#: The command line reads as the system: it runs on the server, by its administrators.
SYSTEM_READER = SimpleNamespace(is_superuser=True, is_active=True, is_authenticated=True,
                                pk=None)
