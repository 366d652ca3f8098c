"""A check constraint's condition evaluated on an unsaved object in Python, as the database
would (a comparison with NULL is unknown, and unknown passes a CHECK), so a bulk write can
validate thousands of records without a query per record and constraint."""

from __future__ import annotations

import operator
from typing import Any

from django.db import models

_COMPARE = {"exact": operator.eq, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt,
            "lte": operator.le}


class Unsupported(Exception):
    """The condition uses a lookup or expression this evaluator does not know."""


def holds(condition: models.Q, obj: models.Model) -> bool:
    """Whether `obj` satisfies `condition` (raises Unsupported for what it cannot judge)."""
    return _evaluate(condition, obj) is not False


def _evaluate(node: Any, obj: models.Model) -> bool | None:
    if isinstance(node, models.Q):
        results = [_evaluate(child, obj) for child in node.children]
        if node.connector == models.Q.AND:
            value = False if False in results else (None if None in results else True)
        else:
            value = True if True in results else (None if None in results else False)
        if node.negated:
            value = None if value is None else not value
        return value
    if not isinstance(node, tuple):
        raise Unsupported(repr(node))
    lookup, expected = node
    name, _, kind = lookup.partition("__")
    kind = kind or "exact"
    if "__" in kind or isinstance(expected, models.Expression | models.F):
        raise Unsupported(lookup)
    field = obj._meta.get_field(name)
    actual = getattr(obj, field.attname)
    if kind == "isnull":
        return (actual is None) == bool(expected)
    if actual is None:
        return None
    if kind == "in":
        return actual in expected
    if kind not in _COMPARE:
        raise Unsupported(lookup)
    return _COMPARE[kind](field.to_python(actual), field.to_python(expected))
