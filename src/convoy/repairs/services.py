"""Every write of the repairs app: repair orders from request to the equipment's return.

Returned equipment becomes a committed Pledge (source "repair_return") of the recipient nation
from the facility's depot, so the planner can allocate it again like any donation. A facility
operator may return an order but may not create pledges: that pledge is written under
`consequences_of_step(actor)`, checked once on the return itself and audited under the operator.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from convoy.catalog.models import Item
from convoy.core.codes import fitted_code
from convoy.core.errors import DomainError
from convoy.core.models import Nation
from convoy.core.permissions import consequences_of_step, ensure_allowed
from convoy.core.services import (
    create_record,
    step_date,
    step_reason,
    transition,
    update_record_with_many,
)
from convoy.donations.models import Pledge
from convoy.repairs.models import RepairFacility, RepairOrder
from convoy.repairs.selectors import units_received_in_week

R = RepairOrder.Status

REPAIR_STEPS: dict[str, list[str]] = {
    R.REQUESTED: [R.RECEIVED, R.CANCELLED],
    R.RECEIVED: [R.IN_REPAIR, R.CANCELLED],
    R.IN_REPAIR: [R.RETURNED],
}
LIFECYCLE_FIELDS = (
    "status",
    "received_on",
    "repair_started_on",
    "returned_on",
    "returned_as",
    "returned_quantity",
    "written_off_quantity",
    "short_reason",
    "short_note",
    "follow_up_of",
)


def facility_refusal(facility: RepairFacility, item: Item) -> str | None:
    """Why `facility` cannot take `item`, or None when it repairs the item's group."""
    if facility.item_groups.filter(pk=item.group_id).exists():
        return None
    return _(
        "Repair facility %(facility)s does not repair %(group)s (the group of %(item)s)."
    ) % {"facility": facility, "group": item.group, "item": item}


def repair_order_create(*, actor: Any, **fields: Any) -> RepairOrder:
    """Request the repair of the recipient's equipment at a facility that repairs its group."""
    if set(fields) & set(LIFECYCLE_FIELDS):
        name = sorted(set(fields) & set(LIFECYCLE_FIELDS))[0]
        raise DomainError(
            {
                name: _(
                    "Repair order %(get)s: '%(name)s' is set by the lifecycle steps, not when "
                    "requesting."
                ) % {"get": fields.get('code', ''), "name": name}
            }
        )
    fields.setdefault("requested_on", timezone.localdate())
    with transaction.atomic():
        order = RepairOrder(**fields)
        ensure_allowed(actor, "add", order)
        # Missing fields are left to full_clean, which names them.
        if order.recipient_id and order.recipient.kind != Nation.Kind.RECIPIENT:
            raise DomainError(
                {"recipient": _(
                    "Repair order %(order)s: %(recipient)s is not a recipient nation."
                ) % {"order": order, "recipient": order.recipient}}
            )
        if order.facility_id and order.item_id:
            refusal = facility_refusal(order.facility, order.item)
            if refusal is not None:
                raise DomainError({"facility": _(
                    "Repair order %(order)s: %(refusal)s"
                ) % {"order": order, "refusal": refusal}})
        return create_record(actor=actor, model=RepairOrder,
                             summary=gettext_noop("requested"), **fields)


def repair_order_receive(*, actor: Any, order: RepairOrder, on: date | None = None) -> RepairOrder:
    """The equipment arrived at the facility, within the facility's weekly intake."""
    with transaction.atomic():
        ensure_allowed(actor, "change", order)
        _ensure_step(order, R.RECEIVED)
        # Locking the facility serialises receipts there, so two cannot both fit the last slots.
        facility = RepairFacility.objects.select_for_update().get(pk=order.facility_id)
        on = step_date(order, on, after=[order.requested_on])
        taken = units_received_in_week(facility, on)
        if taken + order.quantity > facility.capacity_per_week:
            raise DomainError(
                {
                    "received_on": _(
                        "Repair order %(order)s: %(quantity)s units would exceed the intake "
                        "of %(facility)s in the week of %(on)s (%(taken)s of "
                        "%(capacity_per_week)s units already received)."
                    ) % {
                        "order": order,
                        "quantity": order.quantity,
                        "facility": facility,
                        "on": on,
                        "taken": taken,
                        "capacity_per_week": facility.capacity_per_week,
                    }
                }
            )
        return transition(
            actor=actor, obj=order, to=R.RECEIVED, allowed=REPAIR_STEPS, stamp="received_on", on=on
        )


def repair_order_start(*, actor: Any, order: RepairOrder, on: date | None = None) -> RepairOrder:
    with transaction.atomic():
        ensure_allowed(actor, "change", order)
        _ensure_step(order, R.IN_REPAIR)
        on = step_date(order, on, after=[order.requested_on, order.received_on])
        return transition(
            actor=actor,
            obj=order,
            to=R.IN_REPAIR,
            allowed=REPAIR_STEPS,
            stamp="repair_started_on",
            on=on,
        )


