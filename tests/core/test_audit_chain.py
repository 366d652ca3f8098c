"""The audit trail is immutable in the database and chained by hashes: tries to break it."""

import json
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from convoy.core import auditchain, auditguard
from convoy.core.models import AuditRecord, Nation
from convoy.core.services import create_record, update_record
from tests.concurrency import race
from tests.core.factories import member


@pytest.fixture
def coordinator(db):
    return member("coordinator")


@pytest.fixture
def three_records(coordinator):
    nation = create_record(actor=coordinator, model=Nation, code="EST", name="Estonia", kind="ally")
    update_record(actor=coordinator, obj=nation, name="Republic of Estonia")
    create_record(actor=coordinator, model=Nation, code="LVA", name="Latvia", kind="ally")
    return list(AuditRecord.objects.order_by("id"))


def refused(sql: str, params=()) -> str:
    """Run SQL that the database must refuse; the error's text."""
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)
    return str(error.value)


def verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue().strip()


def test_each_record_carries_the_hash_of_the_one_before(three_records):
    first, second, third = three_records
    earlier = AuditRecord.objects.filter(pk__lt=first.pk).order_by("-pk").first()
    assert first.prev_hash == (earlier.hash if earlier else auditchain.GENESIS)
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({r.hash for r in three_records}) == 3


def test_verify_passes_on_an_untouched_chain(three_records):
    assert verify() == f"audit chain verified: {AuditRecord.objects.count()} records"


def test_database_refuses_update(three_records):
    target = three_records[1]
    message = refused(
        "UPDATE core_auditrecord SET summary = %s WHERE id = %s", ["tampered", target.pk]
    )
    assert auditguard.MESSAGE in message
    assert AuditRecord.objects.get(pk=target.pk).summary == target.summary


def test_database_refuses_delete(three_records):
    message = refused("DELETE FROM core_auditrecord WHERE id = %s", [three_records[0].pk])
    assert auditguard.MESSAGE in message
    message = refused("DELETE FROM core_auditrecord")
    assert auditguard.MESSAGE in message
    assert AuditRecord.objects.count() == len(three_records)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_database_refuses_truncate(three_records):
    with connection.cursor() as cursor:  # the test's own pending foreign-key checks first
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert auditguard.MESSAGE in refused("TRUNCATE core_auditrecord CASCADE")
    assert AuditRecord.objects.count() == len(three_records)


def test_loaddata_cannot_overwrite_a_record(three_records, tmp_path):
    target = three_records[0]
    fixture = tmp_path / "forged.json"
    forged = {
        "model": "core.auditrecord",
        "pk": target.pk,
        "fields": {
            "at": target.at.isoformat(), "actor": None, "source": "cli", "action": "create",
            "content_type": target.content_type_id, "object_id": target.object_id,
            "object_repr": "Forged", "summary": "", "before": None, "after": None,
            "prev_hash": target.prev_hash, "hash": target.hash,
        },
    }
    fixture.write_text(json.dumps([forged]))
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        call_command("loaddata", str(fixture), verbosity=0)
    assert auditguard.MESSAGE in str(error.value)
    assert AuditRecord.objects.get(pk=target.pk).object_repr == target.object_repr


def tamper(sql: str, params) -> None:
    """What someone with the database owner's rights could still do: lift the guard and write."""
    with auditguard.guard_lifted(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_names_a_tampered_record(three_records):
    target = three_records[1]
    tamper("UPDATE core_auditrecord SET summary = %s WHERE id = %s", ["tampered", target.pk])
    with pytest.raises(CommandError) as error:
        verify()
    assert error.value.returncode == 2
    assert f"audit record {target.pk} is broken" in str(error.value)
    assert "contents" in str(error.value)


def test_verify_names_the_record_after_a_removed_one(three_records):
    tamper("DELETE FROM core_auditrecord WHERE id = %s", [three_records[1].pk])
    with pytest.raises(CommandError) as error:
        verify()
    assert f"audit record {three_records[2].pk} is broken" in str(error.value)
    assert "link" in str(error.value)


def test_verify_names_a_forged_record_appended_with_a_made_up_hash(three_records):
    last = three_records[-1]
    forged = AuditRecord.objects.create(
        at=last.at, content_type=last.content_type, object_id="1", object_repr="Forged",
        source="cli", action="create", prev_hash=last.hash, hash="f" * 64,
    )
    with pytest.raises(CommandError) as error:
        verify()
    assert f"audit record {forged.pk} is broken" in str(error.value)


def test_guard_is_back_after_it_was_lifted(three_records):
    tamper("UPDATE core_auditrecord SET summary = summary WHERE id = %s", [three_records[0].pk])
    assert auditguard.MESSAGE in refused(
        "DELETE FROM core_auditrecord WHERE id = %s", [three_records[0].pk]
    )


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_trail_and_keeps_the_guard():
    coordinator = member("coordinator")
    create_record(actor=coordinator, model=Nation, code="LTU", name="Lithuania", kind="ally")
    assert AuditRecord.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditRecord.objects.exists()
    coordinator = member("coordinator")
    create_record(actor=coordinator, model=Nation, code="LTU", name="Lithuania", kind="ally")
    assert auditguard.MESSAGE in refused("DELETE FROM core_auditrecord")
    assert verify() == "audit chain verified: 1 records"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_concurrent_writers_keep_one_line(monkeypatch):
    """Four writers at once: each reads the last hash slowly; without the lock they would all
    name the same predecessor and the chain would fork."""
    read = auditchain.last_hash

    def read_slowly():
        value = read()
        time.sleep(0.2)
        return value

    monkeypatch.setattr(auditchain, "last_hash", read_slowly)
    coordinator = member("coordinator")

    def creating(code):
        return lambda: create_record(
            actor=coordinator, model=Nation, code=code, name=f"Nation {code}", kind="ally"
        )

    outcomes = race(*(creating(code) for code in ("AAA", "BBB", "CCC", "DDD")))
    assert all(isinstance(o, Nation) for o in outcomes), outcomes
    prevs = list(AuditRecord.objects.values_list("prev_hash", flat=True))
    assert len(prevs) == len(set(prevs))
    assert verify() == f"audit chain verified: {AuditRecord.objects.count()} records"
