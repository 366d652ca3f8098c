"""Bottlenecks: what one more unit of a scarce resource would add to the objective.

At its optimum the planner's LP relaxation prices every row: the dual value of a node's capacity
row in a week is the objective (points) that one more tonne there would add, that of a session's
seat row the points of one more seat, that of a pledge class's supply row the points of one more
unit like that pledge. A supply step of one unit would make light items look worthless, so it is
a round number near a tenth of the class's pledged quantity, and no more than its item group
still lacks in the LP's solution (see supply_step).

These are marginal values, exact only while the change is small enough that the LP's optimal
basis stays the same. The LP's optimum is concave in each bound, so dual x step never
understates what a larger step adds: it is "at most" that much, for the LP. Where the LP is
small enough to solve again (the compact LP at XS/S), the likeliest bottlenecks are valued
exactly instead, by solving it again from its basis with the step added (Prices.gain): a
closed node's LP is degenerate, and its dual may price a tonne far above what any tonne
through it can carry.

Which LP the duals come from (DUAL_SOURCES): the compact flow LP at XS/S, solved to optimality;
at M/L the last optimal master of the column generation, which is the path LP itself once the
rounds have converged and otherwise only its restricted master, so the prices are indicative.

A node's neighbouring weeks with a positive price of about the same level (within a factor of
SIMILAR of the first week's), all open or all closed, are one bottleneck, valued for the same
extra tonnes in each of its weeks. Each bottleneck names what uses the resource in the LP's
solution: the priority and item group of the requirements whose flow through it carries the
most tonnes (crews for a session, units for a pledge).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from convoy.planner.network import FloatArray, IntArray, Network
from convoy.planner.scenario import Scenario

if TYPE_CHECKING:  # the solver modules load HiGHS: only the optimizer imports them
    from convoy.planner.compact import CompactModel
    from convoy.planner.lp import LpSolution
    from convoy.planner.paths import PathColumnGeneration

#: Where the duals come from; every key names an LP the optimizer solved.
DUAL_SOURCES = {
    "compact-lp": "the compact flow LP at its optimum, the top ones checked by solving it again",
    "path-lp": "the path LP at its optimum (column generation converged)",
    "path-master": "the restricted path LP of the last round (column generation not converged)",
}
PRICE_TOL = 1e-7  # duals below this (points per unit) are solver noise
MIN_VALUE = 1e-3  # bottlenecks worth less than this many points are left out
TOP = 10  # bottlenecks kept in the plan's metrics
EXACT_CANDIDATES = 3 * TOP  # valued again exactly where Prices.gain can

#: (kind, index, first week, last week): a node n in weeks first..last, a session s (in
#: scenario order) or a pledge class k (weeks unused).
Resource = tuple[str, int, int, int]
CAPACITY_STEP_SHARE = 0.1  # the step shown for a node: about a tenth of its weekly capacity
SUPPLY_STEP_SHARE = 0.1  # the step shown for supply: about a tenth of the pledged quantity
SIMILAR = 1.5  # a node's next week joins a bottleneck while its price is within this factor


@dataclass
class Prices:
    """Row duals of an optimal LP and the flow of its solution, in scenario indices."""

    source: str  # a key of DUAL_SOURCES
    capacity: FloatArray  # [node, week]: points per tonne
    seats: FloatArray  # [session, in scenario order]: points per seat
    supply: FloatArray  # [pledge class]: points per unit
    class_item: IntArray
    class_members: list[list[int]]
    # The solution's flow: units of class k to requirement r through node n, leaving in week t.
    flow_k: IntArray
    flow_n: IntArray
    flow_t: IntArray
    flow_r: IntArray
    flow_q: FloatArray
    # Its crews: crews of session s trained for requirement r.
    crew_r: IntArray
    crew_s: IntArray
    crew_q: FloatArray
    #: gain(resource, step): what the step adds to the LP, solved again (None: not known).
    gain: Callable[[Resource, float], float | None] | None = None


@dataclass(frozen=True)
class Bottleneck:
    kind: str  # "capacity" (node, weeks), "seats" (session) or "supply" (item group)
    where: str  # node id, session id or item group
    name: str  # node name, course id or item group
    first_week: int | None  # capacity: the weeks; seats: the session's end week
    last_week: int | None
    step: float  # tonnes per week, seats or units
    per_unit: float  # points per tonne (in each of the weeks), per seat, per unit
    value: float  # step * per_unit: about what the step adds, at most
    priority: int | None  # what uses it most (None: nothing uses it yet)
    group: str | None
    share: float | None  # of the tonnes, crews or units through it
    pledge: str | None = None  # supply: one more unit like this pledge
    closed: bool = False  # capacity: the node is closed (capacity 0) in these weeks

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _ints(values: Any) -> IntArray:
    return np.asarray(values, dtype=np.int64)


def compact_prices(net: Network, cm: CompactModel, lp: LpSolution) -> Prices | None:
    """The duals of the compact LP's optimum and its flow (None without a dual solution)."""
    from convoy.planner.decompose import flow_to_pieces
    from convoy.planner.lp import Resolver

    if lp.row_dual is None or lp.x is None or lp.status != "Optimal":
        return None
    rows, y, x = cm.model.row_blocks, lp.row_dual, lp.x
    pieces = flow_to_pieces(cm, x, net.outbound[0])
    keys = sorted(pieces)
    resolver: list[Resolver] = []
    horizon = net.horizon

    def gain(resource: Resource, step: float) -> float | None:
        if not resolver:  # built on first use: one more solve of the LP
            resolver.append(Resolver(cm.model))
        kind, index, first, last = resource
        if kind == "capacity":
            start = rows["node_capacity"].start + index * horizon
            block = np.arange(start + first, start + last + 1, dtype=np.int64)
        else:
            block = np.array([rows["seats" if kind == "seats" else "pledge_supply"].start
                              + index], dtype=np.int64)
        return resolver[0].gain(block, step)

    flow = np.asarray(keys, dtype=np.int64).reshape(-1, 4)
    return Prices(
        "compact-lp", y[rows["node_capacity"]].reshape(len(net.node_ids), net.horizon),
        y[rows["seats"]], y[rows["pledge_supply"]], cm.class_item, cm.class_members,
        flow[:, 0], flow[:, 1], flow[:, 2], flow[:, 3],
        np.asarray([pieces[k] for k in keys], dtype=np.float64),
        _ints(cm.u_req), _ints(cm.u_session), np.asarray(x[cm.u_col], dtype=np.float64), gain)


