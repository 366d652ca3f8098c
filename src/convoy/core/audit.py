"""The audit trail: every write records who, when, from where, and the values before and after.

The source (ui, api, admin, cli, import, demo, system) comes from a context variable that each
interface sets once, so services do not need to be told where a call came from.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from convoy.core.models import AuditRecord

M = TypeVar("M", bound=models.Model)

_source: ContextVar[str] = ContextVar("convoy_audit_source", default="system")
#: (file name, SHA-256) of the file the current writes come from, or ("", "").
_origin: ContextVar[tuple[str, str]] = ContextVar("convoy_audit_origin", default=("", ""))


@contextmanager
def audit_source(name: str) -> Iterator[None]:
    token = _source.set(name)
    try:
        yield
    finally:
        _source.reset(token)


def current_source() -> str:
    return _source.get()


@contextmanager
def audit_origin(file_name: str, checksum: str) -> Iterator[None]:
    """Writes inside this block came from `file_name` (an imported file) with this checksum."""
    token = _origin.set((file_name[:255], checksum))
    try:
        yield
    finally:
        _origin.reset(token)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's values as JSON-safe data (foreign keys as ids, many-to-many as id lists)."""
    data: dict[str, Any] = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    if obj.pk is not None and not obj._state.adding:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def stored_version(obj: M) -> M | None:
    """The object as it is in the database now (None for a new object)."""
    if obj.pk is None or obj._state.adding:
        return None
    return type(obj)._base_manager.filter(pk=obj.pk).first()


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    summary: str = "",
) -> AuditRecord:
    audit_record = unsaved(actor=actor, action=action, obj=obj, before=before, after=after,
                           summary=summary)
    audit_record.save()
    return audit_record


def unsaved(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    summary: str = "",
) -> AuditRecord:
    """The audit record of one write, not saved yet (bulk writes save theirs in one batch)."""
    file_name, checksum = _origin.get()
    return AuditRecord(
        actor=actor if getattr(actor, "pk", None) else None,
        source=current_source(),
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        summary=summary[:200],
        before=before,
        after=after,
        origin_file=file_name,
        origin_checksum=checksum,
    )


def record_many(records: list[AuditRecord]) -> None:
    """Save the audit records of a bulk write in batches."""
    AuditRecord.objects.bulk_create(records, batch_size=1000)


def history(obj: models.Model) -> models.QuerySet[AuditRecord]:
    return AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
    ).select_related("actor")
