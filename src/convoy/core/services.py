"""Generic audited writes that every domain service builds on.

Each function checks the permission rule, validates the object (model validators and database
constraints), saves it and writes the audit record, all in one transaction.
"""

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convoy.core import audit, bulkinsert, conditions
from convoy.core.codes import proposed_codes
from convoy.core.errors import DomainError, RowErrors
from convoy.core.models import constraint_field
from convoy.core.permissions import ensure_allowed, grants, in_consequences_of_step

M = TypeVar("M", bound=models.Model)


def save_record(*, actor: Any, obj: M, summary: str = "") -> M:
    """Save a new or changed object (e.g. filled in by a form) with permission check and audit."""
    with transaction.atomic():
        stored = audit.stored_version(obj)
        before = None if stored is None else audit.snapshot(stored)
        if stored is None:
            ensure_allowed(actor, "add", obj)
            give_code(actor, obj)
        else:
            # Both the stored record and the changed one must be within the actor's scope, so
            # nobody moves a record into or out of another nation's hands.
            ensure_allowed(actor, "change", stored)
            ensure_allowed(actor, "change", obj)
            _refuse_code_change(stored, obj)
        validate_record(obj)
        if before is not None and audit.snapshot(obj) == before:
            return obj  # a write that changes nothing leaves no trace in the audit trail
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


def writes_blind(actor: Any, model: type[models.Model]) -> bool:
    """Whether `actor` sees only part of `model`'s records (a donor liaison's pledges), so a
    code it chose could clash with a record it cannot see."""
    return actor is not None and grants(actor, model, "view") is not None


def give_code(actor: Any, obj: models.Model) -> None:
    """Convoy gives a new record its code when none is given (see `give_codes`)."""
    refused = give_codes(actor, [obj])
    if refused:
        raise refused[0]


def give_codes(actor: Any, objs: Sequence[models.Model]) -> dict[int, Exception]:
    """Give the new records without a code the next free codes of their pattern; the refusals,
    by position.

    A writer who sees only part of the record type never learns which codes the rest holds: a
    code it names for a new record is refused with the same words whether another record holds
    it or not (never silently replaced, never "already exists"), so no answer confirms that
    another nation's record exists. The pages and the API do not take a code from such a writer
    at all; a file that names one is told so at that row.
    """
    if not objs:
        return {}
    model = type(objs[0])
    if not getattr(model, "code_pattern", None) or not hasattr(objs[0], "code"):
        return {}
    refused: dict[int, Exception] = {}
    # The codes of a step's consequences (a repair's returned pledge) are Convoy's own.
    if writes_blind(actor, model) and not in_consequences_of_step(actor):
        for index, obj in enumerate(objs):
            if obj.code:
                refused[index] = DomainError({"code": _(
                    "Code %(code)s cannot be used: Convoy gives the code of a new %(kind)s; "
                    "leave the code empty."
                ) % {"code": obj.code, "kind": model._meta.verbose_name}})
    empty = [obj for obj in objs if not obj.code]
    for obj, code in zip(empty, proposed_codes(model, len(empty)), strict=True):
        obj.code = code
    return refused


def validate_record(obj: models.Model, exclude: Collection[str] | None = None) -> None:
    """`full_clean`, with every message naming the record and the field it is about, so a
    refusal read anywhere (a banner, the command line, a log) says what was refused."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        raise named_error(obj, error) from error


def record_label(obj: models.Model) -> str:
    """'Training request TR-7', or the record's text alone when it already says what it is."""
    verbose, text = str(obj._meta.verbose_name), str(obj)
    if obj.pk is None and not getattr(obj, "code", None):
        return _(
            "New %(verbose)s"
        ) % {"verbose": verbose}  # its text would show an id it does not have yet
    if text.lower().startswith(verbose.lower()):
        return text
    return f"{verbose[:1].upper()}{verbose[1:]} {text}"


def named_error(obj: models.Model, error: ValidationError) -> ValidationError:
    """The same errors, keyed by the same fields, each message starting with the record and
    the field's label (unless it already names the record)."""
    label = record_label(obj)
    if not hasattr(error, "error_dict"):
        error = ValidationError({NON_FIELD_ERRORS: error.error_list})
    named: dict[str, list[ValidationError]] = {}
    for name, errors in error.error_dict.items():
        where = label if name == NON_FIELD_ERRORS else f"{label}, {_field_label(obj, name)}"
        for item in errors:
            for message in item.messages:
                text = message if message.lower().startswith(label.lower()) else (
                    f"{where}: {message}")
                named.setdefault(name, []).append(ValidationError(text, code=item.code))
    return ValidationError(named)


def _refuse_code_change(stored: models.Model, obj: models.Model) -> None:
    """A record's code names it in links, exports, messages and other nations' files: once
    saved, it never changes."""
    if not any(f.name == "code" for f in obj._meta.concrete_fields):
        return
    if stored.code != obj.code:
        raise DomainError({"code": _(
            "%(record_label)s: a code never changes once saved (asked to become '%(code)s')."
        ) % {"record_label": record_label(stored), "code": obj.code}})