def path_prices(cg: PathColumnGeneration, y: FloatArray, x: FloatArray,
                converged: bool) -> Prices:
    """The duals of the last optimal path master and its solution (x: crews, then paths)."""
    N, H = cg.N, cg.H
    x_u, x_p = x[:cg.n_u], x[cg.n_u:]
    used = np.nonzero(x_p > 1e-7)[0]
    k, r, n, t = (_ints(np.concatenate(cols))[used] if cols else _ints([])
                  for cols in (cg.col_k, cg.col_r, cg.col_n, cg.col_t))
    return Prices(
        "path-lp" if converged else "path-master",
        y[cg.row_cap:cg.row_cap + N * H].reshape(N, H),
        y[cg.row_seat:cg.row_seat + len(cg.sessions)], y[cg.row_supply:cg.row_supply + cg.K],
        cg.cls.item, cg.cls.members, k, n, t, r, x_p[used], cg.u_r, cg.u_s, x_u)


def find_bottlenecks(scenario: Scenario, prices: Prices, top: int = TOP) -> list[Bottleneck]:
    """The `top` resources worth most per step, most valuable first (ties by kind and id)."""
    found = _capacity(scenario, prices) + _seats(scenario, prices) + _supply(scenario, prices)

    def best(pairs: list[tuple[Bottleneck, Resource]]) -> list[tuple[Bottleneck, Resource]]:
        pairs = [(b, r) for b, r in pairs if b.value >= MIN_VALUE]
        return sorted(pairs, key=lambda p: (-round(p[0].value, 9), p[0].kind, p[0].where,
                                            p[0].first_week or 0))
    found = best(found)
    if prices.gain is not None:
        exact = []
        for b, resource in found[:EXACT_CANDIDATES]:
            value = prices.gain(resource, b.step)
            if value is not None:
                b = replace(b, value=round(value, 4), per_unit=round(value / b.step, 6))
            exact.append((b, resource))
        found = best(exact)
    return [b for b, _ in found[:top]]


def words(b: Mapping[str, Any]) -> str:
    """One line for the command line, from a bottleneck's JSON."""
    value = about(b["value"])
    adds = f"would add about {value} point{'' if value == '1' else 's'}"
    if b["kind"] == "capacity":
        weeks = (f"week {b['first_week']}" if b["first_week"] == b["last_week"]
                 else f"weeks {b['first_week']}-{b['last_week']}")
        closed = " (closed)" if b.get("closed") else ""
        text = f"{b['name']}, {weeks}{closed}: +{b['step']:g} t/week {adds}"
    elif b["kind"] == "seats":
        text = (f"session {b['where']} ({b['name']}, ends week {b['first_week']}): "
                f"+{b['step']:g} seat {adds}")
    else:
        units = "unit" if b["step"] == 1 else "units"
        text = f"{b['where']}: +{b['step']:g} {units} like pledge {b['pledge']} {adds}"
    if b["priority"] is not None:
        text += f", mostly priority-{b['priority']} {b['group']}"
    return text


