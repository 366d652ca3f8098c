"""What a record type's spreadsheet is: its columns, the key rows are matched by, and the
services that create, change and step its records."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import models

from convoy.core.services import create_record, update_record
from convoy.intake.spreadsheets.columns import BoundColumn, Column

Create = Callable[..., models.Model]
Update = Callable[..., models.Model]


@dataclass(frozen=True)
class Step:
    """A lifecycle step a file may ask for: `run(actor, obj, on)`, `on` read from `stamp`."""

    run: Callable[[Any, Any, Any], Any]
    stamp: str | None = None


@dataclass(frozen=True)
class SheetType:
    """A record type as a spreadsheet.

    `key` is the column rows are matched by: the record's code, or "id" for records without one
    (an empty id is a new record). `create(actor, **fields)` and `update(actor, obj, **changes)`
    call the app's services; `create_many(actor, rows, known_references, write)` is the bulk
    path of the same rules for large files (`write=False`: check only, for a preview).
    `steps` maps a status to the step that reaches it.
    """

    name: str
    model: type[models.Model]
    columns: Sequence[Column]
    title: str
    key: str = "code"
    create: Create | None = None
    update: Update | None = None
    create_many: Callable[..., list[models.Model]] | None = None
    steps: Mapping[str, Step] = field(default_factory=dict)
    status_field: str | None = None

    @cached_property
    def bound(self) -> list[BoundColumn]:
        columns = list(self.columns)
        if self.key == "id":
            columns.insert(0, Column("id", "#meta+id", writable=False))
        return [BoundColumn(c, self.model._meta.get_field(c.field)) for c in columns]

    @cached_property
    def by_name(self) -> dict[str, BoundColumn]:
        return {c.name.lower(): c for c in self.bound}

    @cached_property
    def by_hxl(self) -> dict[str, BoundColumn]:
        return {c.column.hxl.lower(): c for c in self.bound}

    def key_column(self) -> BoundColumn:
        return self.by_name[self.key]

    def do_create(self, actor: Any, fields: dict[str, Any]) -> models.Model:
        if self.create is None:
            return create_record(actor=actor, model=self.model, **fields)
        return self.create(actor, **fields)

    def do_update(self, actor: Any, obj: models.Model, changes: dict[str, Any]) -> models.Model:
        if self.update is None:
            return update_record(actor=actor, obj=obj, **changes)
        return self.update(actor, obj, **changes)
