"""A check constraint's condition evaluated on an unsaved object in Python, as the database
would (a comparison with NULL is unknown, and unknown passes a CHECK), so a bulk write can
validate thousands of records without a query per record and constraint."""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import models

_COMPARE = {"exact": operator.eq, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt,
            "lte": operator.le}


class Unsupported(Exception):
    """The condition uses a lookup or expression this evaluator does not know."""


def holds(condition: models.Q, obj: models.Model) -> bool:
    """Whether `obj` satisfies `condition` (raises Unsupported for what it cannot judge)."""
    return _compiled(condition, type(obj))(obj) is not False


#: Each condition made once into a function of the object (a bulk write asks the same few
#: conditions of every record); the condition is kept beside it so that its id is not reused.
_COMPILED: dict[tuple[int, type], tuple[models.Q, Callable[[Any], bool | None]]] = {}


def _compiled(condition: models.Q, model: type[models.Model]) -> Callable[[Any], bool | None]:
    key = (id(condition), model)
    entry = _COMPILED.get(key)
    if entry is None or entry[0] is not condition:
        entry = _COMPILED[key] = (condition, _compile(condition, model))
    return entry[1]


def _compile(node: Any, model: type[models.Model]) -> Callable[[Any], bool | None]:
    if isinstance(node, models.Q):
        children = [_compile(child, model) for child in node.children]
        return partial(_combine, children, node.connector == models.Q.AND, node.negated)
    if not isinstance(node, tuple):
        raise Unsupported(repr(node))
    lookup, expected = node
    name, _, kind = lookup.partition("__")
    kind = kind or "exact"
    if "__" in kind or isinstance(expected, models.Expression | models.F):
        raise Unsupported(lookup)
    field = model._meta.get_field(name)
    if kind == "isnull":
        return partial(_is_null, field.attname, bool(expected))
    if kind == "in":
        return partial(_is_in, field.attname, expected)
    if kind not in _COMPARE:
        raise Unsupported(lookup)
    return partial(_compare, field, _COMPARE[kind], field.to_python(expected))


def _combine(children: list[Callable[[Any], bool | None]], conjunction: bool, negated: bool,
             obj: Any) -> bool | None:
    results = [child(obj) for child in children]
    if conjunction:
        value = False if False in results else (None if None in results else True)
    else:
        value = True if True in results else (None if None in results else False)
    if negated:
        value = None if value is None else not value
    return value


def _is_null(attname: str, expected: bool, obj: Any) -> bool:
    return (getattr(obj, attname) is None) == expected


def _is_in(attname: str, expected: Any, obj: Any) -> bool | None:
    actual = getattr(obj, attname)
    return None if actual is None else actual in expected


def _compare(field: models.Field, compare: Callable[[Any, Any], bool], expected: Any,
             obj: Any) -> bool | None:
    actual = getattr(obj, field.attname)
    return None if actual is None else compare(field.to_python(actual), expected)
