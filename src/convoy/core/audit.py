"""The audit trail: every write records who, when, from where, and the values before and after.

The source (ui, api, admin, cli, import, demo, system) comes from a context variable that each
interface sets once, so services do not need to be told where a call came from.
"""

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from convoy.core import auditchain, bulkinsert
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
    """The one place audit records are written: each is chained to the one before it."""
    with transaction.atomic():
        auditchain.lock_chain()
        audit_record = _chained(
            _fields(actor=actor, action=action, obj=obj, before=before, after=after,
                    summary=summary),
            auditchain.last_hash(),
        )
        audit_record.save()
    return audit_record


def record_many(entries: Iterable[dict[str, Any]]) -> int:
    """The audit records of a bulk write (each entry the keyword arguments of `record`),
    chained in order and saved in batches; how many were saved."""
    count = 0
    with transaction.atomic():
        auditchain.lock_chain()
        prev_hash = auditchain.last_hash()
        batch: list[AuditRecord] = []
        for entry in entries:
            audit_record = _chained(_fields(**entry), prev_hash)
            prev_hash = audit_record.hash
            batch.append(audit_record)
            if len(batch) == bulkinsert.BATCH:
                count += len(bulkinsert.insert_many(AuditRecord, batch))
                batch = []
        count += len(bulkinsert.insert_many(AuditRecord, batch))
    return count


def _fields(*, actor: Any, action: str, obj: models.Model, before: dict[str, Any] | None,
            after: dict[str, Any] | None, summary: str = "") -> dict[str, Any]:
    file_name, checksum = _origin.get()
    return {
        "actor_id": actor.pk if getattr(actor, "pk", None) else None,
        "source": current_source(),
        "action": action,
        "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=True),
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:200],
        "summary": summary[:200],
        # As they will read back from the database, so that the hash matches what is stored.
        "before": _as_stored(before),
        "after": _as_stored(after),
        "origin_file": file_name,
        "origin_checksum": checksum,
    }


def _chained(fields: dict[str, Any], prev_hash: str) -> AuditRecord:
    at = timezone.now()
    content_type = fields["content_type"]
    hashed = {k: v for k, v in fields.items() if k != "content_type"}
    digest = auditchain.record_hash(
        prev_hash=prev_hash, at=at,
        content_type=f"{content_type.app_label}.{content_type.model}", **hashed)
    return AuditRecord(at=at, prev_hash=prev_hash, hash=digest, **fields)


def _as_stored(value: dict[str, Any] | None) -> Any:
    if value is None:
        return None
    if not _is_json(value):  # a snapshot is JSON data already: no round trip through text
        value = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return auditchain.canonical_json(value)


def _is_json(value: Any) -> bool:
    """Whether `value` is made only of what `json.loads` returns (objects with text keys, lists,
    text, numbers, booleans, null; tuples read back as lists, which `canonical_json` makes of
    them too), so that a round trip through JSON text would not change it."""
    kind = type(value)
    if kind in auditchain.PLAIN or kind is float:
        return True
    if kind is dict:
        return all(type(k) is str and _is_json(v) for k, v in value.items())
    if kind is list or kind is tuple:
        return all(_is_json(v) for v in value)
    return False


def history(obj: models.Model) -> models.QuerySet[AuditRecord]:
    return AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
    ).select_related("actor")


#: The interfaces a write can come through, as a record's history names them (translated when
#: shown: the trail stores the code).
SOURCE_NAMES = [
    gettext_noop("ui"),
    gettext_noop("api"),
    gettext_noop("admin"),
    gettext_noop("cli"),
    gettext_noop("import"),
    gettext_noop("demo"),
    gettext_noop("system"),
    gettext_noop("test"),
]
