"""The codes Convoy makes: every generated code fits its field, and new records are offered the
next code of their pattern.

A code too long for its field keeps its readable start and ends in a digest of the whole, so the
same parts always give the same code and different parts (almost surely) different codes.
"""

from __future__ import annotations

import hashlib
import re

from django.db import models
from django.utils import timezone

DIGEST_LENGTH = 8


def fitted_code(model: type[models.Model], *parts: object, field: str = "code") -> str:
    """`parts` joined by dashes, shortened with a digest suffix when longer than the field."""
    code = "-".join(str(part) for part in parts if part not in (None, ""))
    limit = model._meta.get_field(field).max_length
    if limit is None or len(code) <= limit:
        return code
    digest = hashlib.sha256(code.encode()).hexdigest()[:DIGEST_LENGTH].upper()
    start = code[: limit - DIGEST_LENGTH - 1].rstrip("-._")
    return f"{start}-{digest}"


def proposed_code(model: type[models.Model]) -> str | None:
    """The code a new record of `model` is offered (editable until first saved), or None."""
    codes = proposed_codes(model, 1)
    return codes[0] if codes else None


def proposed_codes(model: type[models.Model], count: int) -> list[str]:
    """The next `count` free codes of `model`'s pattern (for a batch of new records), or none
    when the model has no pattern."""
    pattern = getattr(model, "code_pattern", None)
    if not pattern or count < 1:
        return []
    prefix = pattern.format(year=timezone.localdate().year)
    width = getattr(model, "code_digits", 4)
    first = _next_number(model, prefix, "code")
    return [fitted_code(model, f"{prefix}{number:0{width}d}")
            for number in range(first, first + count)]


def next_code(model: type[models.Model], prefix: str, *, width: int = 4,
              field: str = "code") -> str:
    """The next free code `<prefix><number>` (e.g. REQ-2026-0043 after REQ-2026-0042).

    Counted over every record, not only those the user may see, so two users are not offered
    the same code; the number reveals no more than how many such records there are.
    """
    number = _next_number(model, prefix, field)
    return fitted_code(model, f"{prefix}{number:0{width}d}", field=field)


def _next_number(model: type[models.Model], prefix: str, field: str) -> int:
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    numbers = [
        int(match.group(1))
        for code in model._base_manager.filter(**{f"{field}__startswith": prefix})
        .values_list(field, flat=True)
        if (match := pattern.match(code))
    ]
    return max(numbers, default=0) + 1
