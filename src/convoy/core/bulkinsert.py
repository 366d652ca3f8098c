"""Many new rows of one table at once, as `bulk_create` would insert them, each object given its
id.

On PostgreSQL the rows go in with COPY, the ids drawn from the table's sequence first: psycopg
quotes the arrays of `bulk_create`'s INSERT ... UNNEST value by value in Python, which costs
about eight times the CPU of COPY, and a 50,000-row import writes two rows (record and audit
record) per line of its file. The values are Django's own (`pre_save`, `get_db_prep_save`), and
the database checks the table's constraints and triggers as for any insert. Elsewhere, and for
what COPY cannot take (database defaults, generated columns, expressions), `bulk_create`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import connections, models, router
from django.db.models.fields import NOT_PROVIDED

M = TypeVar("M", bound=models.Model)

BATCH = 1000


def insert_many(model: type[M], objs: Sequence[M]) -> list[M]:
    """Insert `objs` (new objects of `model`) and return them, each with its id set."""
    objs = list(objs)
    if not objs:
        return objs
    using = router.db_for_write(model)
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
    if connection.vendor != "postgresql" or not _copyable(model, fields, objs):
        return model._base_manager.using(using).bulk_create(objs, batch_size=BATCH)
    with connection.wrap_database_errors:  # IntegrityError and the like, as from the ORM
        for start in range(0, len(objs), BATCH):
            _copy(model, fields, objs[start:start + BATCH], connection)
    return objs


def _copyable(model: type[models.Model], fields: list[models.Field],
              objs: list[models.Model]) -> bool:
    return (not model._meta.parents
            and all(f.db_default is NOT_PROVIDED for f in fields)
            and not any(hasattr(getattr(obj, f.attname), "resolve_expression")
                        for obj in objs for f in fields))


def _copy(model: type[M], fields: list[models.Field], objs: list[M], connection) -> None:
    pk = model._meta.pk
    table = connection.ops.quote_name(model._meta.db_table)
    new = [obj for obj in objs if obj.pk is None]
    with connection.cursor() as cursor:
        if new:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, len(new)])
            for obj, (value,) in zip(new, sorted(cursor.fetchall()), strict=True):
                setattr(obj, pk.attname, value)  # in order: audit records chain by id
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection)
                                for f in fields])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
