"""The change log of a record in words: field labels, choices by their labels, related records
by their codes and linked, never ids or raw field names.

"returned_as_id: — → 239" reads "Returned as: — → RO-2026-0012" with a link to that order.
Related records are looked up in one query per related model, through `restrict(user, "view")`:
a record the reader may not see is named as such, not by its code.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from convoy.core.models import AuditRecord
from convoy.core.selectors import visible_keys
from convoy.web.links import record_url
from convoy.web.tables import as_text

#: Bookkeeping columns nobody edits; their changes are not worth a line.
SILENT_FIELDS = {"id", "created_at", "updated_at", "modified_at"}


@dataclass(frozen=True)
class Value:
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Change:
    label: str
    before: list[Value]
    after: list[Value]


@dataclass(frozen=True)
class Entry:
    record: AuditRecord
    changes: list[Change]


def readable_history(records: list[AuditRecord], model: type[models.Model],
                     user: Any) -> list[Entry]:
    """Each audit record with its changed fields in words (updates only list changes)."""
    fields = _fields_by_key(model)
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    pending = []
    for record in records:
        changes = record.changes if record.action == "update" else {}
        shown = {k: v for k, v in changes.items() if k not in SILENT_FIELDS}
        pending.append((record, shown))
        for key, pair in shown.items():
            field = fields.get(key)
            if field is not None and field.is_relation and field.related_model is not None:
                for value in pair:
                    wanted[field.related_model].update(_keys(value))
    found = {related: _visible(related, keys, user) for related, keys in wanted.items()}
    return [
        Entry(record, [_change(key, pair, fields.get(key), found) for key, pair in shown.items()])
        for record, shown in pending
    ]


def _fields_by_key(model: type[models.Model]) -> dict[str, models.Field]:
    """Fields by the keys a snapshot uses: attname (`pledge_id`) and name (m2m `members`)."""
    by_key: dict[str, models.Field] = {}
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) and not field.many_to_many:
            continue
        if getattr(field, "auto_created", False) and not field.concrete:
            continue
        by_key[field.name] = field
        attname = getattr(field, "attname", None)
        if attname:
            by_key[attname] = field
    return by_key


def _keys(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _visible(related: type[models.Model], keys: set[Any], user: Any) -> dict[Any, Any]:
    """The records named in the history that the reader may open (the others are not named)."""
    allowed = visible_keys(user, related, keys)
    if not allowed:
        return {}
    return {obj.pk: obj for obj in related._base_manager.filter(pk__in=allowed)}


def _change(key: str, pair: tuple[Any, Any], field: models.Field | None,
            found: dict[type[models.Model], dict[Any, Any]]) -> Change:
    label = capfirst(str(field.verbose_name)) if field is not None else _label_from_key(key)
    return Change(label, _values(pair[0], field, found), _values(pair[1], field, found))


def _label_from_key(key: str) -> str:
    """A field no longer on the model: its name in words ("returned_as_id" → "Returned as")."""
    return capfirst(key.removesuffix("_id").replace("_", " "))


def _values(value: Any, field: models.Field | None,
            found: dict[type[models.Model], dict[Any, Any]]) -> list[Value]:
    if value is None or value == [] or value == "":
        return []
    if field is not None and field.is_relation and field.related_model is not None:
        records = found.get(field.related_model, {})
        shown = []
        for key in _keys(value):
            obj = records.get(key)
            if obj is None:
                shown.append(Value(_("a record you may not see")))
            else:
                shown.append(Value(str(obj), record_url(obj)))
        return shown
    if field is not None and field.choices:
        return [Value(str(dict(field.flatchoices).get(value, value)))]
    return [Value(_plain(value, field))]


def _plain(value: Any, field: models.Field | None) -> str:
    """Stored JSON back to how a page shows it: numbers with separators, dates as dates."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        return as_text(moment) if isinstance(moment, datetime) else value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return value
    if isinstance(field, models.DecimalField) and isinstance(value, str):
        try:
            return as_text(Decimal(value))
        except InvalidOperation:
            return value
    if isinstance(value, int) and not (isinstance(field, models.IntegerField)
                                       and "year" in field.name):
        return as_text(value)
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"
