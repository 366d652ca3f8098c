"""The donations scenario as plain data, decided before anything is written: pledges with their
lifecycle dates, the requirements they fill, allocations and shipment schedules.

Deciding it all from the seed first keeps the demo the same on every load, whatever is already
in the database, so a second load finds every natural key and writes nothing.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from convoy.intake.demo.base import TODAY, days
from convoy.intake.demo.catalog import GROUPS, ITEM_BY_PUN_SYSTEM, ITEM_SPECS, ItemSpec
from convoy.intake.demo.logistics import OUTBOUND, inbound_lanes

FIRST_DAY = date(2024, 7, 1)  # after the Washington summit launched the effort
NODES_TRACKED_FROM = date(2025, 1, 1)  # shipments through the nodes are on record from then
LAST_ANNOUNCED = date(2026, 1, 31)
ILLUSTRATIVE_PLEDGES = 170
REAL_PREFIX = "PUN-"  # pledges from Protect Ukraine Now's commitment rows

# Quantities an illustrative pledge of the item holds (min, max), for a large donor.
ILLUSTRATIVE_QUANTITIES = {
    "PAC3-MSE": (4, 24), "PAC2-GEMT": (4, 16), "IRIST-SL-MSL": (10, 60),
    "M795": (5000, 60000), "DM121": (5000, 40000), "GMLRS-POD": (5, 40),
    "M113": (10, 50), "BMP1": (10, 40), "T72": (10, 40), "M109": (4, 12),
    "UAS-RECON-KIT": (20, 200), "UAS-FIXED-WING": (2, 12), "FPV-100": (20, 400),
    "INTERCEPTOR-50": (10, 100), "MINE-CLEAR-VEH": (1, 6), "DEMINING-ROBOT": (2, 10),
    "MINE-DETECTOR-10": (10, 100), "EOD-KIT": (5, 40), "PATROL-RIVERINE": (2, 10),
    "PATROL-COASTAL": (1, 4), "USV": (5, 30), "RADIO-VHF": (200, 3000),
    "SATCOM-TERMINAL": (100, 2000), "IT-CYBER-KIT": (2, 20), "AMBULANCE-ARM": (5, 40),
    "IFAK-50": (100, 2000), "FIELD-HOSPITAL": (1, 4), "HET": (5, 30), "TRUCK-8T": (20, 200),
    "TRUCK-FUEL": (10, 60),
}
# Partners whose policy is to give Ukraine no lethal aid pledge only these.
NON_LETHAL_DONORS = {"AUT", "CHE", "CYP", "IRL", "JPN", "KOR", "MLT"}
NON_LETHAL_ITEMS = {
    "UAS-RECON-KIT", "MINE-DETECTOR-10", "EOD-KIT", "DEMINING-ROBOT", "MINE-CLEAR-VEH",
    "RADIO-VHF", "SATCOM-TERMINAL", "IT-CYBER-KIT", "AMBULANCE-ARM", "IFAK-50",
    "FIELD-HOSPITAL", "HET", "TRUCK-8T", "TRUCK-FUEL",
}
# How urgent the recipient rates each capability area (1 most urgent).
AREA_PRIORITY = {
    "air-defence": 1, "artillery": 1, "drones": 2, "medical": 2, "air-force": 2, "armour": 3,
    "demining": 3, "it": 3, "maritime": 4, "logistics": 4,
}
AREA_DESTINATIONS = {
    "air-defence": ["UKR-C", "UKR-C", "UKR-W", "UKR-S", "UKR-E"],
    "air-force": ["UKR-W", "UKR-C"],
    "maritime": ["UKR-S"],
}
FRONT_DESTINATIONS = ["UKR-E", "UKR-E", "UKR-S", "UKR-C"]


@dataclass
class ShipmentPlan:
    quantity: int
    node: str
    dispatch: date
    arrival_at_node: date
    departure: date
    handover: date

    def status_on(self, day: date) -> str:
        steps = [(self.handover, "delivered"), (self.departure, "onward"),
                 (self.arrival_at_node, "at_node"), (self.dispatch, "in_transit")]
        return next((status for when, status in steps if when <= day), "planned")


@dataclass
class AllocationPlan:
    requirement: str
    quantity: int
    shipments: list[ShipmentPlan] = field(default_factory=list)


@dataclass
class PledgePlan:
    code: str
    donor: str
    item: str
    quantity: int
    announced_on: date
    status: str
    value_eur: Decimal
    notes: str
    committed_on: date | None = None
    delivery_started_on: date | None = None
    delivered_on: date | None = None
    cancelled_on: date | None = None
    allocations: list[AllocationPlan] = field(default_factory=list)

    @property
    def available_from(self) -> date:
        return (self.committed_on or self.announced_on) + days(14)

    @property
    def mass_t(self) -> float:
        return float(ITEM_SPECS[self.item].mass_t) * self.quantity


@dataclass
class RequirementPlan:
    code: str
    group: str
    quantity: int
    priority: int
    needed_by: date
    destination: str
    cancelled: bool = False
    left: int = 0
    notes: str = ""


@dataclass
class DonationsPlan:
    pledges: list[PledgePlan]
    requirements: list[RequirementPlan]


def plan_donations(
    rng: random.Random, figures: dict, donors: list[str], unit_values: dict[str, int]
) -> DonationsPlan:
    pledges = _real_commitments(figures, donors, unit_values)
    pledges += _illustrative_pledges(rng, figures, donors, unit_values, len(pledges))
    for pledge in pledges:
        _decide_status(rng, pledge)
    requirements = _requirements(rng, pledges)
    _allocate_and_ship(rng, pledges, requirements)
    _date_open_requirements(rng, requirements)
    return DonationsPlan(pledges, requirements)


def _date_open_requirements(rng: random.Random, requirements: list[RequirementPlan]) -> None:
    """What is still open is needed in the coming months, sooner the more urgent it is; filled
    and cancelled requirements keep their dates in the past."""
    for requirement in requirements:
        if requirement.left and not requirement.cancelled:
            weeks = rng.randint(2 + 3 * requirement.priority, 8 + 6 * requirement.priority)
            requirement.needed_by = TODAY + timedelta(weeks=weeks)


def _value(spec: ItemSpec, quantity: int, unit_values: dict[str, int]) -> Decimal:
    return Decimal(unit_values.get(spec.code, spec.price_eur) * quantity)


def _real_commitments(
    figures: dict, donors: list[str], unit_values: dict[str, int]
) -> list[PledgePlan]:
    """One pledge per Protect Ukraine Now commitment row whose system the catalogue holds."""
    pledges, codes = [], set()
    for row in figures["heavy_weapon_commitments"]:
        item = ITEM_BY_PUN_SYSTEM.get(row["system"])
        if item is None or row["donor"] not in donors:
            continue
        day = date.fromisoformat(row["date"])
        code = f"{REAL_PREFIX}{day:%Y%m%d}-{row['donor']}-{item}"
        while code in codes:
            code += "-2"
        codes.add(code)
        pledges.append(PledgePlan(
            code=code, donor=row["donor"], item=item, quantity=row["quantity"],
            announced_on=day, status="announced",
            value_eur=_value(ITEM_SPECS[item], row["quantity"], unit_values),
            notes=f"Commitment of {row['quantity']} × {row['system']} ({row['category']}) "
                  f"reported on {day} by Protect Ukraine Now.",
        ))
    return pledges


def _illustrative_pledges(
    rng: random.Random, figures: dict, donors: list[str], unit_values: dict[str, int], start: int
) -> list[PledgePlan]:
    """Pledges of the catalogue's other items, from donors weighted by their military aid in
    2024-2025 as Kiel reports it (partners with none still pledge now and then)."""
    kiel = figures["kiel"]["donors"]
    weights = [
        max(kiel.get(c, {}).get("military_eur_bn_2024", 0)
            + kiel.get(c, {}).get("military_eur_bn_2025", 0), 0.05)
        for c in donors
    ]
    items = sorted(ILLUSTRATIVE_QUANTITIES)
    span = (LAST_ANNOUNCED - FIRST_DAY).days
    pledges = []
    for n in range(ILLUSTRATIVE_PLEDGES):
        donor = rng.choices(donors, weights)[0]
        item = rng.choice(sorted(NON_LETHAL_ITEMS) if donor in NON_LETHAL_DONORS else items)
        low, high = ILLUSTRATIVE_QUANTITIES[item]
        share = weights[donors.index(donor)] / max(weights)
        quantity = max(low, round(rng.uniform(low, high) * min(1.0, 0.25 + share)))
        day = FIRST_DAY + days(rng.randrange(span))
        pledges.append(PledgePlan(
            code=f"P-{day:%Y%m}-{donor}-{start + n + 1:04d}", donor=donor, item=item,
            quantity=quantity, announced_on=day, status="announced",
            value_eur=_value(ITEM_SPECS[item], quantity, unit_values),
            notes="Illustrative pledge.",
        ))
    return pledges


def _decide_status(rng: random.Random, pledge: PledgePlan) -> None:
    """Older pledges are further along; a few of every age are cancelled.

    The real heavy-weapon rows are approved commitments: committed on their date (or within
    two weeks), never shown as merely announced or cancelled.
    """
    age = (TODAY - pledge.announced_on).days
    if age > 600:
        odds = {"delivered": 50, "in_delivery": 20, "committed": 12, "cancelled": 8,
                "announced": 10}
    elif age > 420:
        odds = {"delivered": 25, "in_delivery": 30, "committed": 22, "cancelled": 8,
                "announced": 15}
    else:
        odds = {"delivered": 5, "in_delivery": 25, "committed": 30, "cancelled": 5,
                "announced": 35}
    real = pledge.code.startswith(REAL_PREFIX)
    if real:
        odds = {k: v for k, v in odds.items() if k not in ("announced", "cancelled")}
    status = rng.choices(list(odds), list(odds.values()))[0]
    pledge.status = status
    if status == "announced":
        return
    if status == "cancelled":
        if rng.random() < 0.5:
            pledge.committed_on = pledge.announced_on + days(rng.randint(10, 60))
        pledge.cancelled_on = min(TODAY, (pledge.committed_on or pledge.announced_on)
                                  + days(rng.randint(20, 150)))
        return
    pledge.committed_on = pledge.announced_on + days(rng.randint(0, 14) if real
                                                     else rng.randint(10, 60))


def _requirements(rng: random.Random, pledges: list[PledgePlan]) -> list[RequirementPlan]:
    """The recipient's requirements per item group: enough for what the pledges in delivery
    fill, plus open needs left for the planner, and a few cancelled ones."""
    to_fill: dict[str, int] = defaultdict(int)
    for pledge in pledges:
        if pledge.status in ("delivered", "in_delivery", "committed"):
            to_fill[ITEM_SPECS[pledge.item].group] += pledge.quantity
    requirements = []
    for group, (_name, area) in GROUPS.items():
        filled = to_fill.get(group, 0)
        extra = max(1, math.ceil(filled * rng.uniform(0.2, 0.6))) if filled else rng.randint(2, 8)
        total = filled + extra
        parts = max(1, min(total, rng.randint(2, 4)))
        cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
        sizes = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
        first = date(2024, 9, 1) + days(rng.randint(0, 120))
        step = (date(2027, 6, 30) - first).days // parts
        places = AREA_DESTINATIONS.get(area, FRONT_DESTINATIONS)
        for n, size in enumerate(sizes, start=1):
            priority = min(5, max(1, AREA_PRIORITY[area] + rng.choice([-1, 0, 0, 1])))
            requirements.append(RequirementPlan(
                code=f"REQ-{group}-{n:02d}", group=group, quantity=size, priority=priority,
                needed_by=first + days(step * (n - 1) + rng.randint(0, 30)),
                destination=rng.choice(places), left=size,
            ))
        if rng.random() < 0.2:
            requirements.append(RequirementPlan(
                code=f"REQ-{group}-{len(sizes) + 1:02d}", group=group,
                quantity=rng.randint(1, max(2, total // 4)), priority=rng.randint(3, 5),
                needed_by=date(2026, 3, 1) + days(rng.randint(0, 300)),
                destination=rng.choice(places), cancelled=True,
                notes="Superseded by a revised requirement.",
            ))
    return requirements


def _allocate_and_ship(
    rng: random.Random, pledges: list[PledgePlan], requirements: list[RequirementPlan]
) -> None:
    """Allocate pledges in the order they were committed to the requirements of their group
    (earliest needed first), and schedule shipments for what is moving."""
    by_group: dict[str, list[RequirementPlan]] = defaultdict(list)
    for requirement in sorted(requirements, key=lambda r: (r.needed_by, r.code)):
        if not requirement.cancelled:
            by_group[requirement.group].append(requirement)
    moving = [p for p in pledges if p.status in ("delivered", "in_delivery", "committed")]
    for pledge in sorted(moving, key=lambda p: (p.committed_on, p.code)):
        if pledge.status == "committed" and rng.random() < 0.4:
            continue  # left for the planner to allocate
        group = by_group[ITEM_SPECS[pledge.item].group]
        # One requirement that takes the whole pledge if there is one, else spread it.
        whole = next((r for r in group if r.left >= pledge.quantity), None)
        wanted = pledge.quantity
        for requirement in [whole] if whole else group:
            take = min(wanted, requirement.left)
            if take:
                pledge.allocations.append(AllocationPlan(requirement.code, take))
                requirement.left -= take
                wanted -= take
        _schedule(rng, pledge, {r.code: r for r in requirements})


def _schedule(rng: random.Random, pledge: PledgePlan, requirements: dict) -> None:
    """Shipment dates of a pledge's allocations, consistent with its status and TODAY."""
    assert pledge.committed_on is not None
    parts = [(requirements[a.requirement], a, q) for a in pledge.allocations
             for q in _split(rng, pledge, a.quantity)]
    if not parts:
        if pledge.status != "committed":
            pledge.status = "committed"
        return
    if pledge.status == "committed":
        # Allocated, with shipments planned to leave in the coming weeks.
        for requirement, allocation, quantity in parts:
            allocation.shipments.append(
                _shipment(rng, pledge, requirement, quantity, state="planned"))
        return
    start = pledge.committed_on + days(rng.randint(20, 120))
    if pledge.status == "delivered" and start > TODAY - days(150):
        pledge.status = "in_delivery"
    if pledge.status == "in_delivery":
        # Earlier parts have arrived; the last one is somewhere on its way now.
        start = min(start, TODAY - days(rng.randint(70, 120)))
        *done, (requirement, allocation, quantity) = parts
        live = ["in_transit", "at_node", "onward"] + (["planned"] if done else [])
        state = rng.choice(live)
        allocation.shipments.append(_shipment(rng, pledge, requirement, quantity, state=state))
    else:
        done = parts
    for n, (requirement, allocation, quantity) in enumerate(done):
        allocation.shipments.append(_shipment(rng, pledge, requirement, quantity,
                                              dispatch=start + days(10 * n)))
    shipments = [s for a in pledge.allocations for s in a.shipments]
    pledge.delivery_started_on = min(s.dispatch for s in shipments)
    if pledge.status == "delivered":
        pledge.delivered_on = max(s.handover for s in shipments)
        if pledge.delivered_on < NODES_TRACKED_FROM:
            # Delivered before the command's nodes took over: the allocation is on record,
            # the transport was bilateral and is not.
            for allocation in pledge.allocations:
                allocation.shipments = []


