"""Assertions shared by the donations and catalog tests."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import models

from convoy.core.models import AuditRecord


@contextmanager
def refused_leaving_nothing(
    error: type[Exception], *watched: type[models.Model], match: str | None = None
) -> Iterator[pytest.ExceptionInfo]:
    """The block must raise `error`, and no row of the `watched` models and no audit record may
    have been written."""
    rows = {model: model.objects.count() for model in watched}
    audits = AuditRecord.objects.count()
    with pytest.raises(error, match=match) as info:
        yield info
    assert {model: model.objects.count() for model in watched} == rows
    assert AuditRecord.objects.count() == audits


def message_of(info: pytest.ExceptionInfo, field: str) -> str:
    """The message a DomainError (a ValidationError) gives for `field`."""
    return " ".join(info.value.message_dict[field])
