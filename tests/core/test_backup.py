"""`convoy backup` and `convoy restore`: an exact round trip, refused for another schema."""

import gzip
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from convoy.core import backup
from convoy.core.models import AuditRecord, Nation
from convoy.core.services import create_record, update_record
from tests.core.factories import member


def every_row() -> dict[str, list[tuple]]:
    return {
        m._meta.label_lower: list(m._base_manager.order_by("pk").values_list(
            *[f.attname for f in m._meta.concrete_fields]))
        for m in backup.backed_up_models()
    }


@pytest.fixture
def world(db):
    coordinator = member("coordinator")
    nation = create_record(actor=coordinator, model=Nation, code="EST", name="Estonia", kind="ally",
                           gdp_usd=41_000_000_000)
    update_record(actor=coordinator, obj=nation, name="Republic of Estonia")
    return coordinator


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.parametrize("name", ["convoy.jsonl", "convoy.jsonl.gz"])
def test_round_trip_is_exact_to_the_microsecond(world, tmp_path, name):
    path = tmp_path / name
    before = every_row()
    assert any(r.at.microsecond for r in AuditRecord.objects.all())
    printed = run("backup", "-o", str(path))
    assert printed.startswith(f"backup written to {path}: ")
    # Changes made after the backup are undone by the restore; nothing else changes.
    create_record(actor=world, model=Nation, code="LVA", name="Latvia", kind="ally")
    Nation.objects.filter(code="EST").update(name="changed behind the services")
    printed = run("restore", str(path))
    assert printed.endswith(f"audit chain verified: {AuditRecord.objects.count()} records")
    assert every_row() == before
    assert run("audit", "verify").startswith("audit chain verified")


def test_restored_database_takes_new_records_after_the_old_ids(world, tmp_path):
    path = tmp_path / "convoy.jsonl"
    run("backup", "-o", str(path))
    last_id = AuditRecord.objects.order_by("-id").first().pk
    run("restore", str(path))
    create_record(actor=world, model=Nation, code="LTU", name="Lithuania", kind="ally")
    assert AuditRecord.objects.order_by("-id").first().pk > last_id
    assert run("audit", "verify").startswith("audit chain verified")


def rewrite_header(path, change):
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    change(header)
    path.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")


def test_file_from_a_newer_schema_is_refused_and_nothing_changes(world, tmp_path):
    path = tmp_path / "convoy.jsonl"
    run("backup", "-o", str(path))
    rewrite_header(path, lambda h: h["migrations"].append("core.9999_from_the_future"))
    create_record(actor=world, model=Nation, code="LVA", name="Latvia", kind="ally")
    before = every_row()
    with pytest.raises(CommandError) as error:
        run("restore", str(path))
    assert error.value.returncode == 2
    assert "comes from a newer schema" in str(error.value)
    assert "core.9999_from_the_future" in str(error.value)
    assert "Nothing was changed" in str(error.value)
    assert every_row() == before


def test_file_from_an_older_schema_is_refused(world, tmp_path):
    path = tmp_path / "convoy.jsonl"
    run("backup", "-o", str(path))
    rewrite_header(path, lambda h: h["migrations"].remove("core.0004_audit_chain"))
    with pytest.raises(CommandError) as error:
        run("restore", str(path))
    assert "older schema" in str(error.value) and "core.0004_audit_chain" in str(error.value)


@pytest.mark.parametrize("content", [b"", b"not json\n", b'{"format": "something else"}\n'])
def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path, content):
    path = tmp_path / "other.jsonl"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run("restore", str(path))
    assert error.value.returncode == 2
    assert "not a Convoy backup" in str(error.value)


def test_a_missing_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError) as error:
        run("restore", str(tmp_path / "missing.jsonl"))
    assert error.value.returncode == 2


def test_backup_into_a_missing_folder_is_refused(db, tmp_path):
    with pytest.raises(CommandError) as error:
        run("backup", "-o", str(tmp_path / "no" / "such.jsonl"))
    assert error.value.returncode == 2


@pytest.mark.django_db(transaction=True)
def test_rows_that_do_not_fit_together_leave_the_database_as_it_was(tmp_path):
    coordinator = member("coordinator")
    create_record(actor=coordinator, model=Nation, code="EST", name="Estonia", kind="ally")
    path = tmp_path / "convoy.jsonl.gz"
    run("backup", "-o", str(path))
    with gzip.open(path, "rt") as source:
        lines = source.read().splitlines()
    # Drop the users: memberships and audit records then name accounts that do not exist.
    kept = [line for line in lines if '"model": "auth.user"' not in line]
    assert len(kept) < len(lines)
    with gzip.open(path, "wt") as out:
        out.write("\n".join(kept) + "\n")
    before = every_row()
    with pytest.raises(CommandError) as error:
        run("restore", str(path))
    assert "do not fit together" in str(error.value)
    assert every_row() == before
