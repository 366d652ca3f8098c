"""The optimizer: an LP bound, then rounding + repair + greedy fill for an integral plan.

Small scenarios (XS, S): the compact flow model (compact.py) is solved as an LP - its optimum is
the monolithic LP optimum, the proven bound - then as a MIP within the time left, which removes
the last rounding losses.

Larger scenarios (M, L): one LP with every node-week capacity row is slow for HiGHS, so the LP is
solved by column generation over shipment paths (paths.py), as many rounds as the time allows,
starting from the paths of the plan that ignores node capacity (cheap to find). Its pricing
gives a proven bound every round; when the time runs out before the rounds meet, a tighter
bound is taken by pricing node capacity at the master's duals and solving the capacity-free
rest (a Lagrangian bound, valid for any prices). The rounds price from interior points, but
the last master is solved to a vertex (the crossover), which leaves few paths fractional, so
rounding it and repairing loses hundredths of a percent. Every candidate plan is checked by
the caller; the best valid one wins.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from convoy.planner.bottlenecks import Prices, compact_prices, path_prices
from convoy.planner.compact import CompactModel, build_compact
from convoy.planner.decompose import crews_to_training, flow_to_pieces, pieces_to_shipments
from convoy.planner.greedy import solve_greedy
from convoy.planner.lp import FloatArray, solve_highs
from convoy.planner.network import Network, pledge_classes
from convoy.planner.paths import PathColumnGeneration
from convoy.planner.plan import Shipment, TrainingAssignment
from convoy.planner.repair import repair
from convoy.planner.scenario import Scenario

Candidate = tuple[list[Shipment], list[TrainingAssignment]]
Progress = Callable[[str, float], None]
COMPACT_MAX_PLEDGES = 1000  # up to S: the compact LP solves in well under a second
MIP_TIME_CAP_S = 60.0
#: Share of the path method's budget kept after the LP rounds, for the bound, rounding and repair.
POLISH_SHARE = 0.08
LAGRANGIAN_SHARE = 0.4
#: Column generation stops once its pricing bound is this close to the master's value: the
#: last rounds of the tail cost as much as all before and move the LP by hundredths of a percent.
CG_GAP = 2e-4
#: A master with the crossover, in masters without it.
VERTEX_COST = 1.2
MASTER_GROWTH = 1.3
#: At most this share of the path method's budget goes to the warm start.
WARM_START_SHARE = 0.1


@dataclass
class Outcome:
    candidates: list[Candidate] = field(default_factory=list)
    bound: float | None = None
    #: Which proof the bound rests on: a key of result.BOUND_KINDS.
    bound_kind: str | None = None
    stopped_by_limit: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    #: The LP's row duals and flow, for the bottlenecks (None if no LP reached its optimum).
    prices: Prices | None = None


class _Clock:
    def __init__(self, deadline: float | None, progress: Progress) -> None:
        self.started = time.perf_counter()
        self.deadline = deadline
        self.progress = progress

    def left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.perf_counter()

    def say(self, message: str) -> None:
        if self.deadline is None:
            fraction = 0.0
        else:
            span = max(self.deadline - self.started, 1e-9)
            fraction = min(1.0, (time.perf_counter() - self.started) / span)
        self.progress(message, fraction)


def _add(timings: dict[str, float], stage: str, seconds: float) -> None:
    timings[stage] = timings.get(stage, 0.0) + seconds


def finish(scenario: Scenario, net: Network, shipments: list[Shipment],
           training: list[TrainingAssignment], deadline: float | None = None,
           timings: dict[str, float] | None = None) -> Candidate:
    """Rounded shipments -> valid plan: repair what rounding broke, then fill what it left
    (until the deadline). Adds the seconds of each to `timings` (repair_s, fill_s)."""
    t = time.perf_counter()
    shipments, training = repair(scenario, shipments, training)
    t_fill = time.perf_counter()
    candidate = solve_greedy(scenario, (shipments, training), net, deadline=deadline)
    if timings is not None:
        _add(timings, "repair_s", t_fill - t)
        _add(timings, "fill_s", time.perf_counter() - t_fill)
    return candidate


def plan_from_flow(scenario: Scenario, net: Network, cm: CompactModel, x: FloatArray,
                   deadline: float | None = None, timings: dict[str, float] | None = None
                   ) -> Candidate:
    t = time.perf_counter()
    pieces = flow_to_pieces(cm, x, net.outbound[0])
    shipments = pieces_to_shipments(scenario, cm.class_members, pieces, net.node_ids)
    training = crews_to_training(scenario, cm, x)
    if timings is not None:
        _add(timings, "rounding_s", time.perf_counter() - t)
    return finish(scenario, net, shipments, training, deadline, timings)


def optimize(scenario: Scenario, deadline: float | None, progress: Progress,
             incumbent: Candidate) -> Outcome:
    clock = _Clock(deadline, progress)
    net = Network(scenario)
    if len(scenario.pledges) <= COMPACT_MAX_PLEDGES:
        return _optimize_compact(scenario, net, clock)
    return _optimize_paths(scenario, net, clock, incumbent)


def _optimize_compact(scenario: Scenario, net: Network, clock: _Clock) -> Outcome:
    out = Outcome()
    clock.say("building the compact flow model")
    t = time.perf_counter()
    cm = build_compact(scenario, net)
    out.timings["model_building_s"] = time.perf_counter() - t
    left = clock.left()
    if left is not None and left <= 0.2:
        out.stopped_by_limit = True
        return out
    clock.say(f"solving the LP ({cm.model.num_cols} columns, {cm.model.num_rows} rows)")
    lp = solve_highs(cm.model, time_limit=None if left is None else left * 0.8)
    out.timings["lp_s"] = lp.seconds
    if lp.status != "Optimal" or lp.x is None:
        out.stopped_by_limit = lp.status == "Time limit reached"
        return out
    out.bound = lp.objective
    out.bound_kind = "compact-lp"
    t = time.perf_counter()
    out.prices = compact_prices(net, cm, lp)
    out.timings["prices_s"] = time.perf_counter() - t
    clock.say(f"LP bound {lp.objective:.6f}; rounding")
    out.candidates.append(plan_from_flow(scenario, net, cm, lp.x, clock.deadline, out.timings))
    left = clock.left()
    if left is None or left > 1.0:
        clock.say("solving the MIP for the last rounding losses")
        limit = MIP_TIME_CAP_S if left is None else min(MIP_TIME_CAP_S, left * 0.9)
        mip = solve_highs(cm.model, time_limit=limit, integer=True, mip_gap=1e-6)
        out.timings["mip_s"] = mip.seconds
        if mip.x is not None:
            out.candidates.append(plan_from_flow(scenario, net, cm, mip.x, clock.deadline,
                                                 out.timings))
        # Every valid plan is an integral flow of the compact model, so the MIP's dual bound
        # is a proven bound too, and the tighter one once the MIP closes the integrality gap.
        if mip.dual_bound is not None and out.bound is not None and mip.dual_bound < out.bound:
            out.bound = mip.dual_bound
            out.bound_kind = "compact-mip"
        if mip.status == "Time limit reached" and left is not None:
            out.stopped_by_limit = mip.seconds >= left * 0.85
    return out


def _optimize_paths(scenario: Scenario, net: Network, clock: _Clock,
                    incumbent: Candidate) -> Outcome:
    out = Outcome()
    t = time.perf_counter()
    classes = pledge_classes(net)
    cg = PathColumnGeneration(net, classes)
    cg.add_shipments(incumbent[0])
    out.timings["model_building_s"] = time.perf_counter() - t
    t = time.perf_counter()
    capacity_free = _warm_start(net, cg, incumbent[0], clock)
    out.timings["warm_start_s"] = time.perf_counter() - t
    y = np.zeros(cg.num_rows)
    best_bound = float("inf")
    master_s = 0.0
    solved = vertex = False
    converged = close = False
    x_best, obj_best = np.zeros(0), 0.0
    budget = None if clock.deadline is None else clock.deadline - clock.started
    # Kept after the last round for the Lagrangian bound and the rounding + fill.
    reserve = 0.0 if budget is None else max(4.0, POLISH_SHARE * budget)
    for rnd in range(200):
        bound, cols = cg.price(y)
        best_bound = min(best_bound, bound)
        added = cg.add_paths(*cols)
        if solved and added == 0:
            converged = True
            break
        left = clock.left()
        # Start a round only if it can finish, and make it the last one, with the crossover,
        # when there would be no time for another after it (masters grow and the machine may be
        # shared: a round may take up to MASTER_GROWTH times the last one).
        room = None if left is None else left - reserve
        next_s = master_s * MASTER_GROWTH
        if room is not None and solved and room < next_s * VERTEX_COST:
            out.stopped_by_limit = True
            break
        last = room is not None and solved and room < next_s * (1 + VERTEX_COST)
        t = time.perf_counter()
        obj, x, y_new = cg.solve_master(room, vertex=last)
        if not cg.optimal():
            out.stopped_by_limit = True
            break
        master_s = time.perf_counter() - t
        y, solved, vertex, x_best, obj_best = y_new, True, last, x, obj
        clock.say(f"round {rnd + 1}: plan LP {obj:.4f}, bound {best_bound:.4f}, "
                  f"{len(cg.keys)} paths, master {master_s:.1f}s")
        if last:
            out.stopped_by_limit = True
            break
        if best_bound - obj <= 1e-7 * max(1.0, abs(best_bound)):
            converged = True
            break
        if best_bound - obj <= CG_GAP * max(1.0, abs(best_bound)):
            close = True
            break
    if solved and not vertex:
        # The rounds ended on an interior point (converged, or out of time): solve the same
        # master again with the crossover if there is time, for a plan that rounds well.
        left = clock.left()
        room = None if left is None else left - reserve / 2
        if room is None or room > master_s * VERTEX_COST:
            t = time.perf_counter()
            obj, x, y_new = cg.solve_master(room, vertex=True)
            if cg.optimal():
                y, x_best, obj_best = y_new, x, obj
            _add(out.timings, "vertex_s", time.perf_counter() - t)
    out.timings["lp_rounds_s"] = (time.perf_counter() - clock.started
                                  - out.timings["model_building_s"]
                                  - out.timings["warm_start_s"]
                                  - out.timings.get("vertex_s", 0.0))
    pricing = "path-pricing"
    lagrangian = "path-lagrangian"
    if not solved:  # not even one master in time: the warm start's bound (capacity unpriced)
        relaxed = capacity_free
        if relaxed == float("inf"):
            x_none = np.zeros(cg.n_u + len(cg.keys))
            t = time.perf_counter()
            relaxed = _lagrangian_bound(net, cg, np.zeros(cg.num_rows), x_none[cg.n_u:], clock)
            out.timings["lagrangian_bound_s"] = time.perf_counter() - t
        out.bound = min(best_bound, relaxed)
        out.bound_kind = lagrangian if relaxed < best_bound else pricing
        return out
    # The last optimal master solution; paths added after it are simply not used.
    obj = obj_best
    x = np.concatenate([x_best, np.zeros(cg.n_u + len(cg.keys) - len(x_best))])
    if converged:
        best_bound = min(best_bound, obj)
        out.bound_kind = "path-lp"
    elif close:  # the pricing bound is already within CG_GAP of the LP
        out.bound_kind = pricing
    else:
        t = time.perf_counter()
        relaxed = min(capacity_free, _lagrangian_bound(net, cg, y, x[cg.n_u:len(x_best)], clock))
        out.timings["lagrangian_bound_s"] = time.perf_counter() - t
        out.bound_kind = lagrangian if relaxed < best_bound else pricing
        best_bound = min(best_bound, relaxed)
    out.bound = best_bound
    t = time.perf_counter()
    out.prices = path_prices(cg, y, x, converged)
    out.timings["prices_s"] = time.perf_counter() - t
    clock.say(f"bound {best_bound:.4f}; rounding the LP plan {obj:.4f}")
    out.candidates.append(_round_paths(scenario, net, classes.members, cg, x, clock.deadline,
                                       out.timings))
    return out


def _warm_start(net: Network, cg: PathColumnGeneration, shipments: list[Shipment],
                clock: _Clock) -> float:
    """Give the master the paths of the best plan that ignores node capacity, and return that
    plan's bound (a relaxation, so a proven bound on the LP; inf if none was reached).

    Without capacity rows the master solves in a fraction of the time, so a few rounds of it
    cost less than one round of the real master and save about one: the first real master
    then starts from the kind of paths its optimum uses instead of the greedy plan's alone.
    """
    sub = PathColumnGeneration(net, cg.cls, with_capacity=False)
    sub.set_capacity_prices(np.zeros((cg.N, cg.H)))
    sub.add_shipments(shipments)
    budget = None if clock.deadline is None else clock.deadline - clock.started
    stop = None if budget is None else time.perf_counter() + WARM_START_SHARE * budget
    y = np.zeros(sub.num_rows)
    bound, solved = float("inf"), False
    while True:
        left = None if stop is None else stop - time.perf_counter()
        if left is not None and left < 0.5:
            break
        priced, cols = sub.price(y)
        bound = min(bound, priced)
        if sub.add_paths(*cols) == 0:
            break
        _, _, y = sub.solve_master(left)
        if not sub.optimal():
            break
        solved = True
    if solved:
        x, k, r, n, t, _ = sub.solution()
        used = np.nonzero(x > 1e-9)[0]
        cg.add_paths(k[used], r[used], n[used], t[used])
    clock.say(f"warm start: {len(cg.keys)} paths, capacity-free bound {bound:.4f}")
    return bound


def _lagrangian_bound(net: Network, cg: PathColumnGeneration, y: FloatArray,
                      x_paths: FloatArray, clock: _Clock) -> float:
    """Capacity priced at the master's duals, the rest solved exactly: a valid upper bound."""
    N, H = cg.N, cg.H
    lam = np.maximum(y[cg.row_cap:cg.row_cap + N * H], 0.0).reshape(N, H)
    sub = PathColumnGeneration(net, cg.cls, with_capacity=False)
    sub.set_capacity_prices(lam)
    used = np.nonzero(x_paths > 1e-7)[0]  # the master's plan: a good start for the subproblem
    sub.add_paths(np.concatenate(cg.col_k)[used], np.concatenate(cg.col_r)[used],
                  np.concatenate(cg.col_n)[used], np.concatenate(cg.col_t)[used])
    best = float("inf")
    # At most a share of the time left: the rest is for rounding and checking.
    left = clock.left()
    stop = None if left is None else time.perf_counter() + LAGRANGIAN_SHARE * left
    while True:
        left = None if stop is None else stop - time.perf_counter()
        if left is not None and left < 0.5:
            break
        _, _, y_sub = sub.solve_master(left)
        # The subproblem's pricing bound holds at any prices, even a master cut short.
        bound, cols = sub.price(y_sub)
        best = min(best, bound)
        clock.say(f"Lagrangian bound {bound:.4f}")
        if not sub.optimal() or sub.add_paths(*cols) == 0:
            break
    return best


