"""Filters offer only what the user can see: a donor liaison's nation filter lists its own nation,
and a filter on something outside the user's scope is told apart from "no records match"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from convoy.core.permissions import grants


def visible_owners(model: type[models.Model], path: str,
                   choices: Callable[[], models.QuerySet]) -> Callable[[Any], models.QuerySet]:
    """A django-filter `queryset` callable: of `choices()` (nations), those whose `model` records
    the user may see through `path` (e.g. Pledge, "donor"). A role scoped by something else (a
    node operator sees every donor's shipments through its node) keeps every choice."""

    def queryset(request: Any) -> models.QuerySet:
        found = grants(getattr(request, "user", None), model, "view")
        if found is None or any(g.path != path for g in found):
            return choices()
        return choices().filter(pk__in=[g.value for g in found])

    return queryset


def private_choice(filterset: Any, plural: str) -> str | None:
    """When a filter names a record that exists but is not among the user's choices (a donor
    liaison asking for another nation's pledges), the sentence saying so; else None."""
    form = filterset.form
    for name in form.errors:
        field = form.fields.get(name)
        raw = form.data.get(name)
        if not isinstance(field, forms.ModelChoiceField) or not str(raw or "").isdigit():
            continue
        chosen = field.queryset.model._base_manager.filter(pk=int(raw)).first()
        if chosen is None:
            continue
        if chosen._meta.label_lower == "core.nation":
            return (_(
                "The %(plural)s of %(name)s are private to %(name)s: your role sees only your "
                "own nation's."
            ) % {"plural": plural, "name": chosen.name})
        return _(
            "The %(plural)s of %(chosen)s are outside your role's scope."
        ) % {"plural": plural, "chosen": chosen}
    return None


def restricted_note(user: Any, model: type[models.Model]) -> str | None:
    """Said instead of "No records match" to a user who sees only part of `model`'s records."""
    if grants(user, model, "view") is None:
        return None
    plural = model._meta.verbose_name_plural
    return (_(
        "No %(plural)s you may see match. Those of other nations, nodes or facilities are "
        "private to them."
    ) % {"plural": plural})
