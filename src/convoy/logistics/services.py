"""Every write of the logistics app: planning shipments, tracking them through their node,
handing them over, and the weekly capacity exceptions of nodes.

A step the actor is allowed to take may have consequences on records their role does not manage
(a recipient planner's handover marks the shipment delivered and logs the tracking event). Those
are written under `consequences_of_step(actor)`: the permission rule is checked once, on the step
itself, and the audit trail names the actor.
"""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from convoy.core.dates import add_weeks
from convoy.core.errors import DomainError
from convoy.core.permissions import consequences_of_step, ensure_allowed
from convoy.core.services import (
    create_record,
    recorded_step_dates,
    step_date,
    step_reason,
    transition,
    update_record,
)
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.logistics.models import (
    CapacityException,
    Discrepancy,
    Handover,
    Lane,
    Node,
    Shipment,
    TrackingEvent,
)

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
                {"allocation": _(
                    "Allocation %(allocation)s: pledge %(pledge)s is cancelled."
                ) % {"allocation": allocation, "pledge": pledge}}
            )
        if requirement.status == Requirement.Status.CANCELLED:
            raise DomainError(
                {"allocation": _(
                    "Allocation %(allocation)s: requirement %(requirement)s is cancelled."
                ) % {"allocation": allocation, "requirement": requirement}}
            )
        inbound = _lane(node, pledge.origin, Lane.Direction.INBOUND)
        outbound = _lane(node, requirement.destination, Lane.Direction.OUTBOUND)
        if inbound is None:
            raise DomainError(
                {
                    "node": _(
                        "Node %(node)s: no inbound lane from %(origin)s (origin of pledge "
                        "%(pledge)s)."
                    ) % {"node": node, "origin": pledge.origin, "pledge": pledge}
                }
            )
        if outbound is None:
            raise DomainError(
                {
                    "node": _(
                        "Node %(node)s: no outbound lane to %(destination)s (destination of "
                        "requirement %(requirement)s)."
                    ) % {
                        "node": node,
                        "destination": requirement.destination,
                        "requirement": requirement,
                    }
                }
            )
        already = shipped_quantity(allocation)
        if quantity > allocation.quantity - already:
            raise DomainError(
                {
                    "quantity": _(
                        "Allocation %(allocation)s: %(quantity)s units asked, but only "
                        "%(value)s of %(quantity2)s are not yet planned for shipment."
                    ) % {
                        "allocation": allocation,
                        "quantity": quantity,
                        "value": allocation.quantity - already,
                        "quantity2": allocation.quantity,
                    }
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
            planned_arrival=add_weeks(planned_departure, outbound.transit_weeks),
            plan_run=plan_run,
            summary=gettext_noop("planned"),
        )


def shipped_quantity(allocation: Allocation) -> int:
    """Units of `allocation` in shipments that are not cancelled (a follow-up carries units its
    short shipment already counts)."""
    total = (
        Shipment.objects.filter(allocation=allocation, follow_up_of__isnull=True)
        .exclude(status=S.CANCELLED)
        .aggregate(total=Sum("quantity"))["total"]
    )
    return total or 0


def shipment_dispatch(
    *, actor: Any, shipment: Shipment, at: datetime | None = None, on: date | None = None
) -> Shipment:
    """The shipment left its origin for the node (`on` a day, or `at` a moment; now)."""
    return _track(
        actor=actor,
        shipment=shipment,
        to=S.IN_TRANSIT,
        stamp="dispatched_at",
        kind=TrackingEvent.Kind.DISPATCHED,
        at=at,
        on=on,
    )


def shipment_record_arrival(
    *, actor: Any, shipment: Shipment, at: datetime | None = None, on: date | None = None
) -> Shipment:
    """The shipment arrived at its node."""
    return _track(
        actor=actor,
        shipment=shipment,
        to=S.AT_NODE,
        stamp="arrived_at_node_at",
        kind=TrackingEvent.Kind.ARRIVED_AT_NODE,
        at=at,
        on=on,
    )


def shipment_record_departure(
    *, actor: Any, shipment: Shipment, at: datetime | None = None, on: date | None = None
) -> Shipment:
    """The shipment left its node for the destination."""
    return _track(
        actor=actor,
        shipment=shipment,
        to=S.ONWARD,
        stamp="left_node_at",
        kind=TrackingEvent.Kind.LEFT_NODE,
        at=at,
        on=on,
    )


def shipment_hand_over(
    *,
    actor: Any,
    shipment: Shipment,
    received_quantity: int,
    receiving_unit: str,
    signed_by: str,
    at: datetime | None = None,
    on: date | None = None,
    remarks: str = "",
    short_reason: str = "",
    rest: str = "",
) -> Handover:
    """The recipient signs for the shipment at its destination; the shipment is delivered.

    A short handover (fewer units received than shipped) gives the reason from the fixed list
    (`Handover.ShortReason`; "other" needs remarks) and what becomes of the rest: it stays open
    as a follow-up shipment still to be delivered (`rest="follow_up"`), or it is recorded as an
    open discrepancy someone must resolve (`rest="discrepancy"`).
    """
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        ensure_allowed(actor, "add", Handover(shipment=locked))
        _ensure_step(locked, S.DELIVERED)
        at = _step_moment(locked, at, on)
        if received_quantity > locked.quantity:
            raise DomainError(
                {
                    "received_quantity": _(
                        "Shipment %(pk)s: %(received_quantity)s units received, but it "
                        "carries only %(quantity)s."
                    ) % {
                        "pk": locked.pk,
                        "received_quantity": received_quantity,
                        "quantity": locked.quantity,
                    }
                }
            )
        missing = locked.quantity - received_quantity
        _check_short_handover(locked, missing, short_reason, rest, remarks)
        handover = create_record(
            actor=actor,
            model=Handover,
            shipment=locked,
            received_quantity=received_quantity,
            receiving_unit=receiving_unit,
            signed_by=signed_by,
            signed_at=at,
            remarks=remarks,
            short_reason=short_reason if missing else "",
            rest=rest if missing else "",
            summary=f"handed over, {missing} of {locked.quantity} units short" if missing
            else "handed over",
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
            if missing and rest == Handover.Rest.FOLLOW_UP:
                create_record(
                    actor=actor,
                    model=Shipment,
                    allocation_id=locked.allocation_id,
                    quantity=missing,
                    node_id=locked.node_id,
                    origin_id=locked.origin_id,
                    destination_id=locked.destination_id,
                    status=S.ONWARD,
                    planned_departure=locked.planned_departure,
                    planned_arrival=max(locked.planned_arrival, timezone.localdate(at)),
                    left_node_at=locked.left_node_at,
                    follow_up_of=locked,
                    summary=f"the {missing} units missing from shipment {locked.pk}, "
                    "still to be delivered",
                )
            elif missing:
                create_record(
                    actor=actor,
                    model=Discrepancy,
                    shipment=locked,
                    quantity=missing,
                    reason=short_reason,
                    note=remarks,
                    raised_at=at,
                    summary=f"{missing} units short at handover",
                )
    shipment.refresh_from_db()
    return handover


def _check_short_handover(
    shipment: Shipment, missing: int, reason: str, rest: str, remarks: str
) -> None:
    if not missing:
        return
    errors: dict[str, str] = {}
    label = _(
        "Shipment %(pk)s: %(missing)s of %(quantity)s units were not received"
    ) % {"pk": shipment.pk, "missing": missing, "quantity": shipment.quantity}
    if reason not in Handover.ShortReason.values:
        errors["short_reason"] = _(
            "%(label)s; say why (one of the listed reasons)."
        ) % {"label": label}
    elif reason == Handover.ShortReason.OTHER and not remarks.strip():
        errors["remarks"] = _(
            "%(label)s for another reason; describe it in the remarks."
        ) % {"label": label}
    if rest not in Handover.Rest.values:
        errors["rest"] = (_(
            "%(label)s; say whether they are still to be delivered or are a discrepancy to "
            "resolve."
        ) % {"label": label})
    if errors:
        raise DomainError(errors)


def discrepancy_resolve(
    *, actor: Any, discrepancy: Discrepancy, note: str = "", on: date | None = None
) -> Discrepancy:
    """Close a discrepancy with a note saying how it was settled (found, written off, replaced
    by the donor, ...): a coordinator or the operator of the shipment's node."""
    with transaction.atomic():
        locked = Discrepancy.objects.select_for_update().get(pk=discrepancy.pk)
        ensure_allowed(actor, "change", locked)
        if locked.status != Discrepancy.Status.OPEN:
            raise DomainError({"status": _(
                "Discrepancy %(locked)s: it is already resolved."
            ) % {"locked": locked}})
        text = step_reason(locked, note, field="note", what="how it was resolved")
        when = step_date(locked, on, after=[locked.raised_at])
        transition(
            actor=actor,
            obj=locked,
            to=Discrepancy.Status.RESOLVED,
            allowed={Discrepancy.Status.OPEN: [Discrepancy.Status.RESOLVED]},
            stamp="resolved_on",
            on=when,
            reason=text,
            resolution_note=text,
            resolved_by=actor if getattr(actor, "pk", None) else None,
        )
    discrepancy.refresh_from_db()
    return discrepancy


def shipment_cancel(
    *, actor: Any, shipment: Shipment, on: date | None = None, reason: str = ""
) -> Shipment:
    """Cancel a shipment that has not left its origin, giving the reason; its units can be
    planned again."""
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        ensure_allowed(actor, "change", locked)
        _ensure_step(locked, S.CANCELLED)
        text = step_reason(locked, reason)
        when = step_date(locked, on)
        transition(actor=actor, obj=locked, to=S.CANCELLED, allowed=SHIPMENT_STEPS, on=when,
                   reason=text)
    shipment.refresh_from_db()
    return shipment


def capacity_exception_set(
    *, actor: Any, node: Node, week_start: date, capacity_t: Decimal | int | str, reason: str = ""
) -> CapacityException:
    """Set the node's capacity for the week starting on Monday `week_start` (create or update)."""
    if week_start.weekday() != 0:
        raise DomainError(
            {
                "week_start": _(
                    "Node %(node)s: a capacity exception starts on a Monday, %(week_start)s "
                    "%(week_start2)s is not one."
                ) % {
                    "node": node,
                    "week_start": date_format(week_start, "l"),
                    "week_start2": week_start,
                }
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
                "status": _(
                    "Shipment %(pk)s: cannot go from '%(status)s' to '%(label)s'."
                ) % {"pk": shipment.pk, "status": shipment.status, "label": S(to).label}
            }
        )


def _step_moment(shipment: Shipment, at: datetime | None, on: date | None) -> datetime:
    """When a tracking step happened: `at`, or noon of the day `on` (now for today), checked
    against the rules of step dates (not in the future, not before the previous step)."""
    now = timezone.now()
    if at is None and on is not None:
        at = now if on == timezone.localdate(now) else timezone.make_aware(
            datetime.combine(on, time(12)))
    if at is None:
        return now
    created, _arrived = recorded_step_dates(shipment)
    previous = [shipment.dispatched_at, shipment.arrived_at_node_at, shipment.left_node_at]
    step_date(shipment, at, field="on" if on is not None else "at", after=[created, *previous])
    if at > now:
        raise DomainError({"at": _(
            "Shipment %(pk)s: %(at)s is in the future."
        ) % {"pk": shipment.pk, "at": at}})
    return at


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
    on: date | None = None,
) -> Shipment:
    """Take one tracking step: the status change with its time stamp, and its TrackingEvent."""
    with transaction.atomic():
        if on is not None or at is not None:
            _ensure_step(shipment, to)
        at = _step_moment(shipment, at, on)
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
    return create_record(actor=actor, model=Lane, summary=gettext_noop("lane added"), **fields)


def lane_update(*, actor: Any, lane: Lane, **changes: Any) -> Lane:
    return update_record(actor=actor, obj=lane, summary=gettext_noop("lane changed"), **changes)