def _round_paths(scenario: Scenario, net: Network, members: list[list[int]],
                 cg: PathColumnGeneration, x: FloatArray, deadline: float | None = None,
                 timings: dict[str, float] | None = None) -> Candidate:
    """Round an (often interior) master solution.

    Flooring every path would drop most of the heavy items an interior solution spreads thinly
    over many paths (three tanks as 0.3 from each of ten pledges); instead each requirement
    keeps its total rounded to the nearest unit, put on its paths with the largest fractions.
    Repair then trims what this overshoots (supply, capacity, crews).
    """
    started = time.perf_counter()
    x_u, x_p = x[:cg.n_u], x[cg.n_u:]
    k, r = np.concatenate(cg.col_k), np.concatenate(cg.col_r)
    n, t = np.concatenate(cg.col_n), np.concatenate(cg.col_t)
    used = np.nonzero(x_p > 1e-7)[0]
    whole = np.floor(x_p[used] + 1e-6)
    frac = x_p[used] - whole
    pair = r[used]
    order = np.lexsort((-frac, pair))  # by pair, then largest fraction first
    extra = np.zeros(len(used))
    start = 0
    pairs_sorted = pair[order]
    while start < len(order):
        stop = int(np.searchsorted(pairs_sorted, pairs_sorted[start], side="right"))
        members_idx = order[start:stop]
        missing = int(round(float(x_p[used[members_idx]].sum())) - whole[members_idx].sum())
        if missing > 0:
            extra[members_idx[:missing]] = 1.0
        start = stop
    units = whole + extra
    pieces: dict[tuple[int, int, int, int], float] = defaultdict(float)
    for j, q in zip(used.tolist(), units.tolist(), strict=True):
        if q > 0:
            pieces[(int(k[j]), int(n[j]), int(t[j]), int(r[j]))] += q
    shipments = pieces_to_shipments(scenario, members, pieces, net.node_ids)
    training = []
    for j in np.nonzero(x_u > 1e-7)[0].tolist():
        crews = round(float(x_u[j]))
        if crews > 0:
            training.append(TrainingAssignment(scenario.requirements[int(cg.u_r[j])].id,
                                               cg.sessions[int(cg.u_s[j])].id, crews))
    if timings is not None:
        _add(timings, "rounding_s", time.perf_counter() - started)
    return finish(scenario, net, shipments, training, deadline, timings)
