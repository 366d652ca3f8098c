"""Tracker rows to draft proposals: values cleaned, kinds told apart, each with a stable key."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import dateparser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from convoy.core.validators import FIRST_DAY, LAST_DAY
from convoy.intake.drafts import Draft
from convoy.intake.trackers.layouts import Layout
from convoy.intake.trackers.tables import Row, read_rows

#: Cells that mean "not known" in the trackers ("." is Kiel's).
EMPTY = {"", ".", "-", "n/a", "na", "none", "null", "undisclosed", "unknown", "not specified"}
UNIT_MEASURES = {"", ".", "unit", "units", "piece", "pieces", "pcs", "number", "items"}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass
class Reading:
    """A file read with a layout: its rows counted and what they propose."""

    rows: int
    drafts: list[Draft]


def read_tracker(path: Path, layout: Layout) -> Reading:
    suffix = Path(path).suffix.lower()
    sheet = layout.sheet if suffix in {".xlsx", ".xlsm"} else None
    headers, rows = read_rows(path, sheet=sheet, skip_rows=layout.skip_rows,
                              json_columns=layout.json_columns)
    where = layout.locate(headers, Path(path).name)
    drafts, count = [], 0
    seen: Counter = Counter()
    for row in rows:
        count += 1
        draft = _draft(row, where, layout)
        if draft is None:
            continue
        seen[draft.key] += 1
        if seen[draft.key] > 1:  # the same package, item and date twice: keep both apart
            draft.key = f"{draft.key}#{seen[draft.key]}"
        drafts.append(draft)
    _value_only_for_whole_packages(drafts)
    return Reading(count, drafts)


def _value_only_for_whole_packages(drafts: list[Draft]) -> None:
    """A package's value stands on its first row (Kiel's habit): it is an item's value only
    when the package has that one item."""
    items = Counter(d.key.split("|")[0] for d in drafts if d.kind == "equipment")
    for draft in drafts:
        if draft.kind == "equipment":
            draft.amount, draft.currency = None, ""
            if items[draft.key.split("|")[0]] > 1:
                draft.value_eur = None


def _draft(row: Row, where: dict[str, str], layout: Layout) -> Draft | None:
    def get(name: str) -> Any:
        value = row.values.get(where[name]) if name in where else None
        return None if _empty(value) else value

    kind = _kind(get("kind"), layout) if "kind" in where else layout.kind
    if kind is None:
        return None
    donor = _text(get("donor"))
    donor_code = _text(get("donor_code"))
    item = _text(get("item"))
    announced, date_text = _date(get("date"))
    if announced is None and get("year") is not None:
        announced, date_text = _year_month(get("year"), get("month"))
    amount = _money(get("amount"), layout.amount_scale)
    value_eur = _money(get("value_eur"), layout.amount_scale)
    currency = (_text(get("currency")) or layout.currency).upper()[:3]
    if currency == "EUR" and value_eur is None:
        value_eur = amount
    if kind == "equipment" and not item:
        return None
    if kind == "financial" and not (amount or value_eur):
        return None
    quantity = _units(get("quantity"))
    measure = _text(get("measure")).lower()
    if measure not in UNIT_MEASURES:
        quantity = None
    base = _text(get("key")) or "|".join([donor_code or donor, date_text])
    key = f"{base}|{item}" if kind == "equipment" else base
    return Draft(
        kind=kind, row=row.number, key=key[:200], donor_text=donor or donor_code,
        donor_code=donor_code, item_text=item[:300], quantity=quantity,
        delivered=_units(get("delivered")), announced_on=announced, date_text=date_text[:100],
        amount=amount, currency=currency, value_eur=value_eur, url=_url(get("url")),
    )


def _kind(value: Any, layout: Layout) -> str | None:
    text = _text(value).lower()
    for kind, values in layout.kind_values.items():
        if text in values:
            return kind
    return None


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in EMPTY)


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _units(value: Any) -> int | None:
    """A count of units, or None when not a whole positive number ("undisclosed", "2-3")."""
    if value is None:
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    if number != number.to_integral_value() or number < 1 or number > 10_000_000:
        return None
    return int(number)


def _money(value: Any, scale: Decimal) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip()) * scale
    except InvalidOperation:
        return None
    if not number.is_finite() or number <= 0 or number >= Decimal(10) ** 15:
        return None
    return number.quantize(Decimal("0.01"))


def _date(value: Any) -> tuple[date | None, str]:
    """The date and how it was written; free text such as "until 3/10/2022", or a typing error
    such as the year 2922, keeps no date."""
    day, text = _any_date(value)
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        return None, text
    return day, text


def _any_date(value: Any) -> tuple[date | None, str]:
    if value is None:
        return None, ""
    if isinstance(value, datetime):
        return value.date(), value.date().isoformat()
    if isinstance(value, date):
        return value, value.isoformat()
    text = _text(value)
    if ISO_DAY.match(text):
        try:
            return date.fromisoformat(text[:10]), text
        except ValueError:
            return None, text
    parsed = dateparser.parse(text, settings={"STRICT_PARSING": True, "DATE_ORDER": "DMY",
                                              "REQUIRE_PARTS": ["day", "month", "year"]})
    return (parsed.date() if parsed else None), text


def _year_month(year: Any, month: Any) -> tuple[date | None, str]:
    try:
        day = date(int(float(year)), int(float(month or 1)), 1)
    except (TypeError, ValueError):
        return None, f"{year}-{month}"
    return day, f"{day:%Y-%m}"


def _url(value: Any) -> str:
    """The source's address when it is a valid web address (trackers hold notes there too)."""
    text = _text(value)[:500]
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return ""
    return text

