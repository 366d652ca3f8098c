"""The compact flow model: an exact reformulation of the planning LP that is small enough to solve.

The monolithic model has one variable per (pledge, requirement, node, dispatch week). Here a unit
travels a two-stage network instead, and the paths of that network are exactly the shipments:

  pledge class (item, origin, available week)
    --supply[k, n]-->  stock of item i at node n (held over weeks for free: dispatch may wait)
    --dispatch[i, n, d, t]-->  (node capacity in tonnes binds here: the only coupling of groups)
  arrival hub at destination d, week t + weeks(n -> d)
    --deliver[r, a]-->  requirement r, valued at the requirement's value for week a.

Value depends only on the requirement and the arrival week, so arrivals of one group at one
destination are pooled in a hub; a hub may carry units to a later week (never worth it, since
value only falls, but it lets an early arrival serve a requirement at its due week with one
variable). Items needing crews keep one hub per item and no carry, so arrival weeks are exact for
the crews-before-equipment rule, which is written with a crew-surplus chain per (requirement,
course). Weeks whose arrivals would be worth nothing are not modelled. Any flow decomposes into
shipments of at least its value, and every plan is such a flow, so this LP's optimum equals the
monolithic LP's optimum: it is the proven upper bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from convoy.planner.lp import INF, IntArray, LinearModel
from convoy.planner.network import Network
from convoy.planner.scenario import Scenario


def max_late_weeks(decay: float, horizon: int) -> int:
    """Largest lateness that still keeps some value."""
    if decay <= 0:
        return horizon
    late = int(np.floor(1.0 / decay))
    while late > 0 and 1.0 - decay * late <= 1e-12:
        late -= 1
    return late


def _ints(values: list[int]) -> IntArray:
    return np.asarray(values, dtype=np.int64)


@dataclass
class CompactModel:
    model: LinearModel
    # pledge classes: pledges that differ only in id/donor/quantity (same item, origin, week)
    class_item: IntArray
    class_members: list[list[int]]
    # supply[k, n]
    s_col: IntArray
    s_class: IntArray
    s_node: IntArray
    s_week: IntArray  # week the units are ready at the node
    # dispatch[i, n, d, t]
    y_col: IntArray
    y_item: IntArray
    y_node: IntArray
    y_dest: IntArray
    y_week: IntArray
    y_hub: IntArray
    # deliver[r, a] (item -1: pooled group hub) and deliver of crewed items per item
    z_col: IntArray
    z_req: IntArray
    z_week: IntArray
    z_hub: IntArray
    # crews[r, session]
    u_col: IntArray
    u_req: IntArray
    u_session: IntArray
    hub_carries: list[bool] = field(default_factory=list)
    session_ids: list[str] = field(default_factory=list)


def build_compact(scenario: Scenario, net: Network | None = None) -> CompactModel:
    net = net or Network(scenario)
    w = scenario.weights
    horizon = net.horizon
    late_max = max_late_weeks(w.late_decay_per_week, horizon)
    in_weeks, in_cost = net.inbound
    out_weeks, out_cost = net.outbound
    n_nodes, n_dest = len(net.node_ids), len(net.destinations)
    items = scenario.items
    group_ids = sorted({it.group for it in items})
    group_of = {g: k for k, g in enumerate(group_ids)}
    item_group = _ints([group_of[it.group] for it in items])
    crewed = np.array([it.training is not None for it in items])
    reqs = scenario.requirements
    req_group = _ints([group_of[r.group] for r in reqs])
    req_dest = net.req_destination
    req_due = _ints([r.due_week for r in reqs])
    req_last = np.minimum(horizon - 1, req_due + late_max)
    live_req = _ints([r.quantity for r in reqs]) > 0

    # Last useful arrival per (group, destination).
    last_arrival = np.full((len(group_ids), n_dest), -1, dtype=np.int64)
    np.maximum.at(last_arrival, (req_group[live_req], req_dest[live_req]), req_last[live_req])
    # Last useful dispatch per (item, node, destination).
    last_dispatch = last_arrival[item_group][:, None, :] - out_weeks.T[None, :, :]
    last_dispatch[:, (out_weeks.T < 0)] = -1
    last_dispatch[last_arrival[item_group][:, None, :].repeat(n_nodes, 1) < 0] = -1
    last_any = last_dispatch.max(axis=2)  # [item, node]

    m = LinearModel()

    # Pledge classes.
    keys: dict[tuple[int, int, int], int] = {}
    members: list[list[int]] = []
    for p_idx, p in enumerate(scenario.pledges):
        if p.quantity <= 0:
            continue
        key = (int(net.pledge_item[p_idx]), int(net.pledge_origin[p_idx]), p.available_week)
        if key not in keys:
            keys[key] = len(members)
            members.append([])
        members[keys[key]].append(p_idx)
    class_key = np.array(list(keys.keys()), dtype=np.int64).reshape(-1, 3)
    class_qty = np.array([sum(scenario.pledges[p].quantity for p in ms) for ms in members],
                         dtype=np.float64)
    c_item, c_origin, c_avail = class_key[:, 0], class_key[:, 1], class_key[:, 2]

    # supply[k, n]: ready at avail + weeks(origin -> node), only if some dispatch can follow.
    kk, nn = np.nonzero(in_weeks[c_origin] >= 0)
    ready = c_avail[kk] + in_weeks[c_origin[kk], nn]
    keep = ready <= last_any[c_item[kk], nn]
    kk, nn, ready = kk[keep], nn[keep], ready[keep]
    mass = net.mass
    s_cost = -mass[c_item[kk]] * in_cost[c_origin[kk], nn] / w.eur_per_point
    s_col = m.add_vars("supply", s_cost)
    rows = m.add_rows("pledge_supply", len(members), -INF, class_qty)
    m.coef(rows[kk], s_col, 1.0)

    # Stock rows per (item, node, week) from the first ready week to the last useful dispatch.
    first_ready = np.full((len(items), n_nodes), horizon, dtype=np.int64)
    np.minimum.at(first_ready, (c_item[kk], nn), ready)
    pair_i, pair_n = np.nonzero(first_ready < horizon)
    t0, t1 = first_ready[pair_i, pair_n], last_any[pair_i, pair_n]
    span = t1 - t0 + 1
    base = np.concatenate([[0], np.cumsum(span)[:-1]]).astype(np.int64)
    stock_base = np.full((len(items), n_nodes), -1, dtype=np.int64)
    stock_base[pair_i, pair_n] = base
    stock_t0 = np.zeros((len(items), n_nodes), dtype=np.int64)
    stock_t0[pair_i, pair_n] = t0
    stock_rows = m.add_rows("stock_balance", int(span.sum()), 0.0, 0.0)
    m.coef(stock_rows[stock_base[c_item[kk], nn] + ready - stock_t0[c_item[kk], nn]], s_col, 1.0)
    # hold[i, n, t] carries stock from week t to t + 1.
    n_hold = np.maximum(span - 1, 0)
    hold_pair = np.repeat(np.arange(len(pair_i)), n_hold)
    hold_off = np.arange(int(n_hold.sum())) - np.repeat(np.cumsum(n_hold) - n_hold, n_hold)
    h_col = m.add_vars("hold", np.zeros(len(hold_pair)))
    h_row = stock_rows[base[hold_pair] + hold_off]
    m.coef(h_row, h_col, -1.0)
    m.coef(h_row + 1, h_col, 1.0)

    # dispatch[i, n, d, t] for t in [first ready, last useful dispatch to d].
    y_i, y_n, y_d, y_t = [], [], [], []
    for (i, n, t_start) in zip(pair_i.tolist(), pair_n.tolist(), t0.tolist(), strict=True):
        for d in range(n_dest):
            t_end = int(last_dispatch[i, n, d])
            if t_end >= t_start:
                count = t_end - t_start + 1
                y_i.append(np.full(count, i))
                y_n.append(np.full(count, n))
                y_d.append(np.full(count, d))
                y_t.append(np.arange(t_start, t_end + 1))
    yi, yn, yd, yt = (np.concatenate(a).astype(np.int64) if a else np.zeros(0, dtype=np.int64)
                      for a in (y_i, y_n, y_d, y_t))
    y_cost = -mass[yi] * out_cost[yd, yn] / w.eur_per_point
    y_col = m.add_vars("dispatch", y_cost)
    m.coef(stock_rows[stock_base[yi, yn] + yt - stock_t0[yi, yn]], y_col, -1.0)
    cap_rows = m.add_rows("node_capacity", n_nodes * horizon, -INF, net.capacity.ravel())
    m.coef(cap_rows[yn * horizon + yt], y_col, mass[yi])
    arrival = yt + out_weeks[yd, yn]

    # Arrival hubs: (group, dest) for uncrewed items, (item, dest) for crewed ones.
    hub_key = np.where(crewed[yi], len(group_ids) + yi, item_group[yi]) * n_dest + yd
    hubs, y_hub = np.unique(hub_key, return_inverse=True)
    hub_first = np.full(len(hubs), horizon, dtype=np.int64)
    np.minimum.at(hub_first, y_hub, arrival)
    hub_is_item = hubs // n_dest >= len(group_ids)
    hub_entity, hub_dest = hubs // n_dest, hubs % n_dest
    hub_group = np.where(hub_is_item, item_group[np.minimum(hub_entity - len(group_ids),
                                                                  len(items) - 1)], hub_entity)
    hub_last = last_arrival[hub_group, hub_dest]
    hub_span = hub_last - hub_first + 1
    hub_base = np.concatenate([[0], np.cumsum(hub_span)[:-1]]).astype(np.int64)
    hub_rows = m.add_rows("hub_balance", int(hub_span.sum()), 0.0, 0.0)
    m.coef(hub_rows[hub_base[y_hub] + arrival - hub_first[y_hub]], y_col, 1.0)
    # carry[hub, a]: pooled hubs only.
    c_hub = [np.full(int(hub_span[h] - 1), h) for h in range(len(hubs))
             if not hub_is_item[h] and hub_span[h] > 1]
    c_h = np.concatenate(c_hub).astype(np.int64) if c_hub else np.zeros(0, dtype=np.int64)
    c_off = np.arange(len(c_h)) - np.searchsorted(c_h, c_h)  # position within its hub
    c_col = m.add_vars("carry", np.zeros(len(c_h)))
    m.coef(hub_rows[hub_base[c_h] + c_off], c_col, -1.0)
    m.coef(hub_rows[hub_base[c_h] + c_off + 1], c_col, 1.0)

    # deliver[r, a].
    hub_lookup = {int(k): h for h, k in enumerate(hubs)}
    z_r, z_a, z_h = [], [], []
    for r_idx in np.nonzero(live_req)[0].tolist():
        g, d = int(req_group[r_idx]), int(req_dest[r_idx])
        cands = [hub_lookup.get(g * n_dest + d)]
        cands += [hub_lookup.get((len(group_ids) + i) * n_dest + d)
                  for i in net.items_by_group.get(reqs[r_idx].group, []) if crewed[i]]
        for h in cands:
            if h is None:
                continue
            lo = int(hub_first[h]) if hub_is_item[h] else max(int(hub_first[h]),
                                                              int(req_due[r_idx]))
            hi = int(req_last[r_idx])
            if hi >= lo:
                z_r.append(np.full(hi - lo + 1, r_idx))
                z_a.append(np.arange(lo, hi + 1))
                z_h.append(np.full(hi - lo + 1, h))
    zr, za, zh = (np.concatenate(a).astype(np.int64) if a else np.zeros(0, dtype=np.int64)
                  for a in (z_r, z_a, z_h))
    points = np.array([w.points(r.priority) / max(r.quantity, 1) for r in reqs])
    late = np.maximum(0, za - req_due[zr])
    z_value = points[zr] * np.maximum(0.0, 1.0 - w.late_decay_per_week * late)
    z_col = m.add_vars("deliver", z_value)
    m.coef(hub_rows[hub_base[zh] + za - hub_first[zh]], z_col, -1.0)
    demand_rows = m.add_rows("demand", len(reqs), -INF,
                             np.array([r.quantity for r in reqs], dtype=np.float64))
    m.coef(demand_rows[zr], z_col, 1.0)

    u_col, u_req, u_ses = _crew_rows(scenario, net, m, zr, za, zh, z_col, hub_is_item,
                                     hub_entity - len(group_ids), req_last)
    return CompactModel(
        m, c_item, members, s_col, kk.astype(np.int64), nn.astype(np.int64), ready,
        y_col, yi, yn, yd, yt, y_hub.astype(np.int64), z_col, zr, za, zh,
        u_col, u_req, u_ses, hub_carries=[not bool(x) for x in hub_is_item],
        session_ids=[s.id for c in scenario.courses for s in c.sessions])


def _crew_rows(scenario: Scenario, net: Network, m: LinearModel, zr: IntArray, za: IntArray,
               zh: IntArray, z_col: IntArray, hub_is_item: npt.NDArray[np.bool_],
               hub_item: IntArray, req_last: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Crews before equipment, as a surplus chain per (requirement, course):

    surplus[k] = surplus[k-1] + crews from sessions ending in week k (and crews still in training
    ready in week k) - crews needed by units arriving in week k, surplus >= 0, starting from the
    crews trained before week 0."""
    sessions = [s for c in scenario.courses for s in c.sessions]
    by_course: dict[str, list[int]] = {}
    for k, s in enumerate(sessions):
        by_course.setdefault(s.course, []).append(k)
    crewed_z = np.nonzero(hub_is_item[zh])[0]
    # (requirement, course) -> list of z positions
    groups: dict[tuple[int, str], list[int]] = {}
    for pos in crewed_z.tolist():
        item = scenario.items[int(hub_item[zh[pos]])]
        assert item.training is not None
        groups.setdefault((int(zr[pos]), item.training.course), []).append(pos)
    u_r: list[int] = []
    u_s: list[int] = []
    u_rc: list[int] = []
    rc_list = sorted(groups)
    rc_first: list[int] = []
    rc_span: list[int] = []
    for rc_idx, (r_idx, course) in enumerate(rc_list):
        k0, k1 = int(za[groups[(r_idx, course)]].min()), int(req_last[r_idx])
        rc_first.append(k0)
        rc_span.append(k1 - k0 + 1)
        for s_idx in by_course.get(course, []):
            if sessions[s_idx].end_week <= k1:
                u_r.append(r_idx)
                u_s.append(s_idx)
                u_rc.append(rc_idx)
    u_col = m.add_vars("crews", np.zeros(len(u_r)))
    seat_rows = m.add_rows("seats", len(sessions), -INF,
                           np.array([s.seats for s in sessions], dtype=np.float64))
    m.coef(seat_rows[_ints(u_s)], u_col, 1.0)
    span = _ints(rc_span)
    base = np.concatenate([[0], np.cumsum(span)[:-1]]).astype(np.int64) if len(span) else span
    trained = np.array([scenario.trained.get((scenario.requirements[r].id, c), 0)
                        for r, c in rc_list], dtype=np.float64)
    first_row = np.zeros(int(span.sum()))
    first_row[base] = trained
    # crews still in training join the chain in their ready week (from the first row if earlier)
    for rc_idx, (r, c) in enumerate(rc_list):
        for ready, crews in scenario.ready_later.get((scenario.requirements[r].id, c), ()):
            if ready < rc_first[rc_idx] + rc_span[rc_idx]:
                first_row[base[rc_idx] + max(ready - rc_first[rc_idx], 0)] += crews
    crew_rows = m.add_rows("crew_balance", int(span.sum()), first_row, first_row)
    # surplus[rc, k]: +1 in row k, -1 in row k+1.
    d_rc = np.repeat(np.arange(len(rc_list)), span)
    d_off = np.arange(int(span.sum())) - np.repeat(base, span)
    d_col = m.add_vars("crew_surplus", np.zeros(len(d_rc)))
    m.coef(crew_rows[base[d_rc] + d_off], d_col, 1.0)
    not_last = d_off < span[d_rc] - 1
    m.coef(crew_rows[(base[d_rc] + d_off + 1)[not_last]], d_col[not_last], -1.0)
    # crews from a session count from its end week (or from the first row if it ended before).
    first = _ints(rc_first)
    urc = _ints(u_rc)
    ends = _ints([sessions[s].end_week for s in u_s])
    m.coef(crew_rows[base[urc] + np.maximum(ends - first[urc], 0)], u_col, -1.0)
    # units arriving in week k need crews_per_unit crews each.
    rc_of = {rc: k for k, rc in enumerate(rc_list)}
    z_pos, z_row, z_val = [], [], []
    for key, positions in groups.items():
        rc = rc_of[key]
        for p in positions:
            item = scenario.items[int(hub_item[zh[p]])]
            assert item.training is not None
            z_pos.append(p)
            z_row.append(int(base[rc] + za[p] - first[rc]))
            z_val.append(float(item.training.crews_per_unit))
    m.coef(crew_rows[_ints(z_row)], z_col[_ints(z_pos)], np.asarray(z_val))
    return u_col, _ints(u_r), _ints(u_s)
