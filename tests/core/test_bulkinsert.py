"""Many rows at once (COPY on PostgreSQL, bulk_create elsewhere): each object gets its id, in
order, the rows read back as given, the database's constraints hold, and audit records written
in batches keep one unbroken chain."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from convoy.core import audit, auditchain, bulkinsert
from convoy.core.models import AuditRecord, Nation
from convoy.donations.models import Pledge
from tests.core.factories import member
from tests.donations.factories import PledgeFactory

#: Text that COPY's format must escape: separators, line ends, backslashes, quotes, NUL-free.
NOTES = 'bulk, with a comma\tand a tab\nand a line \\N "quoted" \\ back\\slash, ünïcode'


def test_each_object_gets_its_id_in_order_and_reads_back_as_given(db):
    nations = bulkinsert.insert_many(Nation, [
        Nation(code=code, name=f"Nation {code}", kind="ally") for code in ("AAB", "AAC", "AAD")])
    ids = [n.pk for n in nations]
    assert None not in ids and ids == sorted(ids)
    assert not any(n._state.adding for n in nations)
    stored = {n.pk: (n.code, n.name, n.kind) for n in Nation.objects.filter(pk__in=ids)}
    assert stored == {n.pk: (n.code, n.name, "ally") for n in nations}


def test_dates_decimals_and_references_read_back_as_given(db):
    model = PledgeFactory()
    pledge, = bulkinsert.insert_many(Pledge, [Pledge(
        code="BULK-1", donor=model.donor, item=model.item, origin=model.origin, quantity=7,
        available_from=date(2026, 3, 1), announced_on=date(2026, 1, 15),
        value_eur=Decimal("1234.50"), notes=NOTES)])
    stored = Pledge.objects.get(pk=pledge.pk)
    assert (stored.code, stored.donor_id, stored.item_id, stored.origin_id, stored.quantity) == (
        "BULK-1", model.donor_id, model.item_id, model.origin_id, 7)
    assert (stored.available_from, stored.announced_on, stored.value_eur, stored.notes) == (
        date(2026, 3, 1), date(2026, 1, 15), Decimal("1234.50"), NOTES)
    assert audit.snapshot(stored) == audit.snapshot(pledge)


def test_a_repeated_unique_value_is_refused_by_the_database(db):
    Nation.objects.create(code="AAE", name="First", kind="ally")
    with pytest.raises(IntegrityError), transaction.atomic():
        bulkinsert.insert_many(Nation, [Nation(code="AAE", name="Again", kind="ally")])
    assert Nation.objects.filter(code="AAE").count() == 1


def test_audit_records_in_many_batches_keep_one_chain(db, monkeypatch):
    monkeypatch.setattr(bulkinsert, "BATCH", 2)
    coordinator = member("coordinator")
    nations = bulkinsert.insert_many(Nation, [
        Nation(code=code, name=f"Nation {code}", kind="ally") for code in ("ABA", "ABB", "ABC",
                                                                          "ABD", "ABE")])
    saved = audit.record_many(
        {"actor": coordinator, "action": "create", "obj": nation, "before": {"note": NOTES},
         "after": audit.snapshot(nation), "summary": NOTES} for nation in nations)
    assert saved == 5
    chained = list(AuditRecord.objects.order_by("-id")[:5])[::-1]
    assert [r.object_id for r in chained] == [str(n.pk) for n in nations]
    assert (chained[0].before, chained[0].summary) == ({"note": NOTES}, NOTES)
    assert auditchain.first_break()[1] is None
