"""The audit trail as a hash chain: each record carries the hash of the one before it.

A record's hash covers its own contents and its predecessor's hash, so changing, removing or
inserting a record anywhere breaks every link after it, and `convoy audit verify` names the first
record whose link does not hold. Records are chained in id order; writers take one lock (on
PostgreSQL an advisory lock held until their transaction ends, on SQLite the database's own write
lock) so that the chain stays a single line when several processes write at once.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection

#: The hash a chain's first record names as its predecessor.
GENESIS = "0" * 64
#: Key of the PostgreSQL advisory lock that writers of audit records hold (any fixed number).
_CHAIN_LOCK_KEY = 4_207_310_911


#: Values `canonical_json` leaves as they are, by exact type: tested before a call, they spare
#: a 50,000-row import a call per value (a subclass takes the long way, to the same result).
PLAIN = frozenset({str, int, bool, type(None)})


def canonical_json(value: Any) -> Any:
    """JSON data as it reads back from any database: integral floats become integers (PostgreSQL's
    jsonb turns 1e20 into 100000000000000000000), everything else unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): v if type(v) in PLAIN else canonical_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [v if type(v) in PLAIN else canonical_json(v) for v in value]
    return value


def record_hash(
    *,
    prev_hash: str,
    at: datetime,
    actor_id: int | None,
    source: str,
    action: str,
    content_type: str,
    object_id: str,
    object_repr: str,
    summary: str,
    before: Any,
    after: Any,
    origin_file: str = "",
    origin_checksum: str = "",
) -> str:
    """SHA-256 of a record's contents and its predecessor's hash (`content_type` as app.model, so
    the hash does not depend on content type ids)."""
    payload = {
        "prev": prev_hash,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor_id,
        "source": source,
        "action": action,
        "content_type": content_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "summary": summary,
        "before": canonical_json(before),
        "after": canonical_json(after),
    }
    if origin_file or origin_checksum:  # imported: the file is part of what the hash guards
        payload["origin"] = [origin_file, origin_checksum]
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def lock_chain() -> None:
    """Make this transaction the only one appending to the chain until it ends.

    SQLite transactions here start IMMEDIATE, holding the database's write lock already.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def last_hash() -> str:
    from convoy.core.models import AuditRecord

    last = AuditRecord.objects.order_by("-id").values_list("hash", flat=True).first()
    return last or GENESIS


@dataclass(frozen=True)
class Break:
    """The first record whose link does not hold, and why."""

    record_id: int
    reason: str


def first_break(chunk_size: int = 2000) -> tuple[int, Break | None]:
    """Walk the whole chain in id order: how many records it holds, and its first break."""
    from django.contrib.contenttypes.models import ContentType

    from convoy.core.models import AuditRecord

    labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    expected_prev = GENESIS
    count = 0
    for rec in _in_id_order(AuditRecord, chunk_size):
        count += 1
        if rec.prev_hash != expected_prev:
            return count, Break(rec.pk, "its link does not name the record before it")
        computed = record_hash(
            prev_hash=rec.prev_hash,
            at=rec.at,
            actor_id=rec.actor_id,
            source=rec.source,
            action=rec.action,
            content_type=labels.get(rec.content_type_id, str(rec.content_type_id)),
            object_id=rec.object_id,
            object_repr=rec.object_repr,
            summary=rec.summary,
            before=rec.before,
            after=rec.after,
            origin_file=rec.origin_file,
            origin_checksum=rec.origin_checksum,
        )
        if computed != rec.hash:
            return count, Break(rec.pk, "its contents do not match its hash")
        expected_prev = rec.hash
    return count, None


def _in_id_order(model, chunk_size: int) -> Iterator[Any]:
    """Records in id order, a chunk at a time (keyset pagination, no long-lived cursor)."""
    last_id = 0
    while True:
        chunk = list(model.objects.filter(pk__gt=last_id).order_by("pk")[:chunk_size])
        if not chunk:
            return
        yield from chunk
        last_id = chunk[-1].pk
