"""The baseline a coordination cell would do by hand.

Requirements in order of priority (then due week); for each, repeatedly take the pledge/node that
arrives earliest (cheapest on ties) with node capacity left, and book crews from the session that
ends earliest with seats left. Never ships at a loss. Every step keeps the plan valid, so the
result is a valid plan by construction (the solve path still checks it).
"""

from __future__ import annotations

import time
from collections import defaultdict

import numpy as np

from convoy.planner.network import FloatArray, IntArray, Network
from convoy.planner.plan import Shipment, TrainingAssignment
from convoy.planner.scenario import Scenario


def next_week_with_room(capacity: FloatArray, mass: float) -> IntArray:
    """[node, week] -> first week >= week whose remaining capacity takes one unit (H = none)."""
    n_nodes, horizon = capacity.shape
    idx = np.where(capacity >= mass, np.arange(horizon), horizon)
    out = np.minimum.accumulate(idx[:, ::-1], axis=1)[:, ::-1]
    return np.concatenate([out, np.full((n_nodes, 1), horizon)], axis=1)


Base = tuple[list[Shipment], list[TrainingAssignment]]


class _Crews:
    """Crews per (requirement, course): ready pool and seat bookings."""

    def __init__(self, scenario: Scenario, base: Base) -> None:
        self.scenario = scenario
        self.seats = {s.id: s.seats for c in scenario.courses for s in c.sessions}
        self.sessions_by_course = {
            c.id: sorted(c.sessions, key=lambda s: (s.end_week, s.id)) for c in scenario.courses}
        self.pool: dict[tuple[str, str], list[list[int]]] = defaultdict(list)  # [ready, unused]
        self.booked: dict[tuple[str, str], int] = defaultdict(int)
        for t in base[1]:
            self.seats[t.session] -= t.crews
            self.booked[(t.requirement, t.session)] += t.crews
        self._pool_from(base)

    def _pool_from(self, base: Base) -> None:
        """Crews still free for new arrivals, after the base plan's shipments.

        With slack(k) = crews ready by week k - crews needed by arrivals up to k, a new unit
        arriving in week a may use min(slack(k) for k >= a) crews; the pool holds that suffix
        minimum as entries (ready week, crews)."""
        horizon = self.scenario.horizon_weeks
        ready: dict[tuple[str, str], FloatArray] = {}
        for (rid, course), crews in self.scenario.trained.items():
            ready.setdefault((rid, course), np.zeros(horizon))[0] += crews
        for (rid, course), later in self.scenario.ready_later.items():
            for week, crews in later:
                ready.setdefault((rid, course), np.zeros(horizon))[week] += crews
        for t in base[1]:
            ses = self.scenario.session_by_id[t.session]
            if ses.end_week < horizon:
                ready.setdefault((t.requirement, ses.course), np.zeros(horizon))[
                    ses.end_week] += t.crews
        need: dict[tuple[str, str], FloatArray] = {}
        for s in base[0]:
            item = self.scenario.item_by_id[self.scenario.pledge_by_id[s.pledge].item]
            if item.training is None:
                continue
            req = self.scenario.requirement_by_id[s.requirement]
            arrival = s.dispatch_week + self.scenario.lane_by_ends[(s.node, req.destination)].weeks
            need.setdefault((req.id, item.training.course), np.zeros(horizon))[arrival] += (
                s.quantity * item.training.crews_per_unit)
        for key, have in ready.items():
            slack = np.cumsum(have) - np.cumsum(need.get(key, np.zeros(horizon)))
            free = np.minimum.accumulate(slack[::-1])[::-1]
            steps = np.diff(np.concatenate([[0.0], np.maximum(free, 0.0)]))
            self.pool[key] = [[k, round(float(v))] for k, v in enumerate(steps) if v > 0.5]

    def earliest(self, rid: str, course: str, cpu: int) -> int | None:
        """Earliest week at which crews for one more unit could be ready."""
        weeks = []
        unused = 0
        for ready, left in sorted(self.pool[(rid, course)]):
            unused += left
            if unused >= cpu:
                weeks.append(ready)
                break
        last = self.scenario.horizon_weeks - 1
        for s in self.sessions_by_course.get(course, []):
            if self.seats[s.id] >= cpu and s.end_week <= last:
                weeks.append(s.end_week)
                break
        return min(weeks) if weeks else None

    def units_ready(self, rid: str, course: str, cpu: int, arrival: int) -> int:
        pooled = sum(left for ready, left in self.pool[(rid, course)] if ready <= arrival)
        if pooled >= cpu:
            return pooled // cpu
        for s in self.sessions_by_course.get(course, []):
            if self.seats[s.id] >= cpu and s.end_week <= arrival:
                return (pooled + self.seats[s.id]) // cpu
        return 0

    def take(self, rid: str, course: str, crews: int, arrival: int) -> None:
        pool = self.pool[(rid, course)]
        for entry in sorted(pool):
            if entry[0] <= arrival and crews > 0:
                used = min(entry[1], crews)
                entry[1] -= used
                crews -= used
        # Remaining crews come from the earliest-ending session that can seat them.
        for s in self.sessions_by_course.get(course, []):
            if crews <= 0:
                break
            if s.end_week <= arrival and self.seats[s.id] > 0:
                used = min(self.seats[s.id], crews)
                self.seats[s.id] -= used
                self.booked[(rid, s.id)] += used
                crews -= used
        assert crews == 0, "greedy booked crews it had not checked"

    def assignments(self) -> list[TrainingAssignment]:
        return [TrainingAssignment(r, s, c) for (r, s), c in sorted(self.booked.items()) if c > 0]


