"""Assertions shared by the training, funding, development and manning tests."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models

from convoy.core.models import AuditRecord


@contextmanager
def leaves_nothing_written(*watched: type[models.Model]) -> Iterator[None]:
    """The block must write no row of `watched` and no audit record (it is expected to raise
    inside a `pytest.raises`, which the caller puts around or within this block)."""
    counts = {model: model._base_manager.count() for model in watched}
    audits = AuditRecord.objects.count()
    snapshots = {model: list(model._base_manager.order_by("pk").values()) for model in watched}
    yield
    assert AuditRecord.objects.count() == audits
    for model in watched:
        assert model._base_manager.count() == counts[model], model.__name__
        assert list(model._base_manager.order_by("pk").values()) == snapshots[model], (
            model.__name__
        )


def messages_of(error) -> str:
    """All messages of a ValidationError, joined, to check that they name the record."""
    return " ".join(error.messages)