def _split(rng: random.Random, pledge: PledgePlan, quantity: int) -> list[int]:
    """Delivered pledges went in one shipment per allocation (the demo keeps history light);
    half the pledges in delivery move in two, so one is on its way while the other has
    arrived."""
    count = 2 if pledge.status == "in_delivery" and quantity > 1 and rng.random() < 0.5 else 1
    return [quantity // count + (1 if n < quantity % count else 0) for n in range(count)]


def _shipment(
    rng: random.Random, pledge: PledgePlan, requirement: RequirementPlan, quantity: int,
    *, dispatch: date | None = None, state: str = "delivered",
) -> ShipmentPlan:
    """A shipment through one of the nodes the donor's depot reaches, leaving on `dispatch`,
    or timed so that on TODAY it is in `state`."""
    lanes = inbound_lanes(pledge.donor)
    node = rng.choice(sorted(lanes))
    inbound = timedelta(weeks=lanes[node][0])
    outbound = timedelta(weeks=OUTBOUND[node][requirement.destination][0])
    stay = days(rng.randint(2, 6))
    if dispatch is None:
        dispatch = {
            "planned": TODAY + days(rng.randint(3, 40)),
            "in_transit": TODAY - days(rng.randint(0, inbound.days - 1)),
            "at_node": TODAY - days(rng.randint(0, stay.days - 1)) - inbound,
            "onward": TODAY - days(rng.randint(0, outbound.days - 1)) - stay - inbound,
        }[state]
    arrival = dispatch + inbound
    return ShipmentPlan(quantity, node, dispatch, arrival, arrival + stay,
                        arrival + stay + outbound)
