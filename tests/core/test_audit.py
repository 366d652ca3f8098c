"""Every write leaves an audit record that nobody can change or delete."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from convoy.core.audit import audit_source, history
from convoy.core.models import AuditRecord, Nation
from convoy.core.services import create_record, delete_record, update_record
from tests.core.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return member("coordinator")


def test_create_update_delete_are_audited_with_before_and_after(coordinator):
    with audit_source("cli"):
        nation = create_record(
            actor=coordinator, model=Nation, code="EST", name="Estonia", kind="ally"
        )
        update_record(actor=coordinator, obj=nation, name="Republic of Estonia")
    records = list(history(nation).order_by("id"))
    assert [r.action for r in records] == ["create", "update"]
    assert records[0].before is None and records[0].after["code"] == "EST"
    assert records[1].changes == {"name": ("Estonia", "Republic of Estonia")}
    assert {r.source for r in records} == {"cli"}
    assert records[1].actor == coordinator
    pk = nation.pk
    delete_record(actor=coordinator, obj=nation)
    last = AuditRecord.objects.filter(object_id=str(pk), action="delete").get()
    assert last.after is None and last.before["name"] == "Republic of Estonia"


def test_audit_records_cannot_be_changed_or_deleted(coordinator):
    nation = create_record(actor=coordinator, model=Nation, code="LVA", name="Latvia", kind="ally")
    record = history(nation).get()
    record.summary = "tampered"
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    with pytest.raises(PermissionError):
        AuditRecord.objects.filter(pk=record.pk).update(summary="tampered")
    with pytest.raises(PermissionError):
        AuditRecord.objects.all().delete()
    assert AuditRecord.objects.get(pk=record.pk).summary == ""


def test_refused_write_leaves_nothing(coordinator):
    viewer = member("viewer")
    before = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        create_record(actor=viewer, model=Nation, code="LTU", name="Lithuania", kind="ally")
    assert not Nation.objects.filter(code="LTU").exists()
    assert AuditRecord.objects.count() == before


def test_invalid_write_names_the_field_and_leaves_nothing(coordinator):
    before = AuditRecord.objects.count()
    with pytest.raises(ValidationError) as error:
        create_record(actor=coordinator, model=Nation, code="lt", name="Lithuania", kind="ally")
    assert "code" in error.value.message_dict
    assert AuditRecord.objects.count() == before
