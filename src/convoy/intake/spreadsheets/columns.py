"""One column of a spreadsheet: which field it holds, its HXL hashtag, and how its text becomes
a value and back.

References are written as the related record's code (nations as ISO 3166 alpha-3), records
without a code by their id, dates as ISO 8601, choices by their value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

#: Characters a spreadsheet would read as the start of a formula; exports prefix such text
#: with a quote, imports take the quote off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = ";"


class CellError(ValueError):
    """The text of a cell cannot be read as the column's value."""


@dataclass(frozen=True)
class Column:
    """`field` of the record type's model, headed `header` (the field name unless given).

    `step`: the value changes only through a lifecycle step (status and the steps' dates).
    `writable=False`: given when the record is created, never changed by a file afterwards.
    `derived`: Convoy works the value out itself; a file may repeat it, never set it.
    """

    field: str
    hxl: str
    header: str = ""
    step: bool = False
    writable: bool = True
    derived: bool = False

    @property
    def name(self) -> str:
        return self.header or self.field


@dataclass(frozen=True)
class BoundColumn:
    """A column with its model field, ready to read and write values."""

    column: Column
    model_field: models.Field

    @property
    def name(self) -> str:
        return self.column.name

    @property
    def field(self) -> str:
        return self.column.field

    @property
    def is_reference(self) -> bool:
        return self.model_field.is_relation

    @property
    def many(self) -> bool:
        return bool(self.model_field.many_to_many)

    @property
    def target(self) -> type[models.Model]:
        return self.model_field.related_model

    @cached_property  # asked for every reference cell of a file
    def reference_key(self) -> str:
        """How a related record is named: its code, or its id where it has no code."""
        names = {f.name for f in self.target._meta.fields}
        return "code" if "code" in names else "pk"

    def export_path(self) -> str:
        """The database path of the exported value (`donor__code`, `quantity`)."""
        if self.is_reference:
            key = self.reference_key
            return f"{self.field}__code" if key == "code" else f"{self.field}_id"
        return self.field

    def to_cell(self, value: Any) -> Any:
        """The stored value as a spreadsheet holds it (codes, ISO dates, choice values)."""
        if value is None:
            return ""
        if self.many:
            return LIST_SEPARATOR.join(sorted(str(v) for v in value))
        if isinstance(value, datetime):
            return timezone.localtime(value).isoformat() if timezone.is_aware(value) else (
                value.isoformat())
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value

    def parse(self, raw: Any, lookups: dict[str, dict[str, Any]]) -> Any:
        """The value of a cell, references resolved through `lookups` (code -> record)."""
        text = _text(raw)
        if text == "":
            if self.many:
                return []
            if isinstance(self.model_field, models.CharField | models.TextField):
                return ""
            return None
        if self.many:
            return [self._reference(code.strip(), lookups)
                    for code in text.split(LIST_SEPARATOR) if code.strip()]
        if self.is_reference:
            return self._reference(text, lookups)
        return self._value(raw, text)

    def _reference(self, code: str, lookups: dict[str, dict[str, Any]]) -> Any:
        found = lookups[self.field].get(code if self.reference_key == "code" else _int(code))
        if found is None:
            raise CellError(_("no %(record)s with %(key)s “%(code)s”") % {
                "record": self.target._meta.verbose_name,
                "key": "code" if self.reference_key == "code" else "id", "code": code})
        return found

    def _value(self, raw: Any, text: str) -> Any:
        field = self.model_field
        if field.choices:
            return _choice(field, text)
        if isinstance(field, models.BooleanField):
            if text.lower() in {"yes", "true", "1"}:
                return True
            if text.lower() in {"no", "false", "0"}:
                return False
            raise CellError(_("write yes or no"))
        if isinstance(field, models.DateTimeField):
            return _datetime(raw, text)
        if isinstance(field, models.DateField):
            return _date(raw, text)
        if isinstance(field, models.DecimalField):
            return _decimal(raw, text)
        if isinstance(field, models.IntegerField | models.AutoField):
            return _whole(raw, text)
        return text


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, datetime | date):
        return raw.isoformat()
    text = str(raw).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text


def _choice(field: models.Field, text: str) -> str:
    for value, label in field.flatchoices:
        if text.lower() in (str(value).lower(), str(label).lower()):
            return value
    values = ", ".join(str(v) for v, _label in field.flatchoices)
    raise CellError(_("choose one of %(values)s") % {"values": values})


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _whole(raw: Any, text: str) -> int:
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, int):
        return raw
    value = _int(text.replace(",", "").replace(" ", ""))
    if value is None:
        raise CellError(_("“%(text)s” is not a whole number") % {"text": text})
    return value


def _decimal(raw: Any, text: str) -> Decimal:
    if isinstance(raw, float):
        return Decimal(repr(raw))
    try:
        value = Decimal(text.replace(",", "").replace(" ", ""))
    except InvalidOperation:
        raise CellError(_("“%(text)s” is not a number") % {"text": text}) from None
    if not value.is_finite():
        raise CellError(_("“%(text)s” is not a number") % {"text": text})
    return value


def _date(raw: Any, text: str) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    try:
        if text[10:11] not in ("", "T", " "):  # a spreadsheet may add midnight to a date
            raise ValueError(text)
        return date.fromisoformat(text[:10])
    except ValueError:
        raise CellError(_("“%(text)s” is not a date; write it as YYYY-MM-DD") % {
            "text": text}) from None


def _datetime(raw: Any, text: str) -> datetime:
    value = raw if isinstance(raw, datetime) else None
    if value is None:
        try:
            value = parse_datetime(text)
        except ValueError:
            value = None
    if value is None:
        raise CellError(_("“%(text)s” is not a date and time; write it as "
                          "YYYY-MM-DDTHH:MM+01:00") % {"text": text})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value
