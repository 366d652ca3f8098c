"""`convoy plan check`: every validity rule (1-7) of the planning model, and the objective."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from convoy.planner.objective import plan_objective, shipment_terms
from convoy.planner.plan import Plan
from convoy.planner.scenario import Scenario

CAPACITY_TOLERANCE_T = 1e-6
OBJECTIVE_REL_TOLERANCE = 1e-6
RULE_NAMES = {0: "objective", 1: "types", 2: "timing", 3: "supply", 4: "demand",
              5: "node throughput", 6: "seats", 7: "crews before equipment"}


@dataclass(frozen=True)
class Violation:
    rule: int  # 1..7 as numbered in the spec; 0 for a wrong objective field
    ids: tuple[str, ...]
    message: str
    excess: float = 0.0  # by how much the rule is broken, in the rule's own unit

    def __str__(self) -> str:
        head = f"rule {self.rule} ({RULE_NAMES[self.rule]})" if self.rule else "objective"
        return f"{head}: {self.message}"


@dataclass(frozen=True)
class CheckReport:
    objective: float
    violations: tuple[Violation, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return not self.violations

    def rules_broken(self) -> set[int]:
        return {v.rule for v in self.violations}


def check_plan(scenario: Scenario, plan: Plan, type_problems: list[str] | None = None,
               check_objective_field: bool = True) -> CheckReport:
    """Validate `plan` against `scenario`; recompute its objective from the spec formula."""
    out = [Violation(1, (), p) for p in type_problems or []]
    shipped: dict[str, int] = defaultdict(int)  # by pledge
    received: dict[str, int] = defaultdict(int)  # by requirement
    tonnes: dict[tuple[str, int], float] = defaultdict(float)  # by (node, dispatch week)
    # (requirement, course) -> [(arrival week, crews needed)]
    crew_needs: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    horizon = scenario.horizon_weeks
    for k, s in enumerate(plan.shipments):
        label = f"shipments[{k}] ({s.pledge} -> {s.requirement} via {s.node})"
        ids = (s.pledge, s.requirement, s.node)
        pledge = scenario.pledge_by_id.get(s.pledge)
        req = scenario.requirement_by_id.get(s.requirement)
        if pledge is None or req is None or s.node not in scenario.node_by_id:
            missing = [x for x, ok in ((f"pledge '{s.pledge}'", pledge),
                                       (f"requirement '{s.requirement}'", req),
                                       (f"node '{s.node}'", scenario.node_by_id.get(s.node)))
                       if ok is None]
            out.append(Violation(1, ids, f"{label}: {', '.join(missing)} not in the scenario"))
            continue
        item = scenario.item_by_id[pledge.item]
        if item.group != req.group:
            out.append(Violation(1, ids, f"{label}: item '{item.id}' is in group '{item.group}', "
                                         f"requirement wants '{req.group}'"))
        if s.quantity < 1:
            out.append(Violation(1, ids, f"{label}: quantity {s.quantity} < 1",
                                 float(1 - s.quantity)))
        first = scenario.lane_by_ends.get((pledge.origin, s.node))
        second = scenario.lane_by_ends.get((s.node, req.destination))
        if first is None or second is None:
            gone = [f"{a} -> {b}" for (a, b), ln in (((pledge.origin, s.node), first),
                                                      ((s.node, req.destination), second))
                    if ln is None]
            out.append(Violation(1, ids, f"{label}: no lane {' and '.join(gone)}"))
            continue
        earliest = pledge.available_week + first.weeks
        arrival = s.dispatch_week + second.weeks
        if s.dispatch_week < earliest:
            out.append(Violation(2, ids, f"{label}: dispatch week {s.dispatch_week} < earliest "
                                         f"{earliest} (early by {earliest - s.dispatch_week})",
                                 float(earliest - s.dispatch_week)))
        if arrival > horizon - 1:
            out.append(Violation(2, ids, f"{label}: arrival week {arrival} > last week "
                                         f"{horizon - 1} (by {arrival - horizon + 1})",
                                 float(arrival - horizon + 1)))
        qty = max(s.quantity, 0)
        shipped[s.pledge] += qty
        received[s.requirement] += qty
        tonnes[(s.node, s.dispatch_week)] += qty * item.unit_mass_t
        if item.training is not None and qty:
            crew_needs[(req.id, item.training.course)].append(
                (arrival, qty * item.training.crews_per_unit))
    for pid, total in sorted(shipped.items()):
        cap = scenario.pledge_by_id[pid].quantity
        if total > cap:
            out.append(Violation(3, (pid,), f"pledge {pid}: shipped {total} > quantity {cap} "
                                            f"(over by {total - cap})", float(total - cap)))
    for rid, total in sorted(received.items()):
        want = scenario.requirement_by_id[rid].quantity
        if total > want:
            out.append(Violation(4, (rid,), f"requirement {rid}: shipped {total} > quantity "
                                            f"{want} (over by {total - want})",
                                 float(total - want)))
    for (nid, week), load in sorted(tonnes.items()):
        cap_t = scenario.node_by_id[nid].capacity(week)
        if load > cap_t + CAPACITY_TOLERANCE_T:
            out.append(Violation(5, (nid, str(week)),
                                 f"node {nid} week {week}: {load:.6f} t > capacity {cap_t:g} t "
                                 f"(over by {load - cap_t:.6f} t)", load - cap_t))
    out.extend(_check_training(scenario, plan, crew_needs))
    objective = plan_objective(scenario, plan.shipments)
    if check_objective_field:
        out.extend(_check_objective_field(plan, objective))
    return CheckReport(objective, tuple(out))


def _check_training(scenario: Scenario, plan: Plan,
                    crew_needs: dict[tuple[str, str], list[tuple[int, int]]]) -> list[Violation]:
    out: list[Violation] = []
    seats_used: dict[str, int] = defaultdict(int)
    # (requirement, course) -> [(session end week, crews)]
    crews_ready: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for k, t in enumerate(plan.training):
        label = f"training[{k}] ({t.requirement}, {t.session})"
        session = scenario.session_by_id.get(t.session)
        if session is None or t.requirement not in scenario.requirement_by_id:
            what = "session" if session is None else "requirement"
            out.append(Violation(1, (t.requirement, t.session),
                                 f"{label}: {what} not in the scenario"))
            continue
        if t.crews < 1:
            out.append(Violation(1, (t.requirement, t.session),
                                 f"{label}: crews {t.crews} < 1", float(1 - t.crews)))
            continue
        seats_used[t.session] += t.crews
        crews_ready[(t.requirement, session.course)].append((session.end_week, t.crews))
    for sid, used in sorted(seats_used.items()):
        seats = scenario.session_by_id[sid].seats
        if used > seats:
            out.append(Violation(6, (sid,), f"session {sid}: {used} crews > {seats} seats "
                                            f"(over by {used - seats})", float(used - seats)))
    for (rid, course), needs in sorted(crew_needs.items()):
        ready = sorted(crews_ready.get((rid, course), []))
        worst: tuple[int, int, int] | None = None  # (shortfall, week, needed)
        need = 0
        for week in sorted({w for w, _ in needs}):
            need = sum(c for w, c in needs if w <= week)
            have = scenario.crews_ready(rid, course, week) + sum(
                c for end, c in ready if end <= week)
            if need > have and (worst is None or need - have > worst[0]):
                worst = (need - have, week, need)
        if worst is not None:
            short, week, need = worst
            out.append(Violation(7, (rid, course), f"requirement {rid} course {course} week "
                                                   f"{week}: {need} crews needed, "
                                                   f"{need - short} trained (short by {short})",
                                 float(short)))
    return out


def _check_objective_field(plan: Plan, objective: float) -> list[Violation]:
    if plan.objective is None:
        return [Violation(0, (), f"plan has no objective field; recomputed {objective:.6f}")]
    diff = abs(plan.objective - objective)
    if diff > OBJECTIVE_REL_TOLERANCE * abs(objective) + 1e-9:
        return [Violation(0, (), f"plan says {plan.objective:.6f}, recomputed {objective:.6f} "
                                 f"(off by {diff:.6f})", diff)]
    return []


def shipment_arrival(scenario: Scenario, plan: Plan) -> list[int | None]:
    """Arrival week of every shipment (None where it does not resolve); used by metrics."""
    return [None if (t := shipment_terms(scenario, s)) is None else t[2] for s in plan.shipments]
