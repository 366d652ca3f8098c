"""Columns of a table: how a list page, a detail page and an export read one value of a record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from convoy.web.links import Openable


@dataclass(frozen=True)
class Column:
    """One column: `accessor` is a dotted attribute path (`donor.code`) or a callable.

    `sort` names the ORM ordering field when the column may be sorted; only these are accepted
    from the query string, so nobody can order by an arbitrary (or private) field.
    `link` makes the cell a link to the record's own page.
    `hide_empty` leaves the line out of a record page when there is no value (a record not made
    by a plan run says nothing about plan runs).
    """

    accessor: str | Callable[[Any], Any]
    label: str
    sort: str | None = None
    link: bool = False
    numeric: bool = False
    hide_empty: bool = False

    @property
    def key(self) -> str:
        if isinstance(self.accessor, str):
            return self.accessor
        # The label as written, not as translated: a sort key or a remembered column choice
        # means the same column in every language.
        with translation.override(None):
            return str(self.label).lower()

    def raw(self, obj: Any) -> Any:
        """The stored value (for exports): choices as their label, related records as text."""
        if callable(self.accessor):
            return self.accessor(obj)
        value = obj
        parts = self.accessor.split(".")
        for index, part in enumerate(parts):
            if value is None:
                return None
            last = index == len(parts) - 1
            display = getattr(value, f"get_{part}_display", None) if last else None
            # A record may offer its field in the page's language (a nation's or item's name).
            display = display or (getattr(value, f"local_{part}", None) if last else None)
            if isinstance(display, str):
                value = display
                continue
            value = display() if display is not None else getattr(value, part)
        return value

    def text(self, obj: Any) -> str:
        raw = self.raw(obj)
        return str(raw) if is_year(self, raw) else as_text(raw)


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        places = 2 if value != value.to_integral_value() else 0
        return formats.number_format(value, places, force_grouping=True)
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True)
    if isinstance(value, AbstractUser):
        return value.get_full_name() or value.get_username()  # a person, not an account name
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def export_value(value: Any) -> Any:
    """A value a spreadsheet cell can hold as itself (numbers stay numbers, dates stay dates)."""
    if value is None or isinstance(value, (int, float, Decimal, date, str)):
        if isinstance(value, datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return str(value)


def sort_fields(columns: Sequence[Column]) -> dict[str, str]:
    """Query-string sort keys → ORM fields, for the sortable columns only."""
    return {c.key: c.sort for c in columns if c.sort}


def cell(column: Column, obj: Any, links: Openable | None = None) -> dict[str, Any]:
    """One table cell: its text, and a link to the related record (or the row's own record).

    A record (related or the row's own) links only when `links` says the reader may open it;
    without `links` only the row's own record does (a list of records read through the
    permission rule).
    """
    from convoy.web.links import record_url

    raw = column.raw(obj)
    url = None
    if column.link and isinstance(raw, models.Model) and raw is not obj:
        url = links.url(raw) if links is not None else None
    elif column.link:
        url = links.url(obj) if links is not None else record_url(obj)
    text = str(raw) if is_year(column, raw) else as_text(raw)
    # Dates and numbers never break over two lines: a wrapped date reads as two values.
    nowrap = isinstance(raw, (date, int, float, Decimal)) and not isinstance(raw, bool)
    # "badges" is there even when empty: a template missing a key pays a dir() for each cell.
    return {"text": text, "url": url, "numeric": column.numeric, "nowrap": nowrap, "badges": ()}


def table_rows(columns: Sequence[Column], records: Sequence[Any],
               links: Openable) -> list[list[dict[str, Any]]]:
    """The cells of many rows, the records they link to looked up together first."""
    records = list(records)
    if any(c.link for c in columns):
        links.prime(records)
    prime_links(columns, records, links)
    return [[cell(c, obj, links) for c in columns] for obj in records]


def prime_links(columns: Sequence[Column], records: Sequence[Any], links: Openable) -> None:
    """Ask once which of the related records the rows link to the reader may open."""
    linked = [c for c in columns if c.link]
    if linked:
        links.prime(raw for obj in records for c in linked
                    if isinstance(raw := c.raw(obj), models.Model) and raw is not obj)


def is_year(column: Column, value: Any) -> bool:
    """A year is a number without a thousands separator (2025, never "2,025")."""
    return (isinstance(value, int) and not isinstance(value, bool)
            and column.key.rsplit(".", 1)[-1].endswith("year"))
