"""Importing a spreadsheet: each row matched by its key to a stored record, compared field by
field (create / update / unchanged, before -> after), and written through the app's services
under the importing user, all in one transaction: one refused row and nothing is written.

A dry run does all of it, the services' checks included, and rolls back, so its preview shows
exactly the errors a real import would meet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from convoy.core.audit import audit_origin, audit_source
from convoy.core.errors import RowErrors
from convoy.intake.spreadsheets.columns import BoundColumn, CellError
from convoy.intake.spreadsheets.diff import (
    Row,
    compare,
    error_messages,
    lookups_for,
    visible,
)
from convoy.intake.spreadsheets.reader import FileError, checksum, open_sheet
from convoy.intake.spreadsheets.sheets import SheetType

CHUNK = 2000
#: Rows kept for the preview (each with its changes or errors); the counts cover every row.
KEPT_ROWS = 500


@dataclass
class RowResult:
    number: int
    action: str  # create, update, unchanged, error
    key: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    type_name: str
    file_name: str
    checksum: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def summary(self) -> str:
        return (f"created {self.created}, updated {self.updated}, "
                f"unchanged {self.unchanged}, errors {self.errors}")

    def messages(self) -> Iterator[str]:
        yield from self.file_errors
        for row in self.rows:
            yield from row.errors

    def keep(self, result: RowResult) -> None:
        counter = _COUNTERS[result.action]
        setattr(self, counter, getattr(self, counter) + 1)
        if result.action != "unchanged" and len(self.rows) < KEPT_ROWS:
            self.rows.append(result)


_COUNTERS = {"create": "created", "update": "updated", "unchanged": "unchanged",
             "error": "errors"}


class _Rollback(Exception):
    pass


def import_file(
    sheet_type: SheetType,
    file: IO[bytes],
    file_name: str,
    *,
    actor: Any,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Import `file` as `sheet_type` under `actor`; nothing is written on a dry run or when
    any row has an error."""
    outcome = Outcome(sheet_type.name, file_name, checksum(file), dry_run)
    try:
        with audit_source("import"), audit_origin(file_name, outcome.checksum), \
                transaction.atomic():
            _import_rows(sheet_type, file, file_name, actor, outcome, progress)
            if dry_run or outcome.errors or outcome.file_errors:
                raise _Rollback
            outcome.written = True
    except _Rollback:
        pass
    except FileError as error:
        outcome.file_errors = error.messages
    if outcome.file_errors:
        outcome.errors = max(outcome.errors, 1)
    return outcome


def _import_rows(sheet_type: SheetType, file: IO[bytes], file_name: str, actor: Any,
                 outcome: Outcome, progress: Callable[[int], None] | None) -> None:
    sheet = open_sheet(sheet_type, file, file_name)
    columns = sheet.columns
    lookups = lookups_for(actor, [c for c in columns if c is not None and c.is_reference])
    seen: dict[Any, int] = {}
    done = 0
    while chunk := list(islice(sheet.rows, CHUNK)):
        rows = [_parse(sheet_type, columns, number, cells, lookups) for number, cells in chunk]
        stored = _stored(sheet_type, actor, rows)
        bulk: list[Row] = []
        for row in rows:
            _check_repeat(sheet_type, row, seen)
            row.obj = stored.get(row.key)
            if row.key not in (None, "") and row.obj is None and sheet_type.key == "id":
                row.fail(sheet_type.key, _("no %(record)s with id %(id)s that you may see") % {
                    "record": sheet_type.model._meta.verbose_name, "id": row.key})
            if not row.errors:
                compare(sheet_type, row)
            if not row.errors and row.action == "create" and _bulk_ready(sheet_type, row):
                bulk.append(row)
                continue
            if not row.errors and row.action != "unchanged":
                _write(sheet_type, actor, row)
            outcome.keep(row.result())
        _write_bulk(sheet_type, actor, bulk, lookups, write=not outcome.dry_run)
        for row in bulk:
            outcome.keep(row.result())
        done += len(chunk)
        if progress is not None:
            progress(done)


def _parse(sheet_type: SheetType, columns: list[BoundColumn | None], number: int,
           cells: list[Any], lookups: dict[str, dict[Any, Any]]) -> Row:
    row = Row(number=number)
    for column, raw in zip(columns, cells, strict=True):
        if column is None:
            continue
        try:
            row.values[column.field] = column.parse(raw, lookups)
        except CellError as error:
            row.fail(column.name, str(error))
        row.given.add(column.field)
    key = row.values.get(sheet_type.key_column().field)
    row.key = key if sheet_type.key != "id" else (key if key not in ("",) else None)
    return row


def _stored(sheet_type: SheetType, actor: Any, rows: list[Row]) -> dict[Any, models.Model]:
    """The stored records the rows name, that `actor` may see, by key (one query)."""
    keys = [r.key for r in rows if r.key not in (None, "")]
    if not keys:
        return {}
    lookup = "pk" if sheet_type.key == "id" else sheet_type.key
    queryset = visible(sheet_type.model, actor).filter(**{f"{lookup}__in": keys})
    return {getattr(obj, lookup): obj for obj in queryset}


def _check_repeat(sheet_type: SheetType, row: Row, seen: dict[Any, int]) -> None:
    if row.key in (None, ""):
        return
    if row.key in seen:
        row.fail(sheet_type.key, _("%(key)s %(value)s is in row %(row)d already") % {
            "key": sheet_type.key, "value": row.key, "row": seen[row.key]})
    else:
        seen[row.key] = row.number


def _bulk_ready(sheet_type: SheetType, row: Row) -> bool:
    return sheet_type.create_many is not None and row.step is None


def _write(sheet_type: SheetType, actor: Any, row: Row) -> None:
    """One row through the services, in a savepoint so a refused row leaves the rest going."""
    try:
        with transaction.atomic():
            if row.action == "create":
                row.obj = sheet_type.do_create(actor, row.create_fields)
            elif row.changes:
                row.obj = sheet_type.do_update(actor, row.obj, row.changes)
            if row.step is not None:
                row.step.run(actor, row.obj, row.step_on)
    except (ValidationError, PermissionDenied) as error:
        _fail_with(sheet_type, row, error)


def _write_bulk(sheet_type: SheetType, actor: Any, rows: list[Row],
                lookups: dict[str, dict[Any, Any]], *, write: bool) -> None:
    """New rows in one batch; a preview only checks them (it would be rolled back anyway)."""
    if not rows:
        return
    try:
        with transaction.atomic():
            sheet_type.create_many(actor, [r.create_fields for r in rows], tuple(lookups), write)
    except RowErrors as refused:
        for index, error in refused.errors.items():
            _fail_with(sheet_type, rows[index], error)


def _fail_with(sheet_type: SheetType, row: Row, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for name, message in error_messages(error):
            column = sheet_type.by_name.get(name) if name != NON_FIELD_ERRORS else None
            row.fail(column.name if column else None, message)
        return
    owner = (getattr(sheet_type.model, "owner_nation_path", None) or "").split("__")[0]
    row.fail(owner if owner in sheet_type.by_name else None, str(error))
