"""Writes to donations: the recipient's requirements, the donors' pledges and their lifecycle,
and allocations of pledges to requirements.

Every function runs in one transaction, checks the permission rule before the domain rules (so a
refused role learns nothing about the record's state) and leaves audit records through
`convoy.core.services`.

Lock order: whoever locks both rows locks the pledge first, then the requirement, so two writers
never wait for each other in a cycle.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from convoy.core.errors import DomainError
from convoy.core.models import Nation
from convoy.core.permissions import ensure_allowed
from convoy.core.services import (
    create_records,
    delete_record,
    refuse_long_past,
    save_record,
    step_date,
    step_reason,
    transition,
)
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.donations.selectors import (
    ALLOCATABLE_PLEDGE_STATUSES,
    pledge_allocated,
    pledge_left,
    requirement_allocated,
    requirement_left,
)
from convoy.logistics.models import Location, Shipment

PLEDGE_STEPS: Mapping[str, tuple[str, ...]] = {
    Pledge.Status.ANNOUNCED: (Pledge.Status.COMMITTED, Pledge.Status.CANCELLED),
    Pledge.Status.COMMITTED: (Pledge.Status.IN_DELIVERY, Pledge.Status.CANCELLED),
    Pledge.Status.IN_DELIVERY: (Pledge.Status.DELIVERED,),
}
#: The date field each step stamps, in lifecycle order.
PLEDGE_STEP_DATES = ("announced_on", "committed_on", "delivery_started_on", "delivered_on")
PLEDGE_LIFECYCLE_FIELDS = ("status", *PLEDGE_STEP_DATES[1:], "cancelled_on")

REQUIREMENT_STEPS: Mapping[str, tuple[str, ...]] = {
    Requirement.Status.OPEN: (Requirement.Status.FILLED, Requirement.Status.CANCELLED),
    Requirement.Status.FILLED: (Requirement.Status.OPEN, Requirement.Status.CANCELLED),
}
REQUIREMENT_LIFECYCLE_FIELDS = ("status",)

#: Shipments in these states have not moved yet; cancelling the allocation removes them.
UNMOVED_SHIPMENT_STATUSES = (Shipment.Status.PLANNED, Shipment.Status.CANCELLED)


# Requirements ---------------------------------------------------------------------------------


def requirement_create(*, actor: Any, as_of: date | None = None, **fields: Any) -> Requirement:
    """A new open requirement of the recipient, needed by a date not long past `as_of` (today;
    an import of history passes the day it starts)."""
    _refuse_lifecycle_fields("Requirement", fields.get("code", ""), fields,
                             REQUIREMENT_LIFECYCLE_FIELDS)
    with transaction.atomic():
        requirement = Requirement(**fields)
        ensure_allowed(actor, "add", requirement)
        _check_requirement(requirement)
        refuse_long_past(requirement, "needed_by", as_of)
        return save_record(actor=actor, obj=requirement, summary=gettext_noop("requirement raised"))


def requirement_update(*, actor: Any, requirement: Requirement, **changes: Any) -> Requirement:
    """Change a requirement that is not cancelled; it is filled again or reopened to match
    its new quantity."""
    _refuse_lifecycle_fields("Requirement", requirement.code, changes,
                             REQUIREMENT_LIFECYCLE_FIELDS)
    with transaction.atomic():
        locked = Requirement.objects.select_for_update().get(pk=requirement.pk)
        ensure_allowed(actor, "change", locked)
        if locked.status == Requirement.Status.CANCELLED:
            raise DomainError({"status": _(
                "Requirement %(locked)s: it is cancelled and cannot be changed."
            ) % {"locked": locked}})
        group_before = locked.item_group_id
        _apply(locked, changes)
        allocated = requirement_allocated(locked)
        if allocated and locked.item_group_id != group_before:
            raise DomainError({"item_group": _(
                "Requirement %(locked)s: %(allocated)s units are allocated to it; cancel them "
                "before changing the item group."
            ) % {"locked": locked, "allocated": allocated}})
        if isinstance(locked.quantity, int) and locked.quantity < allocated:
            raise DomainError({"quantity": _(
                "Requirement %(locked)s: %(allocated)s units are already allocated; the "
                "quantity cannot go below that."
            ) % {"locked": locked, "allocated": allocated}})
        _check_requirement(locked)
        if isinstance(locked.quantity, int):
            filled = allocated >= locked.quantity
            locked.status = Requirement.Status.FILLED if filled else Requirement.Status.OPEN
        save_record(actor=actor, obj=locked, summary=gettext_noop("requirement changed"))
    requirement.refresh_from_db()
    return requirement


def requirement_cancel(
    *, actor: Any, requirement: Requirement, on: date | None = None, reason: str = ""
) -> Requirement:
    """Cancel a requirement that nothing is allocated to any more, giving the reason."""
    with transaction.atomic():
        locked = Requirement.objects.select_for_update().get(pk=requirement.pk)
        ensure_allowed(actor, "change", locked)
        allocated = requirement_allocated(locked)
        if allocated:
            raise DomainError({"status": _(
                "Requirement %(locked)s: %(allocated)s units are allocated to it; a "
                "coordinator must cancel those allocations first."
            ) % {"locked": locked, "allocated": allocated}})
        text = step_reason(locked, reason)
        when = step_date(locked, on)
        transition(actor=actor, obj=locked, to=Requirement.Status.CANCELLED,
                   allowed=REQUIREMENT_STEPS, on=when, reason=text)
    requirement.refresh_from_db()
    return requirement


def _check_requirement(requirement: Requirement) -> None:
    errors: dict[str, str] = {}
    recipient = _related(requirement, "recipient")
    if recipient is not None and recipient.kind != Nation.Kind.RECIPIENT:
        errors["recipient"] = (_(
            "Requirement %(code)s: %(recipient)s is not a recipient nation."
        ) % {"code": requirement.code, "recipient": recipient})
    destination = _related(requirement, "destination")
    if destination is not None and destination.kind != Location.Kind.DESTINATION:
        errors["destination"] = (_(
            "Requirement %(code)s: %(destination)s is not a recipient destination."
        ) % {"code": requirement.code, "destination": destination})
    if errors:
        raise DomainError(errors)


# Pledges --------------------------------------------------------------------------------------


def pledge_create(*, actor: Any, **fields: Any) -> Pledge:
    """A new pledge, announced (today unless `announced_on` is given)."""
    _refuse_lifecycle_fields("Pledge", fields.get("code", ""), fields, PLEDGE_LIFECYCLE_FIELDS)
    if fields.get("announced_on") is None:
        fields["announced_on"] = timezone.localdate()
    with transaction.atomic():
        pledge = Pledge(**fields)
        ensure_allowed(actor, "add", pledge)
        _check_pledge(pledge)
        return save_record(actor=actor, obj=pledge, summary=gettext_noop("pledge announced"))


def pledges_create(*, actor: Any, rows: Sequence[Mapping[str, Any]],
                   known_references: Collection[str] = (), write: bool = True) -> list[Pledge]:
    """Many new pledges at once (an import), each under the same rules as `pledge_create`;
    refused ones are reported together (RowErrors) and then nothing is written (nor with
    `write=False`, a preview that makes the checks only)."""
    pledges = []
    for fields in rows:
        fields = dict(fields)
        if fields.get("announced_on") is None:
            fields["announced_on"] = timezone.localdate()
        pledges.append(Pledge(**fields))

    def check(pledge: Pledge) -> None:
        lifecycle = [n for n in PLEDGE_LIFECYCLE_FIELDS
                     if n != "status" and getattr(pledge, n) is not None]
        if pledge.status != Pledge.Status.ANNOUNCED:
            lifecycle.insert(0, "status")
        _refuse_lifecycle_fields("Pledge", pledge.code, lifecycle, PLEDGE_LIFECYCLE_FIELDS)
        _check_pledge(pledge)

    return create_records(actor=actor, objs=pledges,
                          summary=gettext_noop("pledge announced"), check=check,
                          known_references=known_references, write=write)


def pledge_update(*, actor: Any, pledge: Pledge, **changes: Any) -> Pledge:
    """Change a pledge before it is delivered (or cancelled); never below what is allocated."""
    _refuse_lifecycle_fields("Pledge", pledge.code, changes, PLEDGE_LIFECYCLE_FIELDS)
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        ensure_allowed(actor, "change", locked)
        if locked.status not in ALLOCATABLE_PLEDGE_STATUSES:
            state = locked.get_status_display().lower()
            raise DomainError({"status": _(
                "Pledge %(locked)s: it is %(state)s and can no longer be changed."
            ) % {"locked": locked, "state": state}})
        item_before = locked.item_id
        _apply(locked, changes)
        allocated = pledge_allocated(locked)
        if allocated and locked.item_id != item_before:
            raise DomainError({"item": _(
                "Pledge %(locked)s: %(allocated)s units are allocated; cancel them before "
                "changing the item."
            ) % {"locked": locked, "allocated": allocated}})
        if isinstance(locked.quantity, int) and locked.quantity < allocated:
            raise DomainError({"quantity": _(
                "Pledge %(locked)s: %(allocated)s units are already allocated; the quantity "
                "cannot go below that."
            ) % {"locked": locked, "allocated": allocated}})
        ensure_allowed(actor, "change", locked)  # the changed pledge must stay in scope too
        _check_pledge(locked)
        save_record(actor=actor, obj=locked, summary=gettext_noop("pledge changed"))
    pledge.refresh_from_db()
    return pledge


def pledge_commit(*, actor: Any, pledge: Pledge, on: date | None = None) -> Pledge:
    return _pledge_step(actor, pledge, Pledge.Status.COMMITTED, "committed_on", on)


def pledge_start_delivery(*, actor: Any, pledge: Pledge, on: date | None = None) -> Pledge:
    return _pledge_step(actor, pledge, Pledge.Status.IN_DELIVERY, "delivery_started_on", on)


def pledge_mark_delivered(*, actor: Any, pledge: Pledge, on: date | None = None) -> Pledge:
    return _pledge_step(actor, pledge, Pledge.Status.DELIVERED, "delivered_on", on)


def pledge_cancel(
    *, actor: Any, pledge: Pledge, on: date | None = None, reason: str = ""
) -> Pledge:
    """Cancel an announced or committed pledge that nothing is allocated from any more."""
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        ensure_allowed(actor, "change", locked)
        allocated = pledge_allocated(locked)
        if allocated and Pledge.Status.CANCELLED in PLEDGE_STEPS.get(locked.status, ()):
            raise DomainError({"status": _(
                "Pledge %(locked)s: %(allocated)s units are allocated from it; a coordinator "
                "must cancel those allocations first."
            ) % {"locked": locked, "allocated": allocated}})
        text = step_reason(locked, reason) if Pledge.Status.CANCELLED in PLEDGE_STEPS.get(
            locked.status, ()) else ""
        return _pledge_step(actor, pledge, Pledge.Status.CANCELLED, "cancelled_on", on, text)


def _pledge_step(actor: Any, pledge: Pledge, to: str, stamp: str, on: date | None,
                 reason: str = "") -> Pledge:
    """One lifecycle step: permission first, then the step itself, then its date: not in the
    future, not before the pledge was announced or its previous step."""
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        ensure_allowed(actor, "change", locked)
        when = on or timezone.localdate()
        if to in PLEDGE_STEPS.get(locked.status, ()):
            when = step_date(locked, on, after=[getattr(locked, n) for n in PLEDGE_STEP_DATES])
        transition(actor=actor, obj=locked, to=to, allowed=PLEDGE_STEPS, stamp=stamp, on=when,
                   reason=reason)
    pledge.refresh_from_db()
    return pledge


def _check_pledge(pledge: Pledge) -> None:
    origin = _related(pledge, "origin")
    if origin is not None and origin.kind != Location.Kind.DEPOT:
        raise DomainError({"origin": _(
            "Pledge %(code)s: %(origin)s is a recipient destination, not a depot equipment "
            "can leave from."
        ) % {"code": pledge.code, "origin": origin}})
    if pledge.source == Pledge.Source.REPAIR_RETURN:
        return  # the recipient's own repaired equipment, leaving the repair facility's depot
    donor = _related(pledge, "donor")
    if donor is not None and donor.kind == Nation.Kind.RECIPIENT:
        raise DomainError({"donor": _(
            "Pledge %(code)s: %(donor)s is the recipient; a pledge comes from a donor nation."
        ) % {"code": pledge.code, "donor": donor}})
    if donor is not None and origin is not None and origin.nation_id != donor.pk:
        raise DomainError({"origin": _(
            "Pledge %(code)s: the depot %(origin)s is not in %(donor)s; a pledge leaves from "
            "a depot of its donor."
        ) % {"code": pledge.code, "origin": origin, "donor": donor}})


# Allocations ----------------------------------------------------------------------------------


def allocation_create(
    *,
    actor: Any,
    pledge: Pledge,
    requirement: Requirement,
    quantity: int,
    plan_run: Any = None,
) -> Allocation:
    """Assign `quantity` units of `pledge` to `requirement`.

    Both rows are locked before the units left are summed, so two people allocating the last
    units at the same moment cannot both succeed: the second waits, then sees the first's
    allocation. The requirement is marked filled once it is fully allocated.
    """
    with transaction.atomic():
        locked_pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
        locked_requirement = Requirement.objects.select_for_update().get(pk=requirement.pk)
        allocation = Allocation(pledge=locked_pledge, requirement=locked_requirement,
                                quantity=quantity, plan_run=plan_run)
        ensure_allowed(actor, "add", allocation)
        _check_allocation(locked_pledge, locked_requirement, quantity)
        save_record(actor=actor, obj=allocation,
                    summary=f"{quantity} units of {locked_pledge} to {locked_requirement}")
        if requirement_left(locked_requirement) == 0:
            transition(actor=actor, obj=locked_requirement, to=Requirement.Status.FILLED,
                       allowed=REQUIREMENT_STEPS)
    requirement.refresh_from_db()
    return allocation


def _check_allocation(pledge: Pledge, requirement: Requirement, quantity: int) -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise DomainError({"quantity": _(
            "Allocation of pledge %(pledge)s to requirement %(requirement)s: the quantity "
            "must be a whole number of at least 1."
        ) % {"pledge": pledge, "requirement": requirement}})
    if pledge.status not in ALLOCATABLE_PLEDGE_STATUSES:
        raise DomainError({"pledge": _(
            "Pledge %(pledge)s is %(status)s; nothing more can be allocated from it."
        ) % {"pledge": pledge, "status": pledge.get_status_display().lower()}})
    if requirement.status != Requirement.Status.OPEN:
        raise DomainError({"requirement": _(
            "Requirement %(requirement)s is %(status)s; only open requirements take "
            "allocations."
        ) % {"requirement": requirement, "status": requirement.get_status_display().lower()}})
    if pledge.item.group_id != requirement.item_group_id:
        raise DomainError({"requirement": _(
            "Pledge %(pledge)s: its item %(item)s belongs to group %(group)s, but requirement "
            "%(requirement)s needs %(item_group)s."
        ) % {
            "pledge": pledge,
            "item": pledge.item,
            "group": pledge.item.group,
            "requirement": requirement,
            "item_group": requirement.item_group,
        }})
    left = pledge_left(pledge)
    if quantity > left:
        raise DomainError({"quantity": _(
            "Pledge %(pledge)s has %(left)s units left; cannot allocate %(quantity)s to "
            "requirement %(requirement)s."
        ) % {"pledge": pledge, "left": left, "quantity": quantity, "requirement": requirement}})
    needed = requirement_left(requirement)
    if quantity > needed:
        raise DomainError({"quantity": _(
            "Requirement %(requirement)s needs %(needed)s more units; cannot allocate "
            "%(quantity)s from pledge %(pledge)s."
        ) % {"requirement": requirement, "needed": needed, "quantity": quantity, "pledge": pledge}})


def allocation_cancel(
    *, actor: Any, allocation: Allocation, on: date | None = None, reason: str = ""
) -> None:
    """Undo an allocation whose shipments have not moved, giving the reason; its planned
    shipments go with it and a filled requirement opens again."""
    with transaction.atomic():
        Pledge.objects.select_for_update().get(pk=allocation.pledge_id)
        requirement = Requirement.objects.select_for_update().get(pk=allocation.requirement_id)
        locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
        ensure_allowed(actor, "delete", locked)
        moved = locked.shipments.exclude(status__in=UNMOVED_SHIPMENT_STATUSES).first()
        if moved is not None:
            raise DomainError({"allocation": _(
                "Allocation %(locked)s: %(moved)s has been dispatched; the allocation can no "
                "longer be cancelled."
            ) % {"locked": locked, "moved": moved}})
        text = step_reason(locked, reason)
        when = step_date(locked, on, after=[locked.created_at])
        summary = f"allocation cancelled on {when:%Y-%m-%d}: {text}"
        for shipment in locked.shipments.all():
            delete_record(actor=actor, obj=shipment, summary=summary)
        delete_record(actor=actor, obj=locked, summary=summary)
        if requirement.status == Requirement.Status.FILLED:
            transition(actor=actor, obj=requirement, to=Requirement.Status.OPEN,
                       allowed=REQUIREMENT_STEPS)


# Helpers --------------------------------------------------------------------------------------


def _refuse_lifecycle_fields(
    label: str, code: str, fields: Iterable[str], lifecycle: Iterable[str]
) -> None:
    """Status and step dates change only through the lifecycle functions."""
    given = sorted(set(fields) & set(lifecycle))
    if given:
        raise DomainError({name: _(
            "%(label)s %(code)s: '%(name)s' changes only through its lifecycle steps, not "
            "directly."
        ) % {"label": label, "code": code, "name": name} for name in given})


def _apply(obj: Any, changes: Mapping[str, Any]) -> None:
    for name, value in changes.items():
        setattr(obj, name, value)


def _related(obj: Any, name: str) -> Any:
    """The related object if set (None when missing; full_clean reports missing ones)."""
    if getattr(obj, f"{name}_id", None) is None:
        return None
    return getattr(obj, name)
