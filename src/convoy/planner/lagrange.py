"""Dantzig-Wolfe over node capacity: the scalable LP for M and L.

Node capacity (tonnes per node and week) is the only constraint that couples item groups, and it
is what makes one big LP slow (HiGHS crawls on its dense rows). So it is priced instead:

* the subproblem is the whole model without capacity rows, each path charged its tonnes at the
  prices lam[node, week]; it is solved by path column generation (paths.py) and warm-started
  from one price vector to the next. Its optimum plus lam . capacity is a Lagrangian upper bound
  on the LP optimum, valid for any lam >= 0 - the proven bound we report;
* each subproblem solution, split by block (the item groups, merged where they share a course),
  becomes a column of a small master LP: choose a convex combination of proposals per block
  within node capacity. The master's value is that of a capacity-feasible fractional plan, and
  its capacity duals are the next prices.

The loop stops when the best bound and the master's value meet (or the time is up); the master's
combination is the fractional plan that rounding turns into shipments.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np

from convoy.planner.lp import INF, FloatArray, IntArray
from convoy.planner.network import Network
from convoy.planner.paths import PathColumnGeneration
from convoy.planner.plan import Shipment, TrainingAssignment


@dataclass
class DwResult:
    bound: float
    objective: float  # value of the capacity-feasible fractional plan
    path_k: IntArray
    path_r: IntArray
    path_n: IntArray
    path_t: IntArray
    path_x: FloatArray
    crew_r: IntArray
    crew_s: IntArray
    crew_x: FloatArray
    rounds: int = 0
    converged: bool = False
    history: list[tuple[float, float, float]] = field(default_factory=list)


def _blocks(sub: PathColumnGeneration) -> tuple[IntArray, IntArray, int]:
    """Block of each class and requirement: item groups, merged where they share a course."""
    parent = list(range(len(sub.groups)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    by_course: dict[str, int] = {}
    for g_idx, g in enumerate(sub.groups):
        for i in g.items.tolist():
            tr = sub.sc.items[i].training
            if tr is not None:
                other = by_course.setdefault(tr.course, g_idx)
                parent[find(g_idx)] = find(other)
    roots = sorted({find(g) for g in range(len(sub.groups))})
    block_of_root = {r: b for b, r in enumerate(roots)}
    class_block = np.full(sub.K, -1, dtype=np.int64)
    req_block = np.full(sub.R, -1, dtype=np.int64)
    for g_idx, g in enumerate(sub.groups):
        b = block_of_root[find(g_idx)]
        class_block[g.classes] = b
        req_block[g.reqs] = b
    return class_block, req_block, len(roots)


class _Master:
    """max sum value * alpha  s.t.  tonnes <= capacity, sum alpha <= 1 per block."""

    def __init__(self, capacity: FloatArray, blocks: int) -> None:
        self.cap_rows = capacity.size
        self.h = highspy.Highs()  # type: ignore[no-untyped-call]
        self.h.setOptionValue("output_flag", False)
        rows = self.cap_rows + blocks
        ub = np.concatenate([capacity.ravel(), np.ones(blocks)])
        self.h.passModel(0, rows, 0, int(highspy.MatrixFormat.kColwise),
                         int(highspy.ObjSense.kMaximize), 0.0, np.zeros(0), np.zeros(0),
                         np.zeros(0), np.full(rows, -INF), ub, np.zeros(1, dtype=np.int32),
                         np.zeros(0, dtype=np.int32), np.zeros(0), np.zeros(0, dtype=np.int32))
        self.columns: list[tuple[int, IntArray, FloatArray, IntArray, FloatArray]] = []

    def add(self, block: int, value: float, usage: FloatArray, paths: IntArray,
            amounts: FloatArray, crews: IntArray, crew_amounts: FloatArray) -> None:
        nz = np.nonzero(usage > 1e-12)[0]
        idx = np.concatenate([nz, [self.cap_rows + block]]).astype(np.int32)
        val = np.concatenate([usage[nz], [1.0]])
        self.h.addCols(1, np.array([value]), np.zeros(1), np.array([INF]), len(idx),
                       np.zeros(1, dtype=np.int32), idx, val)
        self.columns.append((block, paths, amounts, crews, crew_amounts))

    def solve(self) -> tuple[float, FloatArray, FloatArray]:
        self.h.run()
        sol = self.h.getSolution()
        duals = np.maximum(np.asarray(sol.row_dual), 0.0)
        return (float(self.h.getInfo().objective_function_value), np.asarray(sol.col_value),
                duals)


def solve_dw(net: Network, start: tuple[list[Shipment], list[TrainingAssignment]],
             deadline: float | None, progress: Callable[[str, float], None],
             gap: float = 1e-6, max_rounds: int = 500) -> DwResult:
    started = time.perf_counter()
    sub = PathColumnGeneration(net, with_capacity=False)
    class_block, req_block, n_blocks = _blocks(sub)
    N, H = sub.N, sub.H
    master = _Master(net.capacity, n_blocks)
    sub.set_capacity_prices(np.zeros((N, H)))
    sub.add_shipments(start[0])

    def proposals(x_all: FloatArray) -> list[tuple[int, float, FloatArray, IntArray, FloatArray,
                                                   IntArray, FloatArray]]:
        """Split a subproblem solution into one proposal per block."""
        x_u, x_p = x_all[:sub.n_u], x_all[sub.n_u:]
        k = np.concatenate(sub.col_k)
        n, t = np.concatenate(sub.col_n), np.concatenate(sub.col_t)
        cost = np.concatenate(sub.col_cost)
        used = np.nonzero(x_p > 1e-9)[0]
        blk = class_block[k[used]]
        mass = sub.mass[sub.cls.item[k[used]]]
        u_used = np.nonzero(x_u > 1e-9)[0]
        u_blk = req_block[sub.u_r[u_used]]
        out = []
        for b in np.unique(np.concatenate([blk, u_blk])).tolist():
            sel = used[blk == b]
            usage = np.zeros(N * H)
            np.add.at(usage, n[sel] * H + t[sel], mass[blk == b] * x_p[sel])
            crews = u_used[u_blk == b]
            out.append((b, float(cost[sel] @ x_p[sel]), usage, sel, x_p[sel], crews, x_u[crews]))
        return out

    # The start plan (greedy, capacity-feasible) as the first proposals: the master is feasible
    # from the first round and never worse than the start plan.
    x0 = np.zeros(sub.n_u + sum(len(c) for c in sub.col_k))
    pledge_class = {p: k for k, ms in enumerate(sub.cls.members) for p in ms}
    pos = {p.id: j for j, p in enumerate(sub.sc.pledges)}
    rpos = {r.id: j for j, r in enumerate(sub.sc.requirements)}
    npos = {nid: j for j, nid in enumerate(net.node_ids)}
    for s in start[0]:
        key = ((pledge_class[pos[s.pledge]] * sub.R + rpos[s.requirement]) * N
               + npos[s.node]) * H + s.dispatch_week
        x0[sub.keys[key]] += s.quantity
    u_pos = {(int(r), sub.sessions[int(s)].id): j
             for j, (r, s) in enumerate(zip(sub.u_r, sub.u_s, strict=True))}
    for tr in start[1]:
        j = u_pos.get((rpos[tr.requirement], tr.session))
        if j is not None:
            x0[j] += tr.crews
    for b, value, usage, sel, amt, crews, c_amt in proposals(x0):
        master.add(b, value, usage, sel, amt, crews, c_amt)
    m_obj, alpha, duals = master.solve()
    best_bound = float("inf")
    result_rounds = 0
    converged = False
    history: list[tuple[float, float, float]] = []
    for rnd in range(max_rounds):
        lam = duals[:N * H].reshape(N, H)
        pi = duals[N * H:]
        sub.set_capacity_prices(lam)
        # Inner column generation for the priced, capacity-free subproblem. Its solution is
        # used only if optimal: a simplex stopped by the time limit is not even feasible.
        optimal = False
        while True:
            left = None if deadline is None else deadline - time.perf_counter()
            _, x_all, y = sub.solve_master(left)
            optimal = sub.h.getModelStatus() == highspy.HighsModelStatus.kOptimal
            if not optimal:
                break
            bound, cols = sub.price(y)
            best_bound = min(best_bound, bound)
            if sub.add_paths(*cols) == 0:
                break
            if deadline is not None and time.perf_counter() > deadline:
                optimal = False
                break
        if not optimal:
            break
        added = 0
        for b, value, usage, sel, amt, crews, c_amt in proposals(x_all):
            if value - float(lam.ravel() @ usage) - pi[b] > 1e-9 * max(1.0, abs(value)):
                master.add(b, value, usage, sel, amt, crews, c_amt)
                added += 1
        m_obj, alpha, duals = master.solve()
        result_rounds = rnd + 1
        elapsed = time.perf_counter() - started
        history.append((elapsed, m_obj, best_bound))
        progress(f"price round {rnd + 1}: plan LP {m_obj:.4f}, bound {best_bound:.4f} "
                 f"({len(master.columns)} proposals, {len(sub.keys)} paths)", 0.0)
        if best_bound - m_obj <= gap * max(1.0, abs(best_bound)) or added == 0:
            converged = True
            break
        if deadline is not None and time.perf_counter() > deadline:
            break
    # The fractional plan: the master's convex combination of proposals.
    n_paths = sum(len(c) for c in sub.col_k)
    x_p = np.zeros(n_paths)
    x_u = np.zeros(sub.n_u)
    for a, (_, sel, amt, crews, c_amt) in zip(alpha, master.columns, strict=True):
        if a > 1e-12:
            np.add.at(x_p, sel, a * amt)
            np.add.at(x_u, crews, a * c_amt)
    k = np.concatenate(sub.col_k)
    keep = np.nonzero(x_p > 1e-9)[0]
    return DwResult(
        best_bound, m_obj, k[keep], np.concatenate(sub.col_r)[keep],
        np.concatenate(sub.col_n)[keep], np.concatenate(sub.col_t)[keep], x_p[keep],
        sub.u_r, sub.u_s, x_u, result_rounds, converged, history)
