"""Every record type exports to CSV and XLSX and imports again with nothing changed; one edited
cell is exactly one update with its audit record."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model

from convoy.core import audit
from convoy.core.models import AuditRecord
from convoy.donations.models import Pledge
from convoy.intake.spreadsheets import exporter
from convoy.intake.spreadsheets.importer import import_file
from convoy.intake.spreadsheets.registry import SHEET_TYPES, sheet_type


def coordinator():
    return get_user_model().objects.get(username="coordinator")


def exported(name, fmt, actor=None, hxl=False, filters=()):
    kind = sheet_type(name)
    cells = exporter.rows(kind, exporter.records(kind, actor, filters))
    if fmt == "xlsx":
        out = io.BytesIO()
        exporter.write_xlsx(kind, cells, out, hxl=hxl)
        return io.BytesIO(out.getvalue())
    text = io.StringIO()
    exporter.write_csv(kind, cells, text, hxl=hxl)
    return io.BytesIO(text.getvalue().encode())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", list(SHEET_TYPES))
def test_untouched_export_imports_unchanged(demo, db, name, fmt):
    kind = sheet_type(name)
    count = kind.model.objects.count()
    assert count, f"the demo holds no {name}"
    before = AuditRecord.objects.count()
    outcome = import_file(kind, exported(name, fmt, hxl=fmt == "xlsx"), f"{name}.{fmt}",
                          actor=coordinator())
    assert list(outcome.messages()) == []
    assert outcome.summary == f"created 0, updated 0, unchanged {count}, errors 0"
    assert AuditRecord.objects.count() == before


def _edited_csv(file, row_index, column, value):
    rows = list(csv.reader(io.StringIO(file.getvalue().decode("utf-8-sig"))))
    rows[row_index][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return io.BytesIO(out.getvalue().encode()), rows[row_index][0]


def test_one_edited_cell_is_one_update_with_its_audit_record(demo, db):
    pledge = Pledge.objects.filter(status="announced").order_by("pk").first()
    file = exported("pledges", "csv", filters=[f"code={pledge.code}"])
    edited, code = _edited_csv(file, 1, "quantity", str(pledge.quantity + 1))
    assert code == pledge.code
    outcome = import_file(sheet_type("pledges"), edited, "pledges.csv", actor=coordinator())
    assert outcome.summary == "created 0, updated 1, unchanged 0, errors 0", list(
        outcome.messages())
    assert outcome.rows[0].changes == [("quantity", str(pledge.quantity),
                                        str(pledge.quantity + 1))]
    pledge.refresh_from_db()
    record = audit.history(pledge).filter(source="import").get()
    assert record.action == "update"
    assert record.origin_file == "pledges.csv"
    assert record.origin_checksum == outcome.checksum and len(outcome.checksum) == 64
    assert record.changes == {"quantity": (pledge.quantity - 1, pledge.quantity)}
