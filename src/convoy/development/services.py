"""Writes to development: capability targets of the recipient's armed forces and their progress."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from convoy.core.errors import DomainError
from convoy.core.models import Nation
from convoy.core.permissions import ensure_allowed
from convoy.core.services import create_record, update_record
from convoy.development.models import CapabilityTarget


def target_create(*, actor: Any, **fields: Any) -> CapabilityTarget:
    target = CapabilityTarget(**fields)
    ensure_allowed(actor, "add", target)
    check_target(target)
    return create_record(actor=actor, model=CapabilityTarget, **fields)


def check_target(target: CapabilityTarget) -> None:
    """Raise DomainError naming the field for the rules the database checks without naming one."""
    label = _("Capability target %(description)s") % {"description": repr(target.description)}
    recipient = target.recipient if target.recipient_id else None
    if recipient is not None and recipient.kind != Nation.Kind.RECIPIENT:
        raise DomainError({"recipient": _(
            "%(label)s: %(recipient)s is not a recipient nation."
        ) % {"label": label, "recipient": recipient}})
    if target.target_quantity is None and not target.target_level:
        raise DomainError({"target_quantity": _(
            "%(label)s: give a target quantity or a target level."
        ) % {"label": label}})
    if target.measured_item_group_id and target.measured_course_id:
        raise DomainError({"measured_course": gettext(
            "%(label)s: a target is measured by handovers or by crews trained, not both.")
            % {"label": label}})
    if target.achieved_quantity is not None and target.achieved_quantity < 0:
        raise DomainError({"achieved_quantity": _(
            "%(label)s: the quantity achieved cannot be negative."
        ) % {"label": label}})


def target_record_progress(
    *, actor: Any, target: CapabilityTarget, achieved_quantity: int
) -> CapabilityTarget:
    """Record how much of the target has been achieved so far (audited like every write)."""
    ensure_allowed(actor, "change", target)
    if target.measured:
        raise DomainError({"achieved_quantity": gettext(
            "Capability target %(target)s: its progress is computed from the handovers and "
            "the crews trained, so it cannot be typed.") % {"target": target}})
    if achieved_quantity is None or achieved_quantity < 0:
        raise DomainError({"achieved_quantity": _(
            "Capability target %(target)s: the quantity achieved cannot be "
            "%(achieved_quantity)s."
        ) % {"target": target, "achieved_quantity": achieved_quantity}})
    with transaction.atomic():
        locked = CapabilityTarget.objects.select_for_update().get(pk=target.pk)
        before = locked.achieved_quantity
        update_record(actor=actor, obj=locked, achieved_quantity=achieved_quantity,
                      summary=f"progress {before} → {achieved_quantity}")
    target.refresh_from_db()
    return target


def target_update(*, actor: Any, target: CapabilityTarget, **changes: Any) -> CapabilityTarget:
    """Change a target's description, year, quantity or level (progress has its own step)."""
    with transaction.atomic():
        locked = CapabilityTarget.objects.select_for_update().get(pk=target.pk)
        ensure_allowed(actor, "change", locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        check_target(locked)
        update_record(actor=actor, obj=locked, summary=gettext_noop("target changed"))
    target.refresh_from_db()
    return target