def about(value: float) -> str:
    """A value in points, to about three figures."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def nice_step(amount: float) -> float:
    """The 1, 2 or 5 x 10^k nearest `amount` (on a log scale), at least 1."""
    if amount <= 1:
        return 1.0
    exp = np.floor(np.log10(amount))
    candidates = [m * 10 ** e for e in (exp, exp + 1) for m in (1, 2, 5)]
    return float(min(candidates, key=lambda c: (abs(np.log(c / amount)), c)))


class _Use:
    """Who uses a resource in the LP's solution: weight by (priority, group)."""

    def __init__(self, scenario: Scenario) -> None:
        self.reqs = scenario.requirements

    def mostly(self, r: IntArray, weight: FloatArray
               ) -> tuple[int | None, str | None, float | None]:
        totals: dict[tuple[int, str], float] = defaultdict(float)
        for req, w in zip(r.tolist(), weight.tolist(), strict=True):
            if w > 0:
                totals[(self.reqs[req].priority, self.reqs[req].group)] += w
        if not totals:
            return None, None, None
        (priority, group), best = min(totals.items(), key=lambda kv: (-kv[1], kv[0]))
        return priority, group, round(best / sum(totals.values()), 4)


def _capacity(scenario: Scenario, p: Prices) -> list[tuple[Bottleneck, Resource]]:
    use = _Use(scenario)
    mass = np.array([it.unit_mass_t for it in scenario.items])
    tonnes = p.flow_q * mass[p.class_item[p.flow_k]] if len(p.flow_k) else p.flow_q
    out = []
    for n, node in enumerate(scenario.nodes):
        price = p.capacity[n]
        shut = [node.capacity(w) <= 0 for w in range(scenario.horizon_weeks)]
        runs: list[list[int]] = []
        for week in np.nonzero(price > PRICE_TOL)[0].tolist():
            if (runs and runs[-1][-1] == week - 1 and shut[runs[-1][0]] == shut[week]
                    and _similar(price[runs[-1][0]], price[week])):
                runs[-1].append(week)
            else:
                runs.append([week])
        step = nice_step(CAPACITY_STEP_SHARE * node.capacity_t_per_week)
        for run in runs:
            first, last = run[0], run[-1]
            per_unit = float(p.capacity[n, first:last + 1].sum())
            here = (p.flow_n == n) & (p.flow_t >= first) & (p.flow_t <= last)
            priority, group, share = use.mostly(p.flow_r[here], tonnes[here])
            out.append((Bottleneck("capacity", node.id, node.name, first, last, step,
                                   round(per_unit, 6), round(step * per_unit, 4),
                                   priority, group, share, closed=shut[first]),
                        ("capacity", n, first, last)))
    return out


def _similar(a: float, b: float) -> bool:
    return max(a, b) <= SIMILAR * min(a, b)


def _seats(scenario: Scenario, p: Prices) -> list[tuple[Bottleneck, Resource]]:
    use = _Use(scenario)
    sessions = [s for c in scenario.courses for s in c.sessions]
    out = []
    for s in np.nonzero(p.seats > PRICE_TOL)[0].tolist():
        ses = sessions[s]
        here = p.crew_s == s
        priority, group, share = use.mostly(p.crew_r[here], p.crew_q[here])
        per_unit = float(p.seats[s])
        out.append((Bottleneck("seats", ses.id, ses.course, ses.end_week, ses.end_week, 1.0,
                               round(per_unit, 6), round(per_unit, 4), priority, group, share),
                    ("seats", s, 0, 0)))
    return out


def _supply(scenario: Scenario, p: Prices) -> list[tuple[Bottleneck, Resource]]:
    """Per item group, its best-priced pledge class: more units like that pledge."""
    use = _Use(scenario)
    best: dict[str, int] = {}
    for k in np.nonzero(p.supply > PRICE_TOL)[0].tolist():
        group = scenario.items[int(p.class_item[k])].group
        if group not in best or p.supply[k] > p.supply[best[group]] + 1e-12:
            best[group] = k
    out = []
    for group, k in sorted(best.items()):
        here = p.flow_k == k
        priority, req_group, share = use.mostly(p.flow_r[here], p.flow_q[here])
        per_unit = float(p.supply[k])
        pledge = scenario.pledges[p.class_members[k][0]].id
        pledged = sum(scenario.pledges[i].quantity for i in p.class_members[k])
        step = supply_step(pledged, _lacking(scenario, p, group))
        out.append((Bottleneck("supply", group, group, None, None, step, round(per_unit, 6),
                               round(step * per_unit, 4), priority, req_group, share, pledge),
                    ("supply", k, 0, 0)))
    return out


def supply_step(pledged: float, lacking: float) -> float:
    """About a tenth of what the class pledges, in round units; but never more than the group
    still lacks (when it lacks a whole unit or more), where the price would no longer hold."""
    step = nice_step(SUPPLY_STEP_SHARE * pledged)
    if lacking >= 1:
        step = min(step, float(np.floor(lacking)))
    return step


def _lacking(scenario: Scenario, p: Prices, group: str) -> float:
    """Units the group's requirements still lack in the LP's solution."""
    reqs = [r for r, req in enumerate(scenario.requirements) if req.group == group]
    required = sum(scenario.requirements[r].quantity for r in reqs)
    return float(required - p.flow_q[np.isin(p.flow_r, reqs)].sum())
