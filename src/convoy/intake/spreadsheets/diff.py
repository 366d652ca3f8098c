"""One row of an import compared with the stored record: what to create, which fields change
(before -> after), which lifecycle step it asks for, and every refusal as "row 17, column
quantity: ..."."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from convoy.intake.spreadsheets.columns import BoundColumn
from convoy.intake.spreadsheets.sheets import SheetType, Step

#: The start of a service's message that names the record and field, which the row and column
#: of the import already say ("Pledge P-1, field “quantity”: ").
_NAMED_FIELD = re.compile(r"^.*?, field “[^”]*”: ")


@dataclass
class Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    given: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    key: Any = None
    obj: models.Model | None = None
    action: str = "unchanged"
    changes: dict[str, Any] = field(default_factory=dict)
    create_fields: dict[str, Any] = field(default_factory=dict)
    diff: list[tuple[str, str, str]] = field(default_factory=list)
    step: Step | None = None
    step_on: Any = None

    def fail(self, column: str | None, message: str) -> None:
        where = _("row %(row)d, column %(column)s") % {"row": self.number, "column": column} \
            if column else _("row %(row)d") % {"row": self.number}
        self.errors.append(f"{where}: {message}")

    def result(self) -> Any:
        from convoy.intake.spreadsheets.importer import RowResult

        key = "" if self.key is None else str(self.key)
        if self.obj is not None and not key:
            key = str(self.obj.pk)
        return RowResult(self.number, "error" if self.errors else self.action, key,
                         self.diff, self.errors)


def lookups_for(actor: Any, columns: list[BoundColumn]) -> dict[str, dict[Any, Any]]:
    """For each reference column, the records `actor` may see by code (or id): one query each,
    so no row looks anything up again."""
    found: dict[str, dict[Any, Any]] = {}
    for column in columns:
        key = column.reference_key
        records = visible(column.target, actor)
        found[column.field] = {getattr(r, key): r for r in records.iterator(chunk_size=2000)}
    return found


def visible(model: type[models.Model], actor: Any) -> models.QuerySet:
    """What `actor` may see of `model`; everything for the system itself (`actor` None: the
    command line without --user)."""
    return model.objects.all() if actor is None else model.objects.restrict(actor, "view")


def compare(sheet_type: SheetType, row: Row) -> None:
    if row.obj is None:
        _new(sheet_type, row)
    else:
        _existing(sheet_type, row)


def _new(sheet_type: SheetType, row: Row) -> None:
    row.action = "create"
    status = sheet_type.status_field
    for column in sheet_type.bound:
        name = column.field
        if name not in row.given or column.column.derived or name == "id":
            continue
        value = row.values[name]
        if _blank(value):
            continue  # the model's default, or the service's
        if column.column.step and name != status:
            continue  # checked with the status below
        if name == status:
            _new_status(sheet_type, row, value)
            continue
        row.create_fields[name] = value
        row.diff.append((column.name, "", display(column, value)))
    stamp = row.step.stamp if row.step else None
    for column in sheet_type.bound:
        if (column.column.step and column.field not in (status, stamp)
                and column.field in row.given and not _blank(row.values[column.field])):
            row.fail(column.name, _("set by its lifecycle step; leave it empty for a new "
                                    "record"))


def _new_status(sheet_type: SheetType, row: Row, value: Any) -> None:
    start = sheet_type.model._meta.get_field(sheet_type.status_field).default
    if value == start:
        return
    step = sheet_type.steps.get(value)
    if step is None:
        row.fail(sheet_type.status_field, _("a new record starts as “%(start)s”; a file can "
                                            "take it on to %(steps)s only") % {
            "start": start, "steps": ", ".join(sheet_type.steps) or "-"})
        return
    row.step, row.step_on = step, row.values.get(step.stamp) if step.stamp else None
    row.diff.append((sheet_type.status_field, str(start), str(value)))


def _existing(sheet_type: SheetType, row: Row) -> None:
    steps_changed: list[BoundColumn] = []
    for column in sheet_type.bound:
        name = column.field
        if name not in row.given or name == sheet_type.key or name == "id":
            continue
        before, after = current(row.obj, column), row.values[name]
        if canonical(column, before) == canonical(column, after):
            continue
        shown = display(column, before), display(column, after)
        if column.column.derived:
            row.fail(column.name, _("Convoy works this out; leave it as it is (%(v)s)") % {
                "v": shown[0] or "-"})
        elif not column.column.writable:
            row.fail(column.name, _("cannot change once the record exists (it is %(v)s)") % {
                "v": shown[0] or "-"})
        elif column.column.step:
            steps_changed.append(column)
            row.diff.append((column.name, *shown))
        else:
            row.changes[name] = after
            row.diff.append((column.name, *shown))
    if steps_changed:
        _step(sheet_type, row, steps_changed)
    if not row.errors:
        row.action = "update" if row.changes or row.step else "unchanged"


def _step(sheet_type: SheetType, row: Row, changed: list[BoundColumn]) -> None:
    status = sheet_type.status_field
    names = {c.field for c in changed}
    if status not in names:
        for column in changed:
            row.fail(column.name, _("changes only with its lifecycle step (a new status)"))
        return
    target = row.values[status]
    step = sheet_type.steps.get(target)
    if step is None:
        row.fail(status, _("a file cannot move %(record)s from “%(from)s” to “%(to)s”; take "
                           "that step on the record's page") % {
            "record": row.obj, "from": getattr(row.obj, status), "to": target})
        return
    for column in changed:
        if column.field not in (status, step.stamp):
            row.fail(column.name, _("changes only with its own lifecycle step"))
    row.step, row.step_on = step, row.values.get(step.stamp) if step.stamp else None


def current(obj: models.Model, column: BoundColumn) -> Any:
    if column.many:
        return list(getattr(obj, column.field).all())
    if column.is_reference:
        return getattr(obj, column.field)
    return getattr(obj, column.field)


def canonical(column: BoundColumn, value: Any) -> Any:
    """A value in the form two values are compared in: records by id, text stripped."""
    if column.many:
        return sorted(v.pk for v in value or [])
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.strip()
    if value is None and isinstance(column.model_field, models.CharField | models.TextField):
        return ""
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def display(column: BoundColumn, value: Any) -> str:
    """A value as the file writes it."""
    if column.many:
        return "; ".join(sorted(str(_named(v)) for v in value or []))
    if isinstance(value, models.Model):
        return str(_named(value))
    cell = column.to_cell(value)
    return "" if cell is None else str(cell)


def _named(record: models.Model) -> Any:
    return getattr(record, "code", None) or record.pk


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str | list) and not value)


def error_messages(error: ValidationError) -> Iterator[tuple[str, str]]:
    """(field, message) of a service's refusal, without the record-and-field prefix."""
    items = error.error_dict.items() if hasattr(error, "error_dict") else [
        (NON_FIELD_ERRORS, error.error_list)]
    for name, errors in items:
        for item in errors:
            for message in item.messages:
                yield name, _NAMED_FIELD.sub("", message)
