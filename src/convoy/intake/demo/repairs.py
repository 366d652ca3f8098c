"""Repair hubs in allied countries and the recipient's repair orders in every status.

Returned orders become committed pledges (by the repairs service) that can be allocated again.
Hubs, capacities, orders and serial numbers are illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from convoy.catalog.models import Item, ItemGroup
from convoy.core.models import Nation, Organisation
from convoy.intake.demo.base import SYSTEM, TODAY, Loader, days
from convoy.intake.demo.logistics import Network, ensure_depot
from convoy.intake.demo.nations import organisation
from convoy.intake.demo.training import ARMOUR_CENTRE_OPERATOR
from convoy.repairs.models import RepairFacility, RepairOrder
from convoy.repairs.services import (
    repair_order_cancel,
    repair_order_create,
    repair_order_receive,
    repair_order_return,
    repair_order_start,
)


@dataclass(frozen=True)
class HubSpec:
    code: str
    name: str
    nation: str
    place: str
    operator: str
    groups: tuple[str, ...]
    items: tuple[str, ...]  # what the recipient sends there
    capacity_per_week: int
    turnaround_weeks: int


HUBS = [
    HubSpec("REP-POL-ARMOUR", "Armour repair hub Gliwice", "POL", "Gliwice",
            ARMOUR_CENTRE_OPERATOR, ("ARM-MBT-W", "ARM-MBT-L"), ("LEO2A4", "LEO1A5", "PT91"),
            6, 8),
    HubSpec("REP-LTU-ARMOUR", "Leopard 2 repair hub Jonava", "LTU", "Jonava",
            "Lithuanian armour repair cell", ("ARM-MBT-W",), ("LEO2A6", "LEO2A4"), 3, 10),
    HubSpec("REP-SVK-ARTILLERY", "Artillery repair hub Michalovce", "SVK", "Michalovce",
            "Slovak artillery repair cell", ("ART-SPH155", "ART-TOWED155", "ART-122"),
            ("PZH2000", "ZUZANA2", "M777", "M109"), 5, 6),
    HubSpec("REP-ROU-VEHICLES", "Vehicle repair hub Satu Mare", "ROU", "Satu Mare",
            "Romanian vehicle repair cell", ("ARM-IFV", "ARM-APC", "LOG-HET", "LOG-TRUCK"),
            ("MARDER", "BRADLEY", "STRYKER", "TRUCK-8T"), 8, 5),
    HubSpec("REP-DEU-AIRDEF", "Air defence repair hub Unterlüß", "DEU", "Unterlüß",
            "German air defence repair cell", ("AD-SHORAD", "AD-MR"), ("GEPARD", "IRIST-SLS"),
            2, 12),
]
ORDERS_PER_HUB = 6


def load_repairs(
    loader: Loader, nations: dict[str, Nation], groups: dict[str, ItemGroup],
    items: dict[str, Item], network: Network,
) -> None:
    rng = loader.rng_for("repairs")
    number = 0
    for hub in HUBS:
        operator = organisation(loader, name=hub.operator, short_name=hub.code, nation=nations[
            hub.nation], kind=Organisation.Kind.FACILITY_OPERATOR)
        depot = ensure_depot(loader, network, code=f"{hub.code}-DEPOT",
                             name=f"{hub.name} depot", nation=nations[hub.nation])
        facility = loader.record(
            RepairFacility, ("code",), code=hub.code, name=hub.name, nation=nations[hub.nation],
            location=depot, operator=operator, item_groups=[groups[g] for g in hub.groups],
            capacity_per_week=hub.capacity_per_week, turnaround_weeks=hub.turnaround_weeks,
        )
        # The hub's orders in every status, oldest first; each arrives in a week of its own so
        # the weekly intake holds.
        statuses = ["returned", "returned", "in_repair", "received", "requested", "cancelled"]
        for n, status in enumerate(statuses[:ORDERS_PER_HUB]):
            number += 1
            item = items[rng.choice(hub.items)]
            quantity = rng.randint(1, min(3, hub.capacity_per_week))
            turnaround = timedelta(weeks=hub.turnaround_weeks)
            received = {
                "returned": TODAY - turnaround - days(40 + 60 * (1 - n)),
                "in_repair": TODAY - days(rng.randint(20, 40)),
                "received": TODAY - days(rng.randint(2, 5)),
            }.get(status)
            requested = (received or TODAY - days(rng.randint(1, 10))) - days(rng.randint(7, 21))
            code = f"RO-{requested:%Y}-{number:03d}"
            serials = "\n".join(f"{item.code}-{rng.randint(1000, 9999)}" for _ in range(quantity))
            order, made = loader.ensure(
                RepairOrder, {"code": code}, repair_order_create, actor=SYSTEM, code=code,
                recipient=nations["UKR"], item=item, quantity=quantity, serial_numbers=serials,
                facility=facility, requested_on=requested,
            )
            if not made:
                continue
            if status == "cancelled":
                repair_order_cancel(actor=SYSTEM, order=order,
                                    reason="Repaired in the field instead.")
                continue
            if received is None:
                continue
            repair_order_receive(actor=SYSTEM, order=order, on=received)
            if status in ("in_repair", "returned"):
                repair_order_start(actor=SYSTEM, order=order, on=received + days(3))
            if status == "returned":
                repair_order_return(actor=SYSTEM, order=order, on=received + turnaround)
