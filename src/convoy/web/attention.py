"""What needs attention, as the page machinery shows it: a badge on list rows and record pages,
and a filter on a list (`?attention=<key>`).

A rule is declared by the app that owns the record (its `select` is a selector that reads through
`restrict()`); list and detail views name the rules of their records in `attention = (...)`.
This module knows no app: it only asks a rule which of the shown records it selects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone


@dataclass(frozen=True)
class Rule:
    """One thing that needs attention.

    key: its name in the query string (`?attention=late-departure`).
    badge: the few words on a row ("Late to leave").
    title: what it means, as a filter option and a panel heading.
    select: `select(user, today)`, the user's records that need it (through `restrict()`).
    list_url: the URL name of the list page that filters on it.
    """

    key: str
    badge: str
    title: str
    select: Callable[[Any, date], models.QuerySet]
    list_url: str


def today() -> date:
    return timezone.localdate()


def find(rules: Sequence[Rule], key: str | None) -> Rule | None:
    return next((r for r in rules if r.key == key), None)


def only_flagged(rule: Rule, user: Any, queryset: models.QuerySet) -> models.QuerySet:
    """The records of `queryset` the rule selects (the list's `?attention=` filter)."""
    return queryset.filter(pk__in=rule.select(user, today()).values("pk"))


def flags(rules: Sequence[Rule], user: Any, keys: Iterable[Any]) -> dict[Any, list[Rule]]:
    """Which of the records with these keys each rule selects: one query per rule."""
    keys = list(keys)
    found: dict[Any, list[Rule]] = {}
    if not keys:
        return found
    day = today()
    for rule in rules:
        for pk in rule.select(user, day).filter(pk__in=keys).values_list("pk", flat=True):
            found.setdefault(pk, []).append(rule)
    return found


def badges(found: list[Rule]) -> list[dict[str, str]]:
    return [{"key": r.key, "badge": r.badge, "title": r.title} for r in found]
