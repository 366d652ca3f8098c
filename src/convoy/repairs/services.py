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

from convoy.catalog.models import Item
from convoy.core.codes import fitted_code
from convoy.core.errors import DomainError
from convoy.core.models import Nation
from convoy.core.permissions import consequences_of_step, ensure_allowed
from convoy.core.services import create_record, transition
from convoy.donations.models import Pledge
from convoy.repairs.models import RepairFacility, RepairOrder
from convoy.repairs.selectors import units_received_in_week

R = RepairOrder.Status

REPAIR_STEPS: dict[str, list[str]] = {
    R.REQUESTED: [R.RECEIVED, R.CANCELLED],
    R.RECEIVED: [R.IN_REPAIR, R.CANCELLED],
    R.IN_REPAIR: [R.RETURNED],
}
LIFECYCLE_FIELDS = ("status", "received_on", "repair_started_on", "returned_on", "returned_as")


def facility_refusal(facility: RepairFacility, item: Item) -> str | None:
    """Why `facility` cannot take `item`, or None when it repairs the item's group."""
    if facility.item_groups.filter(pk=item.group_id).exists():
        return None
    return f"Repair facility {facility} does not repair {item.group} (the group of {item})."


def repair_order_create(*, actor: Any, **fields: Any) -> RepairOrder:
    """Request the repair of the recipient's equipment at a facility that repairs its group."""
    if set(fields) & set(LIFECYCLE_FIELDS):
        name = sorted(set(fields) & set(LIFECYCLE_FIELDS))[0]
        raise DomainError(
            {
                name: f"Repair order {fields.get('code', '')}: '{name}' is set by "
                f"the lifecycle steps, not when requesting."
            }
        )
    fields.setdefault("requested_on", timezone.localdate())
    with transaction.atomic():
        order = RepairOrder(**fields)
        ensure_allowed(actor, "add", order)
        # Missing fields are left to full_clean, which names them.
        if order.recipient_id and order.recipient.kind != Nation.Kind.RECIPIENT:
            raise DomainError(
                {"recipient": f"Repair order {order}: {order.recipient} is not a recipient nation."}
            )
        if order.facility_id and order.item_id:
            refusal = facility_refusal(order.facility, order.item)
            if refusal is not None:
                raise DomainError({"facility": f"Repair order {order}: {refusal}"})
        return create_record(actor=actor, model=RepairOrder, summary="requested", **fields)


def repair_order_receive(*, actor: Any, order: RepairOrder, on: date | None = None) -> RepairOrder:
    """The equipment arrived at the facility, within the facility's weekly intake."""
    on = on or timezone.localdate()
    with transaction.atomic():
        ensure_allowed(actor, "change", order)
        _ensure_step(order, R.RECEIVED)
        # Locking the facility serialises receipts there, so two cannot both fit the last slots.
        facility = RepairFacility.objects.select_for_update().get(pk=order.facility_id)
        _not_before(order, on, order.requested_on, "received_on", "requested")
        taken = units_received_in_week(facility, on)
        if taken + order.quantity > facility.capacity_per_week:
            raise DomainError(
                {
                    "received_on": f"Repair order {order}: {order.quantity} units would exceed the "
                    f"intake of {facility} in the week of {on} ({taken} of "
                    f"{facility.capacity_per_week} units already received)."
                }
            )
        return transition(
            actor=actor, obj=order, to=R.RECEIVED, allowed=REPAIR_STEPS, stamp="received_on", on=on
        )


def repair_order_start(*, actor: Any, order: RepairOrder, on: date | None = None) -> RepairOrder:
    on = on or timezone.localdate()
    with transaction.atomic():
        _not_before(order, on, order.received_on, "repair_started_on", "received")
        return transition(
            actor=actor,
            obj=order,
            to=R.IN_REPAIR,
            allowed=REPAIR_STEPS,
            stamp="repair_started_on",
            on=on,
        )


def repair_order_return(*, actor: Any, order: RepairOrder, on: date | None = None) -> RepairOrder:
    """The repaired equipment is ready at the facility's depot: it becomes a committed pledge."""
    on = on or timezone.localdate()
    with transaction.atomic():
        ensure_allowed(actor, "change", order)
        locked = RepairOrder.objects.select_for_update().select_related("facility").get(pk=order.pk)
        _ensure_step(locked, R.RETURNED)
        _not_before(locked, on, locked.repair_started_on, "returned_on", "put in repair")
        with consequences_of_step(actor):
            pledge = create_record(
                actor=actor,
                model=Pledge,
                code=_returned_pledge_code(locked),
                donor_id=locked.recipient_id,
                item_id=locked.item_id,
                quantity=locked.quantity,
                available_from=on,
                origin_id=locked.facility.location_id,
                source=Pledge.Source.REPAIR_RETURN,
                status=Pledge.Status.COMMITTED,
                announced_on=on,
                committed_on=on,
                notes=f"Returned from repair order {locked} at {locked.facility}.",
                summary=f"returned from repair order {locked}",
            )
        transition(
            actor=actor,
            obj=order,
            to=R.RETURNED,
            allowed=REPAIR_STEPS,
            stamp="returned_on",
            on=on,
            returned_as=pledge,
        )
    return order


def repair_order_cancel(*, actor: Any, order: RepairOrder) -> RepairOrder:
    return transition(actor=actor, obj=order, to=R.CANCELLED, allowed=REPAIR_STEPS)


def _ensure_step(order: RepairOrder, to: str) -> None:
    """Refuse a step the order's stored status does not allow, before anything else is checked
    or written (`transition` checks again under its row lock)."""
    current = RepairOrder.objects.filter(pk=order.pk).values_list("status", flat=True).get()
    if to not in REPAIR_STEPS.get(current, ()):
        raise DomainError(
            {"status": f"Repair order {order}: cannot go from '{current}' to '{R(to).label}'."}
        )


def _not_before(order: RepairOrder, on: date, earlier: date | None, field: str, what: str) -> None:
    if earlier is not None and on < earlier:
        raise DomainError(
            {field: f"Repair order {order}: {on} is before it was {what} ({earlier})."}
        )


def _returned_pledge_code(order: RepairOrder) -> str:
    return fitted_code(Pledge, "RET", order.code)
