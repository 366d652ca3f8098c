"""The monolithic model, straight from the spec: one variable per possible shipment.

ship[p, r, n, t] for every pledge/requirement of the same group, node with both lanes and
dispatch week from the pledge's earliest to the last that arrives within the horizon;
crews[r, s] for every session of a course some item of r's group needs. It is the reference the
compact model is measured against (its LP relaxation is the bound both must agree on), and it is
only practical for small scenarios.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convoy.planner.lp import INF, IntArray, LinearModel
from convoy.planner.network import Network
from convoy.planner.scenario import Scenario


@dataclass
class MonolithicModel:
    model: LinearModel
    x_pledge: IntArray
    x_req: IntArray
    x_node: IntArray
    x_week: IntArray
    u_req: IntArray
    u_session: IntArray


def build_monolithic(scenario: Scenario) -> MonolithicModel:
    net = Network(scenario)
    w = scenario.weights
    horizon = net.horizon
    out_weeks, out_cost = net.outbound
    in_cost = net.inbound[1]
    n_nodes = len(net.node_ids)
    reqs = scenario.requirements
    parts: list[list[IntArray]] = [[], [], [], []]
    reqs_by_group: dict[str, list[int]] = {}
    for k, r in enumerate(reqs):
        reqs_by_group.setdefault(r.group, []).append(k)
    for group, items in net.items_by_group.items():
        r_idx = np.asarray(reqs_by_group.get(group, []), dtype=np.int64)
        pledges = [net.pledges_by_item[i] for i in items if i in net.pledges_by_item]
        if not len(r_idx) or not pledges:
            continue
        p_idx = np.concatenate(pledges)
        pp, rr, nn = (a.ravel() for a in np.meshgrid(p_idx, r_idx, np.arange(n_nodes),
                                                     indexing="ij"))
        first = net.pledge_ready[pp, nn]
        w2 = out_weeks[net.req_destination[rr], nn]
        last = horizon - 1 - w2
        ok = (first >= 0) & (w2 >= 0) & (last >= first)
        pp, rr, nn, first, last = pp[ok], rr[ok], nn[ok], first[ok], last[ok]
        count = last - first + 1
        parts[0].append(np.repeat(pp, count))
        parts[1].append(np.repeat(rr, count))
        parts[2].append(np.repeat(nn, count))
        parts[3].append(np.repeat(first, count) + np.arange(int(count.sum()))
                        - np.repeat(np.cumsum(count) - count, count))
    xp, xr, xn, xt = (np.concatenate(p) if p else np.zeros(0, dtype=np.int64) for p in parts)
    dest = net.req_destination[xr]
    arrival = xt + out_weeks[dest, xn]
    item = net.pledge_item[xp]
    due = np.array([r.due_week for r in reqs], dtype=np.int64)[xr]
    points = np.array([w.points(r.priority) / max(r.quantity, 1) for r in reqs])[xr]
    value = points * np.maximum(0.0, 1.0 - w.late_decay_per_week * np.maximum(0, arrival - due))
    cost = net.mass[item] * (in_cost[net.pledge_origin[xp], xn] + out_cost[dest, xn])
    m = LinearModel()
    x_col = m.add_vars("ship", value - cost / w.eur_per_point)
    rows = m.add_rows("supply", len(scenario.pledges), -INF,
                      np.array([p.quantity for p in scenario.pledges], dtype=np.float64))
    m.coef(rows[xp], x_col, 1.0)
    rows = m.add_rows("demand", len(reqs), -INF,
                      np.array([r.quantity for r in reqs], dtype=np.float64))
    m.coef(rows[xr], x_col, 1.0)
    rows = m.add_rows("node_capacity", n_nodes * horizon, -INF, net.capacity.ravel())
    m.coef(rows[xn * horizon + xt], x_col, net.mass[item])

    # Crews: surplus chain per (requirement, course) over all weeks of the horizon.
    sessions = [s for c in scenario.courses for s in c.sessions]
    course_of_item = {k: it.training.course for k, it in enumerate(scenario.items)
                      if it.training is not None}
    pairs = sorted({(int(r), course_of_item[int(i)])
                    for r, i in zip(xr, item, strict=True) if int(i) in course_of_item})
    pair_index = {pc: k for k, pc in enumerate(pairs)}
    u_r = [r for r, c in pairs for s in sessions if s.course == c]
    u_s = [k for r, c in pairs for k, s in enumerate(sessions) if s.course == c]
    u_pair = [pair_index[(r, c)] for r, c in pairs for s in sessions if s.course == c]
    u_col = m.add_vars("crews", np.zeros(len(u_r)))
    seat_rows = m.add_rows("seats", len(sessions), -INF,
                           np.array([s.seats for s in sessions], dtype=np.float64))
    m.coef(seat_rows[np.asarray(u_s, dtype=np.int64)], u_col, 1.0)
    rhs = np.zeros(len(pairs) * horizon)
    for k, (r_pos, course) in enumerate(pairs):
        rhs[k * horizon] = scenario.trained.get((reqs[r_pos].id, course), 0)
        for ready, crews in scenario.ready_later.get((reqs[r_pos].id, course), ()):
            rhs[k * horizon + ready] += crews
    crew_rows = m.add_rows("crew_balance", len(pairs) * horizon, rhs, rhs)
    surplus = m.add_vars("crew_surplus", np.zeros(len(pairs) * horizon))
    m.coef(crew_rows, surplus, 1.0)
    later = np.arange(len(surplus)) % horizon < horizon - 1
    m.coef(crew_rows[1:][later[:-1]], surplus[later], -1.0)
    ends = np.array([min(sessions[s].end_week, horizon) for s in u_s], dtype=np.int64)
    usable = ends < horizon
    m.coef(crew_rows[np.asarray(u_pair, dtype=np.int64)[usable] * horizon + ends[usable]],
           u_col[usable], -1.0)
    crewed = np.array([int(i) in course_of_item for i in item], dtype=bool)
    cpu = np.array([scenario.items[int(i)].training.crews_per_unit  # type: ignore[union-attr]
                    for i in item[crewed]], dtype=np.float64)
    pair_of_x = np.array([pair_index[(int(r), course_of_item[int(i)])]
                          for r, i in zip(xr[crewed], item[crewed], strict=True)],
                         dtype=np.int64)
    m.coef(crew_rows[pair_of_x * horizon + arrival[crewed]], x_col[crewed], cpu)
    return MonolithicModel(m, xp, xr, xn, xt, np.asarray(u_r, dtype=np.int64),
                           np.asarray(u_s, dtype=np.int64))
