"""Every write of the logistics app: planning shipments, tracking them through their node,
handing them over, and the weekly capacity exceptions of nodes.

A step the actor is allowed to take may have consequences on records their role does not manage
(a recipient planner's handover marks the shipment delivered and logs the tracking event). Those
are written under `consequences_of_step(actor)`: the permission rule is checked once, on the step
itself, and the audit trail names the actor.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from convoy.core.errors import DomainError
from convoy.core.permissions import consequences_of_step, ensure_allowed
from convoy.core.services import create_record, transition, update_record
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.logistics.models import CapacityException, Handover, Lane, Node, Shipment, TrackingEvent

S = Shipment.Status

# Which status each step may start from.
SHIPMENT_STEPS: dict[str, list[str]] = {
    S.PLANNED: [S.IN_TRANSIT, S.CANCELLED],
    S.IN_TRANSIT: [S.AT_NODE],
    S.AT_NODE: [S.ONWARD],
    S.ONWARD: [S.DELIVERED],
}


def shipment_plan(
    *,
    actor: Any,
    allocation: Allocation,
    quantity: int,
    node: Node,
    planned_departure: date,
    plan_run: Any = None,
) -> Shipment:
    """Plan part of an allocation through `node`, leaving the node on `planned_departure`.

    Both legs must exist as lanes; the arrival follows from the outbound lane's transit time.
    """
    with transaction.atomic():
        # Locking the allocation serialises concurrent plans of it, so the sum below stays true.
        allocation = (
            Allocation.objects.select_for_update()
            .select_related("pledge", "requirement")
            .get(pk=allocation.pk)
        )
        pledge, requirement = allocation.pledge, allocation.requirement
        if pledge.status == Pledge.Status.CANCELLED:
            raise DomainError(
                {"allocation": f"Allocation {allocation}: pledge {pledge} is cancelled."}
            )
        if requirement.status == Requirement.Status.CANCELLED:
            raise DomainError(
                {"allocation": f"Allocation {allocation}: requirement {requirement} is cancelled."}
            )
        inbound = _lane(node, pledge.origin, Lane.Direction.INBOUND)
        outbound = _lane(node, requirement.destination, Lane.Direction.OUTBOUND)
        if inbound is None:
            raise DomainError(
                {
                    "node": f"Node {node}: no inbound lane from {pledge.origin} (origin of pledge "
                    f"{pledge})."
                }
            )
        if outbound is None:
            raise DomainError(
                {
                    "node": f"Node {node}: no outbound lane to {requirement.destination} "
                    f"(destination of requirement {requirement})."
                }
            )
        already = shipped_quantity(allocation)
        if quantity > allocation.quantity - already:
            raise DomainError(
                {
                    "quantity": f"Allocation {allocation}: {quantity} units asked, but only "
                    f"{allocation.quantity - already} of {allocation.quantity} are not "
                    f"yet planned for shipment."
                }
            )
        return create_record(
            actor=actor,
            model=Shipment,
            allocation=allocation,
            quantity=quantity,
            node=node,
            origin=pledge.origin,
            destination=requirement.destination,
            planned_departure=planned_departure,
            planned_arrival=planned_departure + timedelta(weeks=outbound.transit_weeks),
            plan_run=plan_run,
            summary="planned",
        )


def shipped_quantity(allocation: Allocation) -> int:
    """Units of `allocation` in shipments that are not cancelled."""
    total = (
        Shipment.objects.filter(allocation=allocation)
        .exclude(status=S.CANCELLED)
        .aggregate(total=Sum("quantity"))["total"]
    )
    return total or 0


def shipment_dispatch(*, actor: Any, shipment: Shipment, at: datetime | None = None) -> Shipment:
    """The shipment left its origin for the node."""
    return _track(
        actor=actor,
        shipment=shipment,
        to=S.IN_TRANSIT,
        stamp="dispatched_at",
        kind=TrackingEvent.Kind.DISPATCHED,
        at=at,
    )


def shipment_record_arrival(
    *, actor: Any, shipment: Shipment, at: datetime | None = None
) -> Shipment:
    """The shipment arrived at its node."""
    return _track(
        actor=actor,
        shipment=shipment,
        to=S.AT_NODE,
        stamp="arrived_at_node_at",
        kind=TrackingEvent.Kind.ARRIVED_AT_NODE,
        at=at,
    )


def shipment_record_departure(
    *, actor: Any, shipment: Shipment, at: datetime | None = None
) -> Shipment:
    """The shipment left its node for the destination."""
    return _track(
        actor=actor,
        shipment=shipment,
        to=S.ONWARD,
        stamp="left_node_at",
        kind=TrackingEvent.Kind.LEFT_NODE,
        at=at,
    )


def shipment_hand_over(
    *,
    actor: Any,
    shipment: Shipment,
    received_quantity: int,
    receiving_unit: str,
    signed_by: str,
    at: datetime | None = None,
    remarks: str = "",
) -> Handover:
    """The recipient signs for the shipment at its destination; the shipment is delivered."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        ensure_allowed(actor, "add", Handover(shipment=locked))
        _ensure_step(locked, S.DELIVERED)
        if received_quantity > locked.quantity:
            raise DomainError(
                {
                    "received_quantity": f"Shipment {locked.pk}: {received_quantity} units "
                    f"received, but it carries only {locked.quantity}."
                }
            )
        handover = create_record(
            actor=actor,
            model=Handover,
            shipment=locked,
            received_quantity=received_quantity,
            receiving_unit=receiving_unit,
            signed_by=signed_by,
            signed_at=at,
            remarks=remarks,
            summary="handed over",
        )
        with consequences_of_step(actor):
            _track(
                actor=actor,
                shipment=locked,
                to=S.DELIVERED,
                stamp="handed_over_at",
                kind=TrackingEvent.Kind.HANDED_OVER,
                at=at,
            )
    shipment.refresh_from_db()
    return handover


