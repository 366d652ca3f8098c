"""Column generation over shipment paths: the LP bound and a fractional plan at M/L scale.

The restricted master LP has one column per generated path (pledge class k, requirement r,
node n, dispatch week t) plus every crew variable (requirement, session). Its rows are the
spec's rules: supply per class, demand per requirement, tonnes per (node, week), seats per
session, and crews-before-equipment written only at the weeks where it can bind (the week before
each session of the course ends, and the last week).

Pricing never enumerates paths one by one. For a group, with row prices y, the best dispatch
week of (item, requirement, node) from each ready week on is a suffix maximum over weeks, so the
best path of every (class, requirement) pair comes from a few array operations. The Lagrangian
bound y.b + sum over pairs of min(Q_k, q_r) * max(0, best reduced cost) is a proven upper bound
at every iteration, and equals the master's objective once no path prices out. Keeping the
supply rows as constraints instead of pricing them gives a bound that is never weaker (one
fractional knapsack per pledge class over its requirements), and so does keeping the demand
rows; the smallest of the three is reported.

With with_capacity=False the master leaves out the node-capacity rows and charges each path its
tonnes at given prices instead (set_capacity_prices): the Lagrangian subproblem whose optimum
plus prices . capacity bounds the LP for any prices >= 0.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import highspy
import numpy as np

from convoy.planner.compact import max_late_weeks
from convoy.planner.lp import INF, FloatArray, IntArray
from convoy.planner.network import Network, PledgeClasses, pledge_classes
from convoy.planner.plan import Shipment

NEG = -1e30
PER_REQ = 2  # new columns per requirement per round (best classes)
PER_CLASS = 2  # new columns per class per round (best requirements)
IPM_TOLERANCE = 1e-5


def _cat(parts: list[IntArray]) -> IntArray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


@dataclass
class _Group:
    items: IntArray  # item indices
    classes: IntArray  # class indices
    class_item: IntArray  # position of each class's item in `items`
    reqs: IntArray  # live requirement indices


def _knapsacks(value: FloatArray, cap: FloatArray, budget: FloatArray) -> float:
    """Sum over rows of max value . x subject to 0 <= x <= cap and sum(x) <= budget (the row's
    fractional knapsack: best values first)."""
    if value.size == 0:
        return 0.0
    order = np.argsort(-value, axis=1)
    v = np.maximum(np.take_along_axis(value, order, axis=1), 0.0)
    c = np.take_along_axis(cap, order, axis=1)
    before = np.cumsum(c, axis=1) - c
    take = np.clip(budget[:, None] - before, 0.0, c)
    return float((v * take).sum())


class PathColumnGeneration:
    def __init__(self, net: Network, classes: PledgeClasses | None = None,
                 with_capacity: bool = True) -> None:
        sc = net.scenario
        self.with_capacity = with_capacity
        self.net, self.sc = net, sc
        self.cls = classes or pledge_classes(net)
        w = sc.weights
        self.H = H = net.horizon
        self.decay, self.eur = w.late_decay_per_week, w.eur_per_point
        self.in_weeks, self.in_cost = net.inbound
        self.out_weeks, self.out_cost = net.outbound
        self.N = len(net.node_ids)
        reqs = sc.requirements
        self.R, self.K = len(reqs), len(self.cls.members)
        self.due = np.array([r.due_week for r in reqs], dtype=np.int64)
        self.req_qty = np.array([r.quantity for r in reqs], dtype=np.float64)
        self.points = np.array([w.points(r.priority) / max(r.quantity, 1) for r in reqs])
        self.last = np.minimum(H - 1, self.due + max_late_weeks(self.decay, H))
        self.dest = net.req_destination
        self.mass = net.mass
        self.cpu = np.array([it.training.crews_per_unit if it.training else 0
                             for it in sc.items], dtype=np.float64)
        self._groups()
        self._crews()
        self.lam: FloatArray | None = None
        self._master()
        self.keys: dict[int, int] = {}  # path key -> master column
        self.col_cost: list[FloatArray] = []
        self.col_k: list[IntArray] = []
        self.col_r: list[IntArray] = []
        self.col_n: list[IntArray] = []
        self.col_t: list[IntArray] = []

    # -- structure --------------------------------------------------------------------------
    def _groups(self) -> None:
        sc, net = self.sc, self.net
        by_group: dict[str, list[int]] = {}
        for k, r in enumerate(sc.requirements):
            if r.quantity > 0:
                by_group.setdefault(r.group, []).append(k)
        class_by_item: dict[int, list[int]] = {}
        for k, i in enumerate(self.cls.item.tolist()):
            class_by_item.setdefault(i, []).append(k)
        self.groups: list[_Group] = []
        for g, items in net.items_by_group.items():
            its = [i for i in items if i in class_by_item]
            if not its or g not in by_group:
                continue
            ks = [k for i in its for k in class_by_item[i]]
            pos = {i: p for p, i in enumerate(its)}
            self.groups.append(_Group(np.asarray(its, dtype=np.int64),
                                      np.asarray(ks, dtype=np.int64),
                                      np.asarray([pos[int(self.cls.item[k])] for k in ks],
                                                 dtype=np.int64),
                                      np.asarray(by_group[g], dtype=np.int64)))

    def _crews(self) -> None:
        """Crew rows per (requirement, course) at the weeks where the rule can bind."""
        sc, H = self.sc, self.H
        self.sessions = [s for c in sc.courses for s in c.sessions]
        self.breaks: dict[str, list[int]] = {}
        for c in sc.courses:
            ends = {s.end_week - 1 for s in c.sessions if 1 <= s.end_week <= H - 1}
            ends |= {w - 1 for (_, course), later in sc.ready_later.items() if course == c.id
                     for w, _ in later}  # crews still in training: ready in week w
            self.breaks[c.id] = sorted(ends | {H - 1})
        self.rc_pairs: list[tuple[int, str]] = []
        # Rows only where they can bind: not before the first possible arrival (nothing to
        # count yet), and none after the first break at or past the last useful arrival.
        self.pair_breaks: list[list[int]] = []
        for g in self.groups:
            courses = sorted({sc.items[i].training.course  # type: ignore[union-attr,unused-ignore]
                              for i in g.items.tolist() if sc.items[i].training is not None})
            if not courses:
                continue
            origin = self.cls.origin[g.classes]
            ready = np.where(self.in_weeks[origin] >= 0,
                             self.cls.available[g.classes][:, None] + self.in_weeks[origin],
                             H).min(axis=0)  # [node]
            wout = self.out_weeks[self.dest[g.reqs]]
            earliest = np.where(wout >= 0, ready[None, :] + wout, 10 * H).min(axis=1)
            for r, first in zip(g.reqs.tolist(), earliest.tolist(), strict=True):
                last = int(self.last[r])
                for c in courses:
                    top = next(b for b in self.breaks[c] if b >= last)
                    self.rc_pairs.append((r, c))
                    self.pair_breaks.append(
                        [b for b in self.breaks[c] if first <= b < last] + [top])
        self.rc_index = {pair: k for k, pair in enumerate(self.rc_pairs)}

    def _master(self) -> None:
        sc, H, N = self.sc, self.H, self.N
        self.row_supply = 0
        self.row_demand = self.K
        self.row_cap = self.K + self.R
        self.row_seat = self.row_cap + (N * H if self.with_capacity else 0)
        self.row_crew = self.row_seat + len(self.sessions)
        self.crew_base: list[int] = []
        upper = [self.cls.quantity, self.req_qty,
                 self.net.capacity.ravel() if self.with_capacity else np.zeros(0),
                 np.array([s.seats for s in self.sessions], dtype=np.float64)]
        crew_ub: list[float] = []
        for pair, (r, c) in enumerate(self.rc_pairs):
            self.crew_base.append(self.row_crew + len(crew_ub))
            rid = sc.requirements[r].id
            crew_ub += [float(sc.crews_ready(rid, c, brk)) for brk in self.pair_breaks[pair]]
        upper.append(np.asarray(crew_ub, dtype=np.float64))
        self.b = np.concatenate(upper)
        self.num_rows = len(self.b)
        # Crew columns u[r, s]: -1 in every crew row of (r, course) from the session's end on.
        u_r, u_s, starts, idx, val = [], [], [0], [], []
        for pair, (r, c) in enumerate(self.rc_pairs):
            for s_idx, s in enumerate(self.sessions):
                if s.course != c or s.end_week > self.last[r]:
                    continue
                u_r.append(r)
                u_s.append(s_idx)
                idx.append(self.row_seat + s_idx)
                val.append(1.0)
                for j, brk in enumerate(self.pair_breaks[pair]):
                    if brk >= s.end_week:
                        idx.append(self.crew_base[pair] + j)
                        val.append(-1.0)
                starts.append(len(idx))
        self.u_r = np.asarray(u_r, dtype=np.int64)
        self.u_s = np.asarray(u_s, dtype=np.int64)
        self.u_seats = np.array([self.sessions[s].seats for s in u_s], dtype=np.float64)
        self.n_u = len(u_r)
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
        # The capacity rows make dual simplex crawl on this master (about 1 ms per iteration
        # at M size); the interior point method is several times faster.
        if self.with_capacity:
            h.setOptionValue("solver", "ipm")
            # Looser than HiGHS's 1e-8: on M scenarios the rounds then reach a given bound in
            # fewer masters (seeds 101, 202, 303: 99.8-99.9 % of the bound in 40 s instead of
            # 99.3-99.7 %), and the bound holds at any prices. At 1e-4 HiGHS no longer calls
            # the interior point optimal.
            h.setOptionValue("ipm_optimality_tolerance", IPM_TOLERANCE)
        h.passModel(self.n_u, self.num_rows, len(idx), int(highspy.MatrixFormat.kColwise),
                    int(highspy.ObjSense.kMaximize), 0.0, np.zeros(self.n_u),
                    np.zeros(self.n_u), np.full(self.n_u, INF), np.full(self.num_rows, -INF),
                    self.b, np.asarray(starts, dtype=np.int32), np.asarray(idx, dtype=np.int32),
                    np.asarray(val, dtype=np.float64), np.zeros(self.n_u, dtype=np.int32))
        self.h = h
        self.u_cols = [(int(a), int(b)) for a, b in itertools.pairwise(starts)]
        self._u_idx, self._u_val = np.asarray(idx, dtype=np.int64), np.asarray(val)

    # -- columns ----------------------------------------------------------------------------
    def add_paths(self, k: IntArray, r: IntArray, n: IntArray, t: IntArray) -> int:
        H, N, R = self.H, self.N, self.R
        key = ((k * R + r) * N + n) * H + t
        key, first = np.unique(key, return_index=True)
        fresh = np.array([int(x) not in self.keys for x in key.tolist()], dtype=bool)
        if not fresh.any():
            return 0
        sel = first[fresh]
        k, r, n, t = k[sel], r[sel], n[sel], t[sel]
        start = self.n_u + sum(len(c) for c in self.col_k)
        self.keys.update((int(x), start + j) for j, x in enumerate(key[fresh].tolist()))
        item = self.cls.item[k]
        d = self.dest[r]
        arrival = t + self.out_weeks[d, n]
        late = np.maximum(0, arrival - self.due[r])
        value = self.points[r] * np.maximum(0.0, 1.0 - self.decay * late)
        cost = self.mass[item] * (self.in_cost[self.cls.origin[k], n] + self.out_cost[d, n])
        obj = value - cost / self.eur
        fixed = 3 if self.with_capacity else 2
        idx: list[IntArray] = [k + self.row_supply, r + self.row_demand,
                               self.row_cap + n * H + t]
        val: list[FloatArray] = [np.ones(len(k)), np.ones(len(k)), self.mass[item]]
        counts = np.full(len(k), fixed, dtype=np.int64)
        extra_idx: list[list[int]] = [[] for _ in range(len(k))]
        for j in np.nonzero(self.cpu[item] > 0)[0].tolist():
            course = self.sc.items[int(item[j])].training.course  # type: ignore[union-attr]
            pair = self.rc_index[(int(r[j]), course)]
            rows = [self.crew_base[pair] + q for q, brk in enumerate(self.pair_breaks[pair])
                    if brk >= arrival[j]]
            extra_idx[j] = rows
            counts[j] += len(rows)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        total = int(counts.sum())
        all_idx = np.empty(total, dtype=np.int64)
        all_val = np.empty(total, dtype=np.float64)
        for slot in range(fixed):
            all_idx[starts + slot] = idx[slot]
            all_val[starts + slot] = val[slot]
        for j, rows in enumerate(extra_idx):
            if rows:
                s0 = int(starts[j]) + fixed
                all_idx[s0:s0 + len(rows)] = rows
                all_val[s0:s0 + len(rows)] = self.cpu[item[j]]
        priced = obj if self.lam is None else obj - self.mass[item] * self.lam[n, t]
        self.h.addCols(len(k), priced, np.zeros(len(k)), np.full(len(k), INF), total,
                       starts.astype(np.int32), all_idx.astype(np.int32), all_val)
        self.col_cost.append(obj)
        self.col_k.append(k)
        self.col_r.append(r)
        self.col_n.append(n)
        self.col_t.append(t)
        return len(k)

    def set_capacity_prices(self, lam: FloatArray) -> None:
        """Capacity-free master only: charge each path its tonnes at the (node, week) price."""
        self.lam = lam
        if not self.col_k:
            return
        cost = np.concatenate(self.col_cost)
        mass = self.mass[self.cls.item[np.concatenate(self.col_k)]]
        priced = cost - mass * lam[np.concatenate(self.col_n), np.concatenate(self.col_t)]
        cols = np.arange(self.n_u, self.n_u + len(cost), dtype=np.int32)
        self.h.changeColsCost(len(cols), cols, priced)

    def add_shipments(self, shipments: list[Shipment]) -> int:
        """Paths of a known plan (the greedy one), so the master starts from a good solution."""
        pledge_class = {p: k for k, ms in enumerate(self.cls.members) for p in ms}
        pledge_pos = {p.id: k for k, p in enumerate(self.sc.pledges)}
        req_pos = {r.id: k for k, r in enumerate(self.sc.requirements)}
        node_pos = {n: k for k, n in enumerate(self.net.node_ids)}
        rows = [(pledge_class[pledge_pos[s.pledge]], req_pos[s.requirement], node_pos[s.node],
                 s.dispatch_week) for s in shipments if s.quantity > 0]
        if not rows:
            return 0
        arr = np.asarray(rows, dtype=np.int64)
        return self.add_paths(arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3])

    # -- master -----------------------------------------------------------------------------
    def solve_master(self, time_limit: float | None, vertex: bool = False
                     ) -> tuple[float, FloatArray, FloatArray]:
        """Solve the master; vertex=True adds the crossover to a basic solution, which costs
        about a third more but leaves few paths fractional (rounding then loses hundredths of
        a percent instead of about one percent: an interior point spreads heavy items thinly
        over many paths). Pricing works better from the interior point's duals."""
        if time_limit is not None:  # HiGHS counts the instance's run time across calls
            self.h.setOptionValue("time_limit", self.h.getRunTime() + max(0.5, time_limit))
        if self.with_capacity:
            self.h.setOptionValue("run_crossover", "on" if vertex else "off")
        self.h.run()
        sol = self.h.getSolution()
        return (float(self.h.getInfo().objective_function_value), np.asarray(sol.col_value),
                np.asarray(sol.row_dual))

    def optimal(self) -> bool:
        return bool(self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal)

    # -- pricing ----------------------------------------------------------------------------
    def price(self, y: FloatArray, per_req: int = PER_REQ, per_class: int = PER_CLASS
              ) -> tuple[float, tuple[IntArray, IntArray, IntArray, IntArray]]:
        """Lagrangian bound at prices y (clipped >= 0) and the paths worth adding.

        Without capacity rows, the capacity prices set by set_capacity_prices are used and the
        bound includes lam . capacity."""
        H, N = self.H, self.N
        y = np.maximum(y, 0.0)
        sigma = y[self.row_supply:self.row_supply + self.K]
        delta = y[self.row_demand:self.row_demand + self.R]
        if self.with_capacity:
            lam = y[self.row_cap:self.row_cap + N * H].reshape(N, H)
        else:
            lam = self.lam if self.lam is not None else np.zeros((N, H))
        seat = y[self.row_seat:self.row_seat + len(self.sessions)]
        crew = y[self.row_crew:]
        bound = float(y @ self.b)
        if not self.with_capacity:
            bound += float((lam * self.net.capacity).sum())
        # Crew columns: all in the master, but priced here too for a valid bound.
        if self.n_u:
            rc_u = -seat[self.u_s].copy()
            for j, (a, b) in enumerate(self.u_cols):
                rows = self._u_idx[a + 1:b] - self.row_crew
                rc_u[j] += crew[rows].sum()
            bound += float(np.maximum(rc_u, 0.0) @ self.u_seats)
        weeks = np.arange(H)
        pairs = keep_supply = keep_demand = 0.0
        out_k: list[IntArray] = []
        out_r: list[IntArray] = []
        out_n: list[IntArray] = []
        out_t: list[IntArray] = []
        for g in self.groups:
            nr, nk = len(g.reqs), len(g.classes)
            d = self.dest[g.reqs]
            wout = self.out_weeks[d]  # (nr, N)
            arrival = weeks[None, None, :] + wout[:, :, None]  # (nr, N, H)
            ok = (wout[:, :, None] >= 0) & (arrival <= self.last[g.reqs][:, None, None])
            a_c = np.clip(arrival, 0, H - 1)
            late = np.maximum(0, a_c - self.due[g.reqs][:, None, None])
            value = self.points[g.reqs][:, None, None] * np.maximum(0.0, 1.0 - self.decay * late)
            f = np.empty((len(g.items), nr, N, H + 1))
            f[..., H] = NEG
            for p, i in enumerate(g.items.tolist()):
                m = self.mass[i]
                fi = value - m * (self.out_cost[d][:, :, None] / self.eur + lam[None, :, :])
                if self.cpu[i] > 0:
                    course = self.sc.items[i].training.course  # type: ignore[union-attr,unused-ignore]
                    fi = fi - self.cpu[i] * self._crew_price(crew, g.reqs, course)[
                        np.arange(nr)[:, None, None], a_c]
                f[p, ..., :H] = np.where(ok, fi, NEG)
            best = np.maximum.accumulate(f[..., ::-1], axis=-1)[..., ::-1]  # suffix max
            k_item = g.class_item
            ready = self.cls.available[g.classes][:, None] + self.in_weeks[
                self.cls.origin[g.classes]]  # (nk, N)
            ready = np.where(self.in_weeks[self.cls.origin[g.classes]] >= 0,
                             np.minimum(ready, H), H)
            score = best[k_item[:, None, None], np.arange(nr)[None, :, None],
                         np.arange(N)[None, None, :], ready[:, None, :]]  # (nk, nr, N)
            score = score - (self.mass[g.items[k_item]][:, None] * self.in_cost[
                self.cls.origin[g.classes]] / self.eur)[:, None, :]
            n_best = np.argmax(score, axis=2)
            s_best = np.take_along_axis(score, n_best[..., None], axis=2)[..., 0]
            rc = s_best - sigma[g.classes][:, None] - delta[g.reqs][None, :]
            rc = np.where(s_best > NEG / 2, rc, NEG)
            cap = np.minimum(self.cls.quantity[g.classes][:, None], self.req_qty[g.reqs][None, :])
            pairs += float((np.maximum(rc, 0.0) * cap).sum())
            live = s_best > NEG / 2
            keep_supply += _knapsacks(np.where(live, s_best - delta[g.reqs][None, :], 0.0), cap,
                                      self.cls.quantity[g.classes])
            keep_demand += _knapsacks(np.where(live, s_best - sigma[g.classes][:, None], 0.0).T,
                                      cap.T, self.req_qty[g.reqs])
            good = rc > 1e-9
            if not good.any():
                continue
            pick = np.zeros_like(good)
            if nk > per_req:
                top = np.argpartition(-rc, per_req - 1, axis=0)[:per_req]
                pick[top, np.arange(nr)[None, :]] = True
            else:
                pick[:] = True
            if nr > per_class:
                top = np.argpartition(-rc, per_class - 1, axis=1)[:, :per_class]
                pick[np.arange(nk)[:, None], top] = True
            else:
                pick[:] = True
            kk, rr = np.nonzero(pick & good)
            nn = n_best[kk, rr]
            e = ready[kk, nn]
            target = s_best[kk, rr] + (self.mass[g.items[k_item[kk]]]
                                       * self.in_cost[self.cls.origin[g.classes[kk]], nn]
                                       / self.eur)
            rows_f = f[k_item[kk], rr, nn, :H]
            hit = (rows_f >= target[:, None] - 1e-9) & (weeks[None, :] >= e[:, None])
            tt = np.argmax(hit, axis=1)
            out_k.append(g.classes[kk])
            out_r.append(g.reqs[rr])
            out_n.append(nn.astype(np.int64))
            out_t.append(tt.astype(np.int64))
        # Three relaxations of the same LP, each a proven bound: every row priced at y, or the
        # supply rows (or the demand rows) kept as constraints instead of priced.
        bound += min(pairs, keep_supply - float(sigma @ self.cls.quantity),
                     keep_demand - float(delta @ self.req_qty))
        return bound, (_cat(out_k), _cat(out_r), _cat(out_n), _cat(out_t))

    def _crew_price(self, crew: FloatArray, reqs: IntArray, course: str) -> FloatArray:
        """[requirement, arrival week] -> price of one crew needed by a unit arriving then."""
        out = np.zeros((len(reqs), self.H))
        for row, r in enumerate(reqs.tolist()):
            pair = self.rc_index[(r, course)]
            brk = np.asarray(self.pair_breaks[pair], dtype=np.int64)
            base = self.crew_base[pair] - self.row_crew
            prices = crew[base:base + len(brk)]
            # a unit arriving in week a counts in every row whose break week is >= a
            per_week = np.zeros(self.H)
            np.add.at(per_week, brk, prices)
            out[row] = np.cumsum(per_week[::-1])[::-1]
        return out

    def solution(self) -> tuple[FloatArray, IntArray, IntArray, IntArray, IntArray, FloatArray]:
        """(path values, k, r, n, t, crew values) of the current master solution."""
        x = np.asarray(self.h.getSolution().col_value)
        return (x[self.n_u:], _cat(self.col_k), _cat(self.col_r), _cat(self.col_n),
                _cat(self.col_t), x[:self.n_u])
