"""Logistics nodes in the eastern part of the alliance, donors' depots, the recipient's
destinations, the lanes between them and a few weeks of changed node capacity.

Places are real; capacities, transit times and costs are illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from convoy.core.models import Nation, Organisation
from convoy.intake.demo.base import SYSTEM, Loader
from convoy.intake.demo.nations import organisation
from convoy.logistics.models import CapacityException, Lane, Location, Node
from convoy.logistics.services import capacity_exception_set


@dataclass(frozen=True)
class NodeSpec:
    code: str
    name: str
    nation: str
    place: str
    capacity_t: int
    operator: str


NODES = [
    NodeSpec("NODE-RZE", "Logistics node Rzeszów", "POL", "Rzeszów-Jasionka", 1800,
             "Rzeszów node operations cell"),
    NodeSpec("NODE-KSC", "Logistics node Košice", "SVK", "Košice", 700,
             "Košice node operations cell"),
    NodeSpec("NODE-SCV", "Logistics node Suceava", "ROU", "Suceava", 600,
             "Suceava node operations cell"),
    NodeSpec("NODE-CND", "Logistics node Constanța", "ROU", "Port of Constanța", 1200,
             "Constanța port node operations cell"),
]

DESTINATIONS = {
    "UKR-W": "Western Ukraine (Lviv hub)",
    "UKR-C": "Central Ukraine (Kyiv hub)",
    "UKR-E": "Eastern Ukraine (Dnipro hub)",
    "UKR-S": "Southern Ukraine (Odesa hub)",
}

# node: destination: (transit weeks, EUR per tonne)
OUTBOUND = {
    "NODE-RZE": {"UKR-W": (1, 90), "UKR-C": (1, 150), "UKR-E": (2, 260), "UKR-S": (2, 240)},
    "NODE-KSC": {"UKR-W": (1, 120), "UKR-C": (1, 180), "UKR-E": (2, 280), "UKR-S": (2, 260)},
    "NODE-SCV": {"UKR-W": (1, 140), "UKR-C": (1, 160), "UKR-E": (2, 230), "UKR-S": (1, 150)},
    "NODE-CND": {"UKR-W": (2, 210), "UKR-C": (2, 200), "UKR-E": (2, 240), "UKR-S": (1, 110)},
}

# Where a depot's equipment enters the node network, by the donor's region: node:
# (transit weeks, EUR per tonne). Overseas donors ship by sea to Constanța or fly to Rzeszów.
REGIONS = {
    "near": ({"CZE", "DEU", "EST", "LTU", "LVA", "POL", "SVK", "AUT"},
             {"NODE-RZE": (1, 120), "NODE-KSC": (1, 110), "NODE-SCV": (2, 160)}),
    "north-west": ({"BEL", "CHE", "DNK", "FIN", "FRA", "GBR", "IRL", "ISL", "LUX", "NLD", "NOR",
                    "SWE"},
                   {"NODE-RZE": (2, 210), "NODE-KSC": (2, 230)}),
    "south": ({"ALB", "BGR", "CYP", "ESP", "GRC", "HRV", "ITA", "MKD", "MLT", "MNE", "PRT",
               "ROU", "SVN", "TUR"},
              {"NODE-CND": (2, 140), "NODE-SCV": (2, 190), "NODE-KSC": (2, 220)}),
    "overseas": ({"AUS", "CAN", "JPN", "KOR", "NZL", "USA"},
                 {"NODE-RZE": (3, 1400), "NODE-CND": (5, 380)}),
}

# Weeks (Mondays) when a node handles more or less than usual.
CAPACITY_EXCEPTIONS = [
    ("NODE-RZE", date(2025, 12, 22), 900, "Christmas and New Year: half the shifts"),
    ("NODE-RZE", date(2026, 11, 30), 1000, "Runway resurfacing at Jasionka, one runway closed"),
    ("NODE-SCV", date(2026, 12, 7), 900, "Surge: extra rail wagons for the winter package"),
    ("NODE-KSC", date(2026, 12, 28), 350, "Holiday week"),
    ("NODE-CND", date(2027, 1, 4), 700, "Winter storms: berth closures expected"),
]


def inbound_lanes(nation_code: str) -> dict[str, tuple[int, int]]:
    for members, lanes in REGIONS.values():
        if nation_code in members:
            return lanes
    raise KeyError(f"No region for {nation_code}")


def depot_code(nation_code: str) -> str:
    return f"DEP-{nation_code}"


@dataclass
class Network:
    nodes: dict[str, Node]
    depots: dict[str, Location]
    destinations: dict[str, Location]
    operators: dict[str, Organisation]


def ensure_depot(
    loader: Loader, network: Network, *, code: str, name: str, nation: Nation
) -> Location:
    """A depot and its inbound lanes to the nodes of its nation's region."""
    depot = loader.record(Location, ("code",), code=code, name=name, nation=nation,
                          kind=Location.Kind.DEPOT)
    for node_code, (weeks, cost) in inbound_lanes(nation.code).items():
        node = network.nodes[node_code]
        loader.record(Lane, ("node", "location", "direction"), node=node, location=depot,
                      direction=Lane.Direction.INBOUND, transit_weeks=weeks, cost_per_t=cost)
    network.depots[code] = depot
    return depot


def load_network(loader: Loader, nations: dict[str, Nation], donors: list[str]) -> Network:
    operators, nodes = {}, {}
    for spec in NODES:
        operators[spec.code] = organisation(
            loader, name=spec.operator, short_name=spec.code.removeprefix("NODE-") + " node",
            nation=nations[spec.nation], kind=Organisation.Kind.NODE_OPERATOR,
        )
        nodes[spec.code] = loader.record(
            Node, ("code",), code=spec.code, name=spec.name, nation=nations[spec.nation],
            place=spec.place, operator=operators[spec.code], capacity_t_per_week=spec.capacity_t,
        )
    destinations = {
        code: loader.record(Location, ("code",), code=code, name=name, nation=nations["UKR"],
                            kind=Location.Kind.DESTINATION)
        for code, name in DESTINATIONS.items()
    }
    for node_code, lanes in OUTBOUND.items():
        for destination, (weeks, cost) in lanes.items():
            loader.record(Lane, ("node", "location", "direction"), node=nodes[node_code],
                          location=destinations[destination], direction=Lane.Direction.OUTBOUND,
                          transit_weeks=weeks, cost_per_t=cost)
    network = Network(nodes, {}, destinations, operators)
    for code in donors:
        ensure_depot(loader, network, code=depot_code(code),
                     name=f"{nations[code].name} national depot", nation=nations[code])
    for node_code, week, capacity, reason in CAPACITY_EXCEPTIONS:
        node = nodes[node_code]
        loader.ensure(CapacityException, {"node": node, "week_start": week},
                      capacity_exception_set, actor=SYSTEM, node=node, week_start=week,
                      capacity_t=capacity, reason=reason)
    return network
