"""`convoy demo` refuses cleanly when records made by hand clash with the demo's."""

import pytest
from django.core.management import CommandError, call_command

from convoy.core.models import AuditRecord, Nation
from convoy.manning.models import Post


def test_demo_that_clashes_with_existing_records_writes_nothing(db):
    Nation.objects.create(code="XDE", name="Germany", kind=Nation.Kind.ALLY)

    with pytest.raises(CommandError, match="nothing was written"):
        call_command("demo")

    assert list(Nation.objects.values_list("code", flat=True)) == ["XDE"]
    assert not Post.objects.exists()
    assert not AuditRecord.objects.filter(source="demo").exists()
