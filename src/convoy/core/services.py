"""Generic audited writes that every domain service builds on.

Each function checks the permission rule, validates the object (model validators and database
constraints), saves it and writes the audit record, all in one transaction.
"""

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone

from convoy.core import audit
from convoy.core.errors import DomainError
from convoy.core.permissions import ensure_allowed

M = TypeVar("M", bound=models.Model)


def save_record(*, actor: Any, obj: M, summary: str = "") -> M:
    """Save a new or changed object (e.g. filled in by a form) with permission check and audit."""
    with transaction.atomic():
        stored = audit.stored_version(obj)
        before = None if stored is None else audit.snapshot(stored)
        if stored is None:
            ensure_allowed(actor, "add", obj)
        else:
            # Both the stored record and the changed one must be within the actor's scope, so
            # nobody moves a record into or out of another nation's hands.
            ensure_allowed(actor, "change", stored)
            ensure_allowed(actor, "change", obj)
        obj.full_clean()
        obj.save()
        audit.record(
            actor=actor,
            action="create" if before is None else "update",
            obj=obj,
            before=before,
            after=audit.snapshot(obj),
            summary=summary,
        )
    return obj


def create_record(*, actor: Any, model: type[M], summary: str = "", **fields: Any) -> M:
    many = {k: fields.pop(k) for k in list(fields) if _is_m2m(model, k)}
    with transaction.atomic():
        obj = save_record(actor=actor, obj=model(**fields), summary=summary)
        if many:
            before = audit.snapshot(obj)
            for name, values in many.items():
                getattr(obj, name).set(values)
            audit.record(
                actor=actor, action="update", obj=obj, before=before, after=audit.snapshot(obj)
            )
    return obj


def update_record(*, actor: Any, obj: M, summary: str = "", **changes: Any) -> M:
    for name, value in changes.items():
        setattr(obj, name, value)
    return save_record(actor=actor, obj=obj, summary=summary)


def delete_record(*, actor: Any, obj: models.Model, summary: str = "") -> None:
    with transaction.atomic():
        ensure_allowed(actor, "delete", obj)
        before = audit.snapshot(obj)
        audit.record(
            actor=actor, action="delete", obj=obj, before=before, after=None, summary=summary
        )
        obj.delete()


def transition(
    *,
    actor: Any,
    obj: M,
    to: str,
    allowed: Mapping[str, Collection[str]],
    field: str = "status",
    stamp: str | None = None,
    on: date | None = None,
    **changes: Any,
) -> M:
    """Move `obj` from its current state to `to`, if `allowed` lists that step.

    The row is locked first, so two people cannot both take the same step. `stamp` names the
    date field that records when the step happened (today unless `on` is given).
    """
    with transaction.atomic():
        locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
        current = getattr(locked, field)
        if to not in allowed.get(current, ()):
            label = dict(type(obj)._meta.get_field(field).choices or {}).get(to, to)
            raise DomainError(
                {
                    field: f"{type(obj)._meta.verbose_name} {obj}: cannot go from "
                    f"'{current}' to '{label}'."
                }
            )
        setattr(locked, field, to)
        if stamp:
            setattr(locked, stamp, on or timezone.localdate())
        for name, value in changes.items():
            setattr(locked, name, value)
        save_record(actor=actor, obj=locked, summary=f"{current} → {to}")
    obj.refresh_from_db()
    return obj


def _is_m2m(model: type[models.Model], name: str) -> bool:
    try:
        return bool(model._meta.get_field(name).many_to_many)
    except FieldDoesNotExist:
        return False


def update_record_with_many(*, actor: Any, obj: M, summary: str = "", **changes: Any) -> M:
    """`update_record`, where some changes are many-to-many fields (lists of records or ids):
    those are set after the save, and one more audit record shows the related ids changed."""
    many = {k: changes.pop(k) for k in list(changes) if _is_m2m(type(obj), k)}
    with transaction.atomic():
        obj = update_record(actor=actor, obj=obj, summary=summary, **changes)
        if many:
            before = audit.snapshot(obj)
            for name, values in many.items():
                getattr(obj, name).set(values)
            after = audit.snapshot(obj)
            if after != before:
                audit.record(actor=actor, action="update", obj=obj, before=before, after=after,
                             summary=summary)
    return obj
