"""`convoy backup` and `convoy restore`: every table's rows, exactly, in one file.

The file is JSON lines (gzip-compressed when its name ends in .gz): a header naming the migrations
the database had, then the rows of each model in chunks, each value as the ORM reads it (times
to the microsecond, decimals as written, JSON as stored). A restore replaces the whole database
in one transaction, so it either completes or leaves the database as it was, and it refuses a
file written at another schema: the audit chain, ids and timestamps come back unchanged, so
`convoy audit verify` passes after it.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import IntegrityError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_string

from convoy.core import auditguard

FORMAT = "convoy-backup"
VERSION = 1
CHUNK = 1000


class BackupRefused(Exception):
    """The file cannot be restored here; the message says why."""


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int


def backed_up_models() -> list[type[models.Model]]:
    """Every model with a table of its own (many-to-many tables included), in a stable order."""
    tables = set(connection.introspection.table_names())
    found = [
        m for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.db_table in tables
    ]
    return sorted(found, key=lambda m: m._meta.label_lower)


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _columns(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_string(value)
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        import base64

        return base64.b64encode(bytes(value)).decode()
    return value


def _decode(field: models.Field, value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.ForeignKey):
        return field.target_field.to_python(value)
    return field.to_python(value)


def _open(path: Path, mode: str, *, compressed: bool | None = None) -> IO[str]:
    if path.name.endswith(".gz") if compressed is None else compressed:
        return io.TextIOWrapper(gzip.open(path, mode + "b"), encoding="utf-8")
    return open(path, mode, encoding="utf-8")


def write_backup(path: Path) -> Summary:
    """Every row of every table, read in one transaction so the copy is consistent."""
    rows = 0
    chosen = backed_up_models()
    outermost = not connection.in_atomic_block
    # Written beside the target and renamed at the end: a failed backup leaves no half file.
    partial = path.with_name(path.name + ".partial")
    with transaction.atomic(), _open(partial, "w", compressed=path.name.endswith(".gz")) as out:
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every table, while others go on writing.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        header = {
            "format": FORMAT,
            "version": VERSION,
            "written": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "migrations": applied_migrations(),
            "tables": {m._meta.label_lower: [f.attname for f in _columns(m)] for m in chosen},
        }
        out.write(json.dumps(header) + "\n")
        for model in chosen:
            names = [f.attname for f in _columns(model)]
            chunk: list[list[Any]] = []
            query = model._base_manager.order_by("pk").values_list(*names)
            for row in query.iterator(chunk_size=CHUNK):
                chunk.append([_encode(v) for v in row])
                if len(chunk) == CHUNK:
                    out.write(json.dumps({"model": model._meta.label_lower, "rows": chunk}) + "\n")
                    rows += len(chunk)
                    chunk = []
            if chunk:
                out.write(json.dumps({"model": model._meta.label_lower, "rows": chunk}) + "\n")
                rows += len(chunk)
    partial.replace(path)
    return Summary(tables=len(chosen), rows=rows)


def _read_header(lines: Iterator[str], path: Path) -> dict[str, Any]:
    try:
        header = json.loads(next(lines))
    except (StopIteration, json.JSONDecodeError, UnicodeDecodeError, OSError) as error:
        raise BackupRefused(f"{path}: not a Convoy backup ({error or 'empty file'}).") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupRefused(f"{path}: not a Convoy backup (no '{FORMAT}' header).")
    if header.get("version") != VERSION:
        raise BackupRefused(
            f"{path}: backup format version {header.get('version')}; this Convoy reads "
            f"version {VERSION}."
        )
    return header


def check_schema(header: dict[str, Any], path: Path) -> None:
    theirs, ours = set(header.get("migrations", [])), set(applied_migrations())
    if newer := sorted(theirs - ours):
        raise BackupRefused(
            f"{path} comes from a newer schema: its database had {len(newer)} migration(s) this "
            f"one has not ({', '.join(newer[:5])}{', ...' if len(newer) > 5 else ''}). Upgrade "
            "Convoy and run `convoy migrate`, then restore."
        )
    if older := sorted(ours - theirs):
        raise BackupRefused(
            f"{path} comes from an older schema: this database has {len(older)} migration(s) it "
            f"had not ({', '.join(older[:5])}{', ...' if len(older) > 5 else ''}). Restore it "
            "with the Convoy version that wrote it, then upgrade with `convoy migrate`."
        )


def restore_backup(path: Path) -> Summary:
    """Replace every table's rows with the file's, in one transaction."""
    by_label = {m._meta.label_lower: m for m in backed_up_models()}
    try:
        source = _open(path, "r")
    except OSError as error:
        raise BackupRefused(f"{path}: {error.strerror}.") from None
    with source:
        lines = iter(source)
        header = _read_header(lines, path)
        check_schema(header, path)
        for label, names in header["tables"].items():
            model = by_label.get(label)
            if model is None or [f.attname for f in _columns(model)] != names:
                raise BackupRefused(f"{path}: table {label} does not match this database.")
        try:
            rows = _replace_rows(path, lines, by_label)
        except IntegrityError as error:
            raise BackupRefused(f"{path}: its rows do not fit together ({error}).") from None
    ContentType.objects.clear_cache()
    return Summary(tables=len(header["tables"]), rows=rows)


@contextmanager
def _stamps_kept(fields: list[models.Field]) -> Iterator[None]:
    """Inserts keep the file's `auto_now` and `auto_now_add` times instead of taking the clock's."""
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add",
                                                                           False)]
    saved = [(f.auto_now, f.auto_now_add) for f in stamped]
    for f in stamped:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (now, now_add) in zip(stamped, saved, strict=True):
            f.auto_now, f.auto_now_add = now, now_add


def _replace_rows(path: Path, lines: Iterator[str], by_label: dict[str, Any]) -> int:
    """Empty every table and fill it from the file, in one transaction (the guard on the audit
    table lifted only inside it); the foreign keys are checked when it commits."""
    rows = 0
    with transaction.atomic(), auditguard.guard_lifted(connection):
        with connection.cursor() as cursor:
            for sql in sql_flush(no_style(), connection, reset_sequences=False,
                                 allow_cascade=True):
                cursor.execute(sql)
        for number, line in enumerate(lines, start=2):
            try:
                block = json.loads(line)
                model = by_label[block["model"]]
            except (json.JSONDecodeError, KeyError, TypeError):
                raise BackupRefused(f"{path}, line {number}: not a block of rows.") from None
            fields = _columns(model)
            objects = [
                model(**{f.attname: _decode(f, v) for f, v in zip(fields, row, strict=True)})
                for row in block["rows"]
            ]
            with _stamps_kept(fields):
                model._base_manager.bulk_create(objects)
            rows += len(objects)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(by_label.values())):
                cursor.execute(sql)
    return rows
