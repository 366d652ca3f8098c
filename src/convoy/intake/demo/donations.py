"""Writes the donations plan through the domain services: requirements, pledges and their
lifecycle steps, allocations, and shipments tracked through their node to the handover."""

from __future__ import annotations

import random

from convoy.catalog.models import Item, ItemGroup
from convoy.core.models import Nation
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.donations.services import (
    allocation_create,
    pledge_cancel,
    pledge_commit,
    pledge_create,
    pledge_mark_delivered,
    pledge_start_delivery,
    requirement_cancel,
    requirement_create,
)
from convoy.intake.demo.base import RECORDED_FROM, SYSTEM, TODAY, Loader, at_noon
from convoy.intake.demo.logistics import Network, depot_code
from convoy.intake.demo.pledge_plan import DonationsPlan, PledgePlan, ShipmentPlan
from convoy.logistics.models import Shipment
from convoy.logistics.services import (
    shipment_dispatch,
    shipment_hand_over,
    shipment_plan,
    shipment_record_arrival,
    shipment_record_departure,
)

# Receiving units by the requirement's destination; brigade numbers are public, the pairing is
# illustrative, as are the officers who sign.
RECEIVING_UNITS = {
    "UKR-W": ["Logistics base Lviv", "Air Force Command West"],
    "UKR-C": ["Air Force Command Centre", "Joint Forces logistics, Kyiv"],
    "UKR-E": ["47th Mechanised Brigade", "93rd Mechanised Brigade", "Operational Command East"],
    "UKR-S": ["Operational Command South", "35th Marine Brigade"],
}
SIGNATORIES = ["Maj. O. Kovalenko", "Capt. I. Bondarenko", "Lt Col. M. Shevchenko",
               "Capt. N. Tkachenko", "Maj. V. Melnyk", "Sr Lt. A. Kravchenko"]


def load_donations(
    loader: Loader,
    plan: DonationsPlan,
    nations: dict[str, Nation],
    groups: dict[str, ItemGroup],
    items: dict[str, Item],
    network: Network,
) -> None:
    requirements = {}
    for spec in plan.requirements:
        requirement, made = loader.ensure(
            Requirement, {"code": spec.code}, requirement_create, actor=SYSTEM,
            as_of=RECORDED_FROM, code=spec.code,
            recipient=nations["UKR"], item_group=groups[spec.group], quantity=spec.quantity,
            priority=spec.priority, needed_by=spec.needed_by,
            destination=network.destinations[spec.destination], notes=spec.notes,
        )
        if made and spec.cancelled:
            requirement_cancel(actor=SYSTEM, requirement=requirement,
                               reason="Withdrawn by the recipient: no longer needed.")
        requirements[spec.code] = requirement
    for spec in plan.pledges:
        pledge, made = loader.ensure(
            Pledge, {"code": spec.code}, pledge_create, actor=SYSTEM, code=spec.code,
            donor=nations[spec.donor], item=items[spec.item], quantity=spec.quantity,
            available_from=spec.available_from, origin=network.depots[depot_code(spec.donor)],
            value_eur=spec.value_eur, announced_on=spec.announced_on, notes=spec.notes,
        )
        if made:
            _pledge_lifecycle(loader, spec, pledge, requirements, network)


def _pledge_lifecycle(
    loader: Loader, spec: PledgePlan, pledge: Pledge, requirements: dict[str, Requirement],
    network: Network,
) -> None:
    """Take the pledge's steps in the order they happened: commit, allocate, start delivery,
    move the shipments, mark it delivered (or cancel it)."""
    if spec.committed_on:
        pledge_commit(actor=SYSTEM, pledge=pledge, on=spec.committed_on)
    if spec.cancelled_on:
        pledge_cancel(actor=SYSTEM, pledge=pledge, on=spec.cancelled_on,
                      reason="Withdrawn by the donor.")
        return
    allocations = [
        (allocation, loader.ensure(
            Allocation, {"pledge": pledge, "requirement": requirements[allocation.requirement]},
            allocation_create, actor=SYSTEM, pledge=pledge,
            requirement=requirements[allocation.requirement], quantity=allocation.quantity,
        )[0])
        for allocation in spec.allocations
    ]
    if spec.delivery_started_on:
        pledge_start_delivery(actor=SYSTEM, pledge=pledge, on=spec.delivery_started_on)
    rng = random.Random(spec.code)  # the same signatures on every load
    for plan, allocation in allocations:
        for shipment in plan.shipments:
            _ship(loader, rng, allocation, shipment, network)
    if spec.delivered_on:
        pledge_mark_delivered(actor=SYSTEM, pledge=pledge, on=spec.delivered_on)


def _ship(
    loader: Loader, rng: random.Random, allocation: Allocation, spec: ShipmentPlan,
    network: Network,
) -> None:
    shipment, made = loader.ensure(
        Shipment, {"allocation": allocation, "planned_departure": spec.departure},
        shipment_plan, actor=SYSTEM, allocation=allocation, quantity=spec.quantity,
        node=network.nodes[spec.node], planned_departure=spec.departure,
    )
    if not made:
        return
    status = spec.status_on(TODAY)
    steps = [
        ("in_transit", shipment_dispatch, spec.dispatch),
        ("at_node", shipment_record_arrival, spec.arrival_at_node),
        ("onward", shipment_record_departure, spec.departure),
    ]
    order = ["planned", "in_transit", "at_node", "onward", "delivered"]
    for step_status, step, day in steps:
        if order.index(status) >= order.index(step_status):
            step(actor=SYSTEM, shipment=shipment, at=at_noon(day))
    if status == "delivered":
        destination = allocation.requirement.destination.code
        shipment_hand_over(
            actor=SYSTEM, shipment=shipment,
            receiving_unit=rng.choice(RECEIVING_UNITS[destination]),
            signed_by=rng.choice(SIGNATORIES), at=at_noon(spec.handover), **_received(spec),
        )


def _received(spec: ShipmentPlan) -> dict[str, object]:
    """What the recipient signed for: all of it, except for a few larger shipments (picked by
    their dates, the same on every load) that arrived with a unit or two damaged, left open as a
    discrepancy for the node's operator to resolve."""
    if spec.quantity < 10 or (spec.handover.toordinal() + spec.quantity) % 9:
        return {"received_quantity": spec.quantity}
    return {
        "received_quantity": spec.quantity - max(1, spec.quantity // 25),
        "short_reason": "damaged",
        "rest": "discrepancy",
        "remarks": "Damaged on the flatcar between the node and the destination.",
    }
