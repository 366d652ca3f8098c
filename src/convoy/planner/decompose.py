"""Turn a compact-model flow into shipments.

Stock at a node is matched first-in first-out (any unit ready by the dispatch week may go), and
arrivals at a hub are matched to deliveries first-in first-out (a pooled hub may hand a unit that
arrived early to a requirement counted at its due week; an item hub matches exact weeks). The
pieces are summed per (pledge class, node, dispatch week, requirement), rounded down to whole
units, and spread over the member pledges of the class.
"""

from __future__ import annotations

from collections import defaultdict, deque

import numpy as np

from convoy.planner.compact import CompactModel
from convoy.planner.lp import FloatArray, IntArray
from convoy.planner.plan import Shipment, TrainingAssignment
from convoy.planner.scenario import Scenario

EPS = 1e-7
# A piece: (pledge class, node, dispatch week, amount)
Piece = tuple[int, int, int, float]


def _fifo(queue: deque[list[float]], amount: float) -> list[tuple[tuple[int, ...], float]]:
    """Take `amount` from the front of a queue of [key..., amount] entries."""
    taken: list[tuple[tuple[int, ...], float]] = []
    while amount > EPS and queue:
        entry = queue[0]
        used = min(entry[-1], amount)
        taken.append((tuple(int(v) for v in entry[:-1]), used))
        entry[-1] -= used
        amount -= used
        if entry[-1] <= EPS:
            queue.popleft()
    return taken


def flow_to_pieces(cm: CompactModel, x: FloatArray,
                   out_weeks: IntArray) -> dict[tuple[int, int, int, int], float]:
    """(class, node, dispatch week, requirement) -> amount carried by the flow `x`."""
    s_val, y_val, z_val = x[cm.s_col], x[cm.y_col], x[cm.z_col]
    # Stock matching per (item, node).
    inflow: dict[tuple[int, int], list[tuple[int, int, float]]] = defaultdict(list)
    for j in np.nonzero(s_val > EPS)[0].tolist():
        k, n = int(cm.s_class[j]), int(cm.s_node[j])
        inflow[(int(cm.class_item[k]), n)].append((int(cm.s_week[j]), k, float(s_val[j])))
    outflow: dict[tuple[int, int], list[int]] = defaultdict(list)
    for j in np.nonzero(y_val > EPS)[0].tolist():
        outflow[(int(cm.y_item[j]), int(cm.y_node[j]))].append(j)
    # hub -> list of (arrival week, class, node, dispatch week, amount)
    arrivals: dict[int, list[tuple[int, int, int, int, float]]] = defaultdict(list)
    for key, js in outflow.items():
        queue: deque[list[float]] = deque(
            [float(k), v] for _, k, v in sorted(inflow.get(key, []), key=lambda e: e[0]))
        for j in sorted(js, key=lambda j: int(cm.y_week[j])):
            t, n, d = int(cm.y_week[j]), key[1], int(cm.y_dest[j])
            for (k,), amt in _fifo(queue, float(y_val[j])):
                arrivals[int(cm.y_hub[j])].append((t + int(out_weeks[d, n]), k, n, t, amt))
    # Hub matching per hub, week by week.
    deliveries: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for j in np.nonzero(z_val > EPS)[0].tolist():
        deliveries[int(cm.z_hub[j])].append((int(cm.z_week[j]), int(cm.z_req[j]),
                                             float(z_val[j])))
    pieces: dict[tuple[int, int, int, int], float] = defaultdict(float)
    for hub, dels in deliveries.items():
        arr = sorted(arrivals.get(hub, []))
        queue = deque()
        pos = 0
        for week, r, amt in sorted(dels):
            while pos < len(arr) and arr[pos][0] <= week:
                _, k, n, t, a = arr[pos]
                queue.append([float(k), float(n), float(t), a])
                pos += 1
            for (k, n, t), used in _fifo(queue, amt):
                pieces[(k, n, t, r)] += used
    return pieces


def pieces_to_shipments(scenario: Scenario, members: list[list[int]],
                        pieces: dict[tuple[int, int, int, int], float],
                        node_ids: list[str]) -> list[Shipment]:
    """Round each piece down to whole units and spread it over the class's pledges."""
    left = {p: scenario.pledges[p].quantity for ms in members for p in ms}
    out: list[Shipment] = []
    for (k, n, t, r), amount in sorted(pieces.items()):
        units = int(np.floor(amount + 1e-6))
        for p in members[k]:
            if units <= 0:
                break
            take = min(units, left[p])
            if take > 0:
                left[p] -= take
                units -= take
                out.append(Shipment(scenario.pledges[p].id, scenario.requirements[r].id,
                                    node_ids[n], take, t))
    return out


def crews_to_training(scenario: Scenario, cm: CompactModel, x: FloatArray
                      ) -> list[TrainingAssignment]:
    """Crew assignments rounded down to whole crews."""
    sessions = [s for c in scenario.courses for s in c.sessions]
    out = []
    for j in range(len(cm.u_col)):
        crews = int(np.floor(x[cm.u_col[j]] + 1e-6))
        if crews > 0:
            out.append(TrainingAssignment(scenario.requirements[int(cm.u_req[j])].id,
                                          sessions[int(cm.u_session[j])].id, crews))
    return out