def solve_greedy(scenario: Scenario, base: Base | None = None,
                 net: Network | None = None, deadline: float | None = None) -> Base:
    """The greedy plan; with `base` (a valid plan), only fill what it leaves unused and return
    base plus the additions. Past `deadline` (a time.perf_counter() value) it stops adding:
    every step keeps the plan valid, so what it has so far is returned."""
    base = base or ([], [])
    net = net or Network(scenario)
    horizon = net.horizon
    capacity = net.capacity.copy()
    supply = np.array([p.quantity for p in scenario.pledges], dtype=np.int64)
    received: dict[str, int] = defaultdict(int)
    pledge_pos = {p.id: k for k, p in enumerate(scenario.pledges)}
    node_pos = {n: k for k, n in enumerate(net.node_ids)}
    for s in base[0]:
        supply[pledge_pos[s.pledge]] -= s.quantity
        received[s.requirement] += s.quantity
        capacity[node_pos[s.node], s.dispatch_week] -= (
            s.quantity * scenario.item_by_id[scenario.pledge_by_id[s.pledge].item].unit_mass_t)
    out_weeks, out_cost = net.outbound
    in_cost = net.inbound[1]
    crews = _Crews(scenario, base)
    weights = scenario.weights
    shipped: dict[tuple[int, str, int, int], int] = defaultdict(int)
    for s in base[0]:
        shipped[(pledge_pos[s.pledge], s.requirement, node_pos[s.node], s.dispatch_week)] += (
            s.quantity)
    order = sorted(range(len(scenario.requirements)),
                   key=lambda k: (scenario.requirements[k].priority,
                                  scenario.requirements[k].due_week, k))
    for r_idx in order:
        if deadline is not None and time.perf_counter() > deadline:
            break
        req = scenario.requirements[r_idx]
        points = weights.points(req.priority) / max(req.quantity, 1)
        dest = int(net.req_destination[r_idx])
        w2 = out_weeks[dest]  # [node]
        remaining = req.quantity - received[req.id]
        items = net.items_by_group.get(req.group, [])
        while remaining > 0:
            best: tuple[int, float, int, int, int, int] | None = None
            for i in items:
                pledges = net.pledges_by_item.get(i)
                if pledges is None:
                    continue
                live = pledges[supply[pledges] > 0]
                if live.size == 0:
                    continue
                item = scenario.items[i]
                floor_week = 0
                if item.training is not None:
                    cw = crews.earliest(req.id, item.training.course, item.training.crews_per_unit)
                    if cw is None:
                        continue
                    floor_week = cw
                ready = net.pledge_ready[live]  # [pledge, node]
                start = np.maximum(ready, floor_week - np.maximum(w2, 0)[None, :])
                ok = (ready >= 0) & (w2[None, :] >= 0) & (start < horizon)
                nxt = next_week_with_room(capacity, float(net.mass[i]))
                node_idx = np.broadcast_to(np.arange(len(w2)), start.shape)
                disp = nxt[node_idx, np.clip(start, 0, horizon)]
                arrival = disp + w2[None, :]
                ok &= (disp < horizon) & (arrival <= horizon - 1)
                if not ok.any():
                    continue
                cost = net.mass[i] * (in_cost[net.pledge_origin[live]] + out_cost[dest][None, :])
                late = np.maximum(0, arrival - req.due_week)
                value = points * np.maximum(0.0, 1.0 - weights.late_decay_per_week * late)
                gain = value - cost / weights.eur_per_point
                ok &= gain > 1e-12
                if not ok.any():
                    continue
                key = np.where(ok, arrival * 1e6 - gain, np.inf)
                p_k, n_k = np.unravel_index(int(np.argmin(key)), key.shape)
                cand = (int(arrival[p_k, n_k]), -float(gain[p_k, n_k]), i, int(live[p_k]),
                        int(n_k), int(disp[p_k, n_k]))
                if best is None or cand[:2] < best[:2]:
                    best = cand
            if best is None:
                break
            arrival_w, _, i, p, n, week = best
            item = scenario.items[i]
            qty = min(remaining, int(supply[p]),
                      int((capacity[n, week] + 1e-7) // net.mass[i]))
            if item.training is not None:
                course, cpu = item.training.course, item.training.crews_per_unit
                qty = min(qty, crews.units_ready(req.id, course, cpu, arrival_w))
                if qty <= 0:
                    break
                crews.take(req.id, course, qty * cpu, arrival_w)
            assert qty > 0
            supply[p] -= qty
            remaining -= qty
            capacity[n, week] -= qty * net.mass[i]
            shipped[(p, req.id, n, week)] += qty
    shipments = [Shipment(scenario.pledges[p].id, rid, net.node_ids[n], q, w)
                 for (p, rid, n, w), q in shipped.items() if q > 0]
    return shipments, crews.assignments()
