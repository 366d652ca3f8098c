"""Numeric view of a scenario shared by the solvers: integer indices and numpy arrays.

Built once per solve; the solvers work on array indices, and only the plan writer goes back to
string ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from convoy.planner.scenario import Scenario

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
NO_LANE = -1


@dataclass
class Network:
    scenario: Scenario

    @cached_property
    def horizon(self) -> int:
        return self.scenario.horizon_weeks

    @cached_property
    def node_ids(self) -> list[str]:
        return [n.id for n in self.scenario.nodes]

    @cached_property
    def item_index(self) -> dict[str, int]:
        return {it.id: k for k, it in enumerate(self.scenario.items)}

    @cached_property
    def mass(self) -> FloatArray:
        return np.array([it.unit_mass_t for it in self.scenario.items], dtype=np.float64)

    @cached_property
    def capacity(self) -> FloatArray:
        """Tonnes per (node, week)."""
        cap = np.empty((len(self.scenario.nodes), self.horizon), dtype=np.float64)
        for k, node in enumerate(self.scenario.nodes):
            cap[k, :] = node.capacity_t_per_week
            for week, value in node.capacity_overrides:
                cap[k, week] = value
        return cap

    @cached_property
    def origins(self) -> list[str]:
        return sorted({p.origin for p in self.scenario.pledges})

    @cached_property
    def destinations(self) -> list[str]:
        return sorted({r.destination for r in self.scenario.requirements})

    def _lanes(self, ends: list[str], inbound: bool) -> tuple[IntArray, FloatArray]:
        weeks = np.full((len(ends), len(self.node_ids)), NO_LANE, dtype=np.int64)
        cost = np.zeros((len(ends), len(self.node_ids)), dtype=np.float64)
        lanes = self.scenario.lane_by_ends
        for a, end in enumerate(ends):
            for n, node in enumerate(self.node_ids):
                lane = lanes.get((end, node) if inbound else (node, end))
                if lane is not None:
                    weeks[a, n] = lane.weeks
                    cost[a, n] = lane.cost_per_t
        return weeks, cost

    @cached_property
    def inbound(self) -> tuple[IntArray, FloatArray]:
        """(weeks, cost_per_t) of lane origin -> node, indexed [origin, node]; weeks -1 = none."""
        return self._lanes(self.origins, inbound=True)

    @cached_property
    def outbound(self) -> tuple[IntArray, FloatArray]:
        """(weeks, cost_per_t) of lane node -> destination, indexed [destination, node]."""
        return self._lanes(self.destinations, inbound=False)

    @cached_property
    def pledge_origin(self) -> IntArray:
        where = {o: k for k, o in enumerate(self.origins)}
        return np.array([where[p.origin] for p in self.scenario.pledges], dtype=np.int64)

    @cached_property
    def pledge_item(self) -> IntArray:
        return np.array([self.item_index[p.item] for p in self.scenario.pledges], dtype=np.int64)

    @cached_property
    def pledge_ready(self) -> IntArray:
        """Earliest dispatch week of each pledge at each node, [pledge, node]; -1 = no lane."""
        weeks = self.inbound[0][self.pledge_origin]
        avail = np.array([p.available_week for p in self.scenario.pledges], dtype=np.int64)
        return np.where(weeks >= 0, weeks + avail[:, None], NO_LANE)

    @cached_property
    def req_destination(self) -> IntArray:
        where = {d: k for k, d in enumerate(self.destinations)}
        return np.array([where[r.destination] for r in self.scenario.requirements],
                        dtype=np.int64)

    @cached_property
    def pledges_by_item(self) -> dict[int, IntArray]:
        order = np.argsort(self.pledge_item, kind="stable")
        if not len(order):  # np.split would give one empty part for no item at all
            return {}
        items, starts = np.unique(self.pledge_item[order], return_index=True)
        parts = np.split(order, starts[1:])
        return {int(i): part for i, part in zip(items, parts, strict=True)}

    @cached_property
    def items_by_group(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for k, it in enumerate(self.scenario.items):
            out.setdefault(it.group, []).append(k)
        return out


@dataclass
class PledgeClasses:
    """Pledges that differ only in id, donor and quantity (same item, origin, available week)
    are interchangeable for planning; solvers work on these classes."""

    item: IntArray
    origin: IntArray
    available: IntArray
    quantity: FloatArray
    members: list[list[int]]


def pledge_classes(net: Network) -> PledgeClasses:
    keys: dict[tuple[int, int, int], int] = {}
    members: list[list[int]] = []
    for p_idx, p in enumerate(net.scenario.pledges):
        if p.quantity <= 0:
            continue
        key = (int(net.pledge_item[p_idx]), int(net.pledge_origin[p_idx]), p.available_week)
        if key not in keys:
            keys[key] = len(members)
            members.append([])
        members[keys[key]].append(p_idx)
    arr = np.array(list(keys.keys()), dtype=np.int64).reshape(-1, 3)
    qty = np.array([sum(net.scenario.pledges[p].quantity for p in ms) for ms in members],
                   dtype=np.float64)
    return PledgeClasses(arr[:, 0], arr[:, 1], arr[:, 2], qty, members)