def _field_label(obj: models.Model, name: str) -> str:
    try:
        return _("field “%(label)s”") % {"label": obj._meta.get_field(name).verbose_name}
    except FieldDoesNotExist:
        return _("field “%(name)s”") % {"name": name}


#: How far in the past a new record's deadline may lie: an overdue need is still recorded, a
#: date long past is a typing error.
PAST_GRACE = timedelta(days=30)


def refuse_long_past(obj: models.Model, field: str, as_of: date | None = None) -> None:
    """Refuse a new record whose date `field` lies long before `as_of` (today), e.g. a
    requirement needed by a day two years ago. Loading history passes the day it started."""
    value = getattr(obj, field, None)
    earliest = (as_of or timezone.localdate()) - PAST_GRACE
    if isinstance(value, date) and value < earliest:
        raise DomainError({field: _(
            "%(record_label)s, %(field_label)s: %(value)s is long past; give a date from "
            "%(earliest)s on."
        ) % {
            "record_label": record_label(obj),
            "field_label": _field_label(obj, field),
            "value": value,
            "earliest": earliest,
        }})


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
    reason: str = "",
    **changes: Any,
) -> M:
    """Move `obj` from its current state to `to`, if `allowed` lists that step.

    The row is locked first, so two people cannot both take the same step. `stamp` names the
    date field that records when the step happened (today unless `on` is given); without one, a
    given `on` is kept in the audit summary, like the `reason` of a cancellation.
    """
    with transaction.atomic():
        locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
        current = getattr(locked, field)
        if to not in allowed.get(current, ()):
            label = dict(type(obj)._meta.get_field(field).choices or {}).get(to, to)
            raise DomainError(
                {
                    field: _(
                        "%(verbose_name)s %(obj)s: cannot go from '%(current)s' to "
                        "'%(label)s'."
                    ) % {
                        "verbose_name": type(obj)._meta.verbose_name,
                        "obj": obj,
                        "current": current,
                        "label": label,
                    }
                }
            )
        setattr(locked, field, to)
        if stamp:
            setattr(locked, stamp, on or timezone.localdate())
        for name, value in changes.items():
            setattr(locked, name, value)
        summary = f"{current} → {to}"
        if on is not None and not stamp:
            summary += f" on {on:%Y-%m-%d}"
        if reason:
            summary += f": {reason}"
        save_record(actor=actor, obj=locked, summary=summary)
    obj.refresh_from_db()
    return obj


#: A step's reason is kept in the audit summary (200 characters with the status change).
REASON_MAX_LENGTH = 160
#: Audit sources of writes that load past events (their audit dates are not the events' dates).
HISTORY_SOURCES = frozenset({"demo", "import"})


def step_date(
    obj: models.Model,
    on: date | datetime | None,
    *,
    field: str = "on",
    after: Iterable[date | datetime | None] | None = None,
) -> date:
    """The day a lifecycle step of `obj` happened: `on`, or today.

    Refused, naming `field`, when it lies in the future, before the record was created or before
    its previous step. `after` lists the dates of the record's earlier steps (its creation date
    first) where the model keeps them; without it they are read from the audit trail.
    """
    today = timezone.localdate()
    when = _as_date(on) if on is not None else today
    name = record_name(obj)
    if when > today:
        raise DomainError(
            {field: _(
                "%(name)s: %(when)s is in the future; a step is recorded on the day it "
                "happened."
            ) % {"name": name, "when": when}}
        )
    if after is None:
        created, previous = recorded_step_dates(obj)
        if created is not None and when < created:
            raise DomainError(
                {field: _(
                    "%(name)s: %(when)s is before the record was created (%(created)s)."
                ) % {"name": name, "when": when, "created": created}}
            )
    else:
        dates = [_as_date(d) for d in after if d is not None]
        previous = max(dates) if dates else None
    if previous is not None and when < previous:
        raise DomainError({field: _(
            "%(name)s: %(when)s is before its previous step (%(previous)s)."
        ) % {"name": name, "when": when, "previous": previous}})
    return when


def recorded_step_dates(
    obj: models.Model, field: str = "status"
) -> tuple[date | None, date | None]:
    """When `obj` was created and when its `field` last changed, from the audit trail.

    Writes that load history after the fact (the demo, imports) say nothing about when the
    record came to be, so they set no bound.
    """
    created = previous = None
    history = audit.history(obj).select_related(None).order_by("at", "id").only(
        "at", "action", "source", "before", "after")
    for rec in history:
        day = timezone.localdate(rec.at)
        if rec.source in HISTORY_SOURCES:
            continue
        if rec.action == "create":
            created = previous = day
        elif (rec.before or {}).get(field) != (rec.after or {}).get(field):
            previous = day
    return created, previous