def shipment_cancel(*, actor: Any, shipment: Shipment) -> Shipment:
    """Cancel a shipment that has not left its origin; its units can be planned again."""
    return transition(actor=actor, obj=shipment, to=S.CANCELLED, allowed=SHIPMENT_STEPS)


def capacity_exception_set(
    *, actor: Any, node: Node, week_start: date, capacity_t: Decimal | int | str, reason: str = ""
) -> CapacityException:
    """Set the node's capacity for the week starting on Monday `week_start` (create or update)."""
    if week_start.weekday() != 0:
        raise DomainError(
            {
                "week_start": f"Node {node}: a capacity exception starts on a Monday, "
                f"{week_start:%A} {week_start} is not one."
            }
        )
    with transaction.atomic():
        existing = (
            CapacityException.objects.select_for_update()
            .filter(node=node, week_start=week_start)
            .first()
        )
        if existing is not None:
            return update_record(actor=actor, obj=existing, capacity_t=capacity_t, reason=reason)
        return create_record(
            actor=actor,
            model=CapacityException,
            node=node,
            week_start=week_start,
            capacity_t=capacity_t,
            reason=reason,
        )


def _ensure_step(shipment: Shipment, to: str) -> None:
    """Refuse a step the shipment's status does not allow before anything else is written
    (`transition` checks again under its row lock)."""
    if to not in SHIPMENT_STEPS.get(shipment.status, ()):
        raise DomainError(
            {
                "status": f"Shipment {shipment.pk}: cannot go from "
                f"'{shipment.status}' to '{S(to).label}'."
            }
        )


def _lane(node: Node, location: Any, direction: str) -> Lane | None:
    return Lane.objects.filter(node=node, location=location, direction=direction).first()


def _track(
    *,
    actor: Any,
    shipment: Shipment,
    to: str,
    stamp: str,
    kind: str,
    at: datetime | None,
) -> Shipment:
    """Take one tracking step: the status change with its time stamp, and its TrackingEvent."""
    at = at or timezone.now()
    with transaction.atomic():
        transition(actor=actor, obj=shipment, to=to, allowed=SHIPMENT_STEPS, **{stamp: at})
        create_record(
            actor=actor,
            model=TrackingEvent,
            shipment=shipment,
            kind=kind,
            at=at,
            recorded_by=actor if getattr(actor, "pk", None) else None,
            summary=kind,
        )
    return shipment


# Lanes ----------------------------------------------------------------------------------------


def lane_create(*, actor: Any, **fields: Any) -> Lane:
    """A transport leg into a node from a depot, or out of it to a destination."""
    return create_record(actor=actor, model=Lane, summary="lane added", **fields)


def lane_update(*, actor: Any, lane: Lane, **changes: Any) -> Lane:
    return update_record(actor=actor, obj=lane, summary="lane changed", **changes)
