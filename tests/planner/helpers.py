"""Generated scenarios shared by the solver tests, cached for the session."""

from __future__ import annotations

import copy
from typing import Any

from convoy.planner.generator import generate

_GENERATED: dict[tuple[str, int], dict[str, Any]] = {}


def generated(size: str, seed: int) -> dict[str, Any]:
    """Generated scenario documents, cached per session (a fresh copy each call)."""
    if (size, seed) not in _GENERATED:
        _GENERATED[(size, seed)] = generate(size, seed)
    return copy.deepcopy(_GENERATED[(size, seed)])