def repair_order_return(
    *,
    actor: Any,
    order: RepairOrder,
    on: date | None = None,
    returned_quantity: int | None = None,
    rest: str = "",
    short_reason: str = "",
    note: str = "",
) -> RepairOrder:
    """The repaired equipment is ready at the facility's depot: it becomes a committed pledge.

    A partial return (`returned_quantity` below the order's quantity) gives the reason from the
    fixed list (`RepairOrder.ShortReason`; "other" needs a note) and what becomes of the rest:
    written off, or still in repair as a follow-up order of the remaining units.
    """
    with transaction.atomic():
        ensure_allowed(actor, "change", order)
        locked = RepairOrder.objects.select_for_update().select_related("facility").get(pk=order.pk)
        _ensure_step(locked, R.RETURNED)
        on = step_date(locked, on, after=[locked.requested_on, locked.received_on,
                                          locked.repair_started_on])
        returned = locked.quantity if returned_quantity is None else returned_quantity
        missing = _check_partial_return(locked, returned, rest, short_reason, note)
        pledge = None
        with consequences_of_step(actor):
            if returned:
                pledge = create_record(
                    actor=actor,
                    model=Pledge,
                    code=_returned_pledge_code(locked),
                    donor_id=locked.recipient_id,
                    item_id=locked.item_id,
                    quantity=returned,
                    available_from=on,
                    origin_id=locked.facility.location_id,
                    source=Pledge.Source.REPAIR_RETURN,
                    status=Pledge.Status.COMMITTED,
                    announced_on=on,
                    committed_on=on,
                    notes=f"Returned from repair order {locked} at {locked.facility}.",
                    summary=f"returned from repair order {locked}",
                )
            if missing and rest == R.IN_REPAIR:
                create_record(
                    actor=actor,
                    model=RepairOrder,
                    code=_follow_up_code(locked),
                    recipient_id=locked.recipient_id,
                    item_id=locked.item_id,
                    quantity=missing,
                    facility_id=locked.facility_id,
                    status=R.IN_REPAIR,
                    requested_on=locked.requested_on,
                    received_on=locked.received_on,
                    repair_started_on=locked.repair_started_on,
                    follow_up_of=locked,
                    summary=f"the {missing} units of repair order {locked} still in repair",
                )
        transition(
            actor=actor,
            obj=order,
            to=R.RETURNED,
            allowed=REPAIR_STEPS,
            stamp="returned_on",
            on=on,
            reason=f"{returned} of {locked.quantity} units returned" if missing else "",
            returned_as=pledge,
            returned_quantity=returned,
            written_off_quantity=missing if rest == "written_off" else 0,
            short_reason=short_reason if missing else "",
            short_note=note if missing else "",
        )
    return order


def _check_partial_return(
    order: RepairOrder, returned: Any, rest: str, reason: str, note: str
) -> int:
    """How many units of `order` do not come back, after checking the partial return is
    explained."""
    if not isinstance(returned, int) or isinstance(returned, bool) or not (
        0 <= returned <= order.quantity
    ):
        raise DomainError(
            {"returned_quantity": _(
                "Repair order %(order)s: the units returned must be a whole number from 0 to "
                "%(quantity)s."
            ) % {"order": order, "quantity": order.quantity}}
        )
    missing = order.quantity - returned
    if not missing:
        return 0
    label = _(
        "Repair order %(order)s: %(missing)s of %(quantity)s units do not come back"
    ) % {"order": order, "missing": missing, "quantity": order.quantity}
    errors: dict[str, str] = {}
    if reason not in RepairOrder.ShortReason.values:
        errors["short_reason"] = _(
            "%(label)s; say why (one of the listed reasons)."
        ) % {"label": label}
    elif reason == RepairOrder.ShortReason.OTHER and not note.strip():
        errors["note"] = _(
            "%(label)s for another reason; describe it in the note."
        ) % {"label": label}
    if rest not in RepairOrder.Rest.values:
        errors["rest"] = _(
            "%(label)s; say whether they are written off or still in repair."
        ) % {"label": label}
    if errors:
        raise DomainError(errors)
    return missing


def repair_order_cancel(
    *, actor: Any, order: RepairOrder, on: date | None = None, reason: str = ""
) -> RepairOrder:
    """Cancel an order before its repair starts, giving the reason."""
    with transaction.atomic():
        ensure_allowed(actor, "change", order)
        _ensure_step(order, R.CANCELLED)
        text = step_reason(order, reason)
        on = step_date(order, on, after=[order.requested_on, order.received_on])
        return transition(actor=actor, obj=order, to=R.CANCELLED, allowed=REPAIR_STEPS, on=on,
                          reason=text)


def _ensure_step(order: RepairOrder, to: str) -> None:
    """Refuse a step the order's stored status does not allow, before anything else is checked
    or written (`transition` checks again under its row lock)."""
    current = RepairOrder.objects.filter(pk=order.pk).values_list("status", flat=True).get()
    if to not in REPAIR_STEPS.get(current, ()):
        raise DomainError(
            {"status": _(
                "Repair order %(order)s: cannot go from '%(current)s' to '%(label)s'."
            ) % {"order": order, "current": current, "label": R(to).label}}
        )


def _returned_pledge_code(order: RepairOrder) -> str:
    return fitted_code(Pledge, "RET", order.code)


def _follow_up_code(order: RepairOrder) -> str:
    """The code of the order that keeps repairing the rest of a partly returned `order`."""
    code = f"{order.code}-REST"
    if len(code) > 40 or RepairOrder.objects.filter(code=code).exists():
        code = f"RO-REST-{order.pk}"
    return code


# Repair facilities ----------------------------------------------------------------------------


def repair_facility_create(*, actor: Any, **fields: Any) -> RepairFacility:
    """A facility and the item groups it repairs (a list of groups or ids)."""
    return create_record(actor=actor, model=RepairFacility,
                         summary=gettext_noop("facility added"), **fields)


def repair_facility_update(
    *, actor: Any, facility: RepairFacility, **changes: Any
) -> RepairFacility:
    return update_record_with_many(actor=actor, obj=facility,
                                   summary=gettext_noop("facility changed"),
                                   **changes)
