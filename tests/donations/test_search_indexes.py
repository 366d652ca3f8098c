"""On PostgreSQL a search of pledge codes and notes is answered from trigram indexes, not by
reading every pledge (the migration creates pg_trgm and the indexes on the searched expression)."""

import pytest
from django.db import connection

from convoy.donations.models import Pledge
from tests.donations.factories import PledgeFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL"),
]


def test_the_trigram_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'donations_pledge'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"pledge_code_trgm", "pledge_notes_trgm"} <= names


def test_a_code_search_can_use_its_index():
    for n in range(30):
        PledgeFactory(code=f"P-TRGM-{n:04d}")
    sql, params = Pledge.objects.filter(code__icontains="TRGM-0012").values("pk").query \
        .sql_with_params()
    with connection.cursor() as cursor:
        # A small table: make the choice visible. Plain index scans are off too, or a scan of
        # any index in full (filtering each row) may look as cheap as the trigram lookup.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "pledge_code_trgm" in plan, plan