def step_reason(obj: models.Model, reason: str | None, *, field: str = "reason",
                what: str = _("the cancellation")) -> str:
    """A required reason for a step (a cancellation): stripped, not empty, not too long."""
    text = " ".join((reason or "").split())
    name = record_name(obj)
    if not text:
        raise DomainError({field: _(
            "%(name)s: give a reason for %(what)s."
        ) % {"name": name, "what": what}})
    if len(text) > REASON_MAX_LENGTH:
        raise DomainError(
            {field: _(
                "%(name)s: the reason has %(text_count)s characters; keep it to "
                "%(REASON_MAX_LENGTH)s."
            ) % {"name": name, "text_count": len(text), "REASON_MAX_LENGTH": REASON_MAX_LENGTH}}
        )
    return text


def record_name(obj: models.Model) -> str:
    """"Shipment 12 (20 units)", "Pledge P-DEU-1": the record as a refusal names it."""
    verbose, text = str(type(obj)._meta.verbose_name), str(obj)
    if text.lower().startswith(verbose.lower()):
        return text
    return f"{verbose.capitalize()} {text}"


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


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


def create_records(
    *,
    actor: Any,
    objs: Sequence[M],
    summary: str = "",
    check: Callable[[M], None] | None = None,
    known_references: Collection[str] = (),
    write: bool = True,
) -> list[M]:
    """Create many new records at once (an import): the same permission rule, model validation
    and `check` as one by one, then one bulk insert and one batch of audit records. With
    `write=False` (a preview) only the checks are made.

    `known_references` names the foreign keys the caller resolved from the database itself, so
    they are not looked up again per record. Unique fields are checked with one query per
    field. Every refused record is reported (RowErrors, by position) and nothing is written.
    """
    if not objs:
        return []
    model = type(objs[0])
    errors: dict[int, Exception] = {}
    for index, obj in enumerate(objs):
        try:
            ensure_allowed(actor, "add", obj)
        except PermissionDenied as error:
            errors[index] = error
    errors.update(give_codes(actor, objs))
    for index, obj in enumerate(objs):
        if index in errors:
            continue
        try:
            if check is not None:
                check(obj)
            _validate_in_python(obj, known_references)
        except ValidationError as error:
            errors[index] = named_error(obj, error)
        except PermissionDenied as error:
            errors[index] = error
    errors.update(_duplicates(model, objs, errors))
    if errors:
        raise RowErrors(errors)
    if not write:
        return list(objs)
    with transaction.atomic():
        created = bulkinsert.insert_many(model, objs)
        audit.record_many(
            {"actor": actor, "action": "create", "obj": obj, "before": None,
             "after": audit.snapshot(obj), "summary": summary}
            for obj in created
        )
    return created


def _validate_in_python(obj: models.Model, known_references: Collection[str]) -> None:
    """`full_clean` without a query per record: check constraints are evaluated in Python
    where they can be (the database still enforces them all), the rest by the database."""
    try:
        obj.full_clean(exclude=known_references, validate_unique=False,
                       validate_constraints=False)
    except ValidationError as error:
        raise named_error(obj, error) from error
    errors: dict[str, list[ValidationError]] = {}
    for constraint in obj._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            try:
                if conditions.holds(constraint.condition, obj):
                    continue
                errors.setdefault(constraint_field(type(obj), constraint), []).append(
                    ValidationError(constraint.get_violation_error_message()))
                continue
            except conditions.Unsupported:
                pass
        try:
            constraint.validate(type(obj), obj, exclude=known_references)
        except ValidationError as error:
            errors.setdefault(constraint_field(type(obj), constraint), []).extend(
                error.error_list)
    if errors:
        raise named_error(obj, ValidationError(errors))


def _duplicates(model: type[models.Model], objs: Sequence[models.Model],
                skip: Mapping[int, Exception]) -> dict[int, Exception]:
    """Records whose unique field repeats an earlier record of the batch or a stored one."""
    errors: dict[int, Exception] = {}
    for field in model._meta.concrete_fields:
        if not field.unique or field.primary_key:
            continue
        seen: dict[Any, int] = {}
        for index, obj in enumerate(objs):
            value = getattr(obj, field.attname)
            if value is None or index in skip:
                continue
            if value in seen:
                errors[index] = DomainError({field.name: _(
                    "%(record_label)s: %(name)s '%(value)s' is given twice in the same batch."
                ) % {"record_label": record_label(obj), "name": field.name, "value": value}})
            seen.setdefault(value, index)
        values = list(seen)
        for start in range(0, len(values), 2000):
            chunk = values[start:start + 2000]
            stored = model._base_manager.filter(**{f"{field.attname}__in": chunk}).values_list(
                field.attname, flat=True)
            for value in stored:
                obj = objs[seen[value]]
                errors[seen[value]] = DomainError({field.name: _(
                    "%(record_label)s: a record with %(name)s '%(value)s' exists already."
                ) % {"record_label": record_label(obj), "name": field.name, "value": value}})
    return errors
