"""Make a nearly valid integral plan valid by trimming shipments (never by adding).

Rounded LP flows can break a rule by a unit here and there (a crew rounded down, a tonne of
tolerance at a node). Rules 3-7 are restored in order; each step only lowers quantities, so it
cannot break a rule an earlier step restored. Rules 1-2 hold by construction of the shipments.
"""

from __future__ import annotations

from collections import defaultdict

from convoy.planner.objective import shipment_terms
from convoy.planner.plan import Shipment, TrainingAssignment
from convoy.planner.scenario import Scenario

TOL_T = 1e-7


def repair(scenario: Scenario, shipments: list[Shipment],
           training: list[TrainingAssignment]) -> tuple[list[Shipment], list[TrainingAssignment]]:
    qty = [s.quantity for s in shipments]
    terms = [shipment_terms(scenario, s) for s in shipments]
    unit_net = [0.0 if t is None or s.quantity == 0 else (t[0] - t[1]) / s.quantity
                for s, t in zip(shipments, terms, strict=True)]
    mass = [scenario.item_by_id[scenario.pledge_by_id[s.pledge].item].unit_mass_t
            for s in shipments]

    def trim(groups: dict[object, list[int]], limit: dict[object, float],
             weight: list[float]) -> None:
        """Per group, cut the least valuable shipments until sum(qty * weight) <= limit."""
        for key, members in groups.items():
            load = sum(qty[j] * weight[j] for j in members)
            for j in sorted(members, key=lambda j: unit_net[j] / weight[j]):
                if load <= limit[key] + TOL_T:
                    break
                cut = min(qty[j], int(-(-(load - limit[key] - TOL_T) // weight[j])))
                qty[j] -= cut
                load -= cut * weight[j]

    ones = [1.0] * len(shipments)
    by_pledge: dict[object, list[int]] = defaultdict(list)
    by_req: dict[object, list[int]] = defaultdict(list)
    by_node: dict[object, list[int]] = defaultdict(list)
    for j, s in enumerate(shipments):
        by_pledge[s.pledge].append(j)
        by_req[s.requirement].append(j)
        by_node[(s.node, s.dispatch_week)].append(j)
    trim(by_pledge, {p: float(scenario.pledge_by_id[str(p)].quantity) for p in by_pledge}, ones)
    trim(by_req, {r: float(scenario.requirement_by_id[str(r)].quantity) for r in by_req}, ones)
    trim(by_node, {k: scenario.node_by_id[str(k[0])].capacity(int(k[1]))  # type: ignore[index]
                   for k in by_node}, mass)
    training = _trim_seats(scenario, training)
    training = _top_up_crews(scenario, shipments, training, qty, terms)
    _trim_crews(scenario, shipments, training, qty, terms)
    return ([Shipment(s.pledge, s.requirement, s.node, q, s.dispatch_week)
             for s, q in zip(shipments, qty, strict=True) if q > 0], training)


def _trim_seats(scenario: Scenario, training: list[TrainingAssignment]
                ) -> list[TrainingAssignment]:
    left = {s.id: s.seats for c in scenario.courses for s in c.sessions}
    out = []
    for t in training:
        crews = min(t.crews, left[t.session])
        left[t.session] -= crews
        if crews > 0:
            out.append(TrainingAssignment(t.requirement, t.session, crews))
    return out


def _top_up_crews(scenario: Scenario, shipments: list[Shipment],
                  training: list[TrainingAssignment], qty: list[int],
                  terms: list[tuple[float, float, int] | None]) -> list[TrainingAssignment]:
    """Before dropping equipment for want of crews, book free seats of sessions that end in
    time (rounding often leaves a crew short where seats are still free)."""
    left = {s.id: s.seats for c in scenario.courses for s in c.sessions}
    booked: dict[tuple[str, str], int] = defaultdict(int)
    for t in training:
        left[t.session] -= t.crews
        booked[(t.requirement, t.session)] += t.crews
    ready: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for (rid, course), crews in scenario.trained.items():
        ready[(rid, course)].append((0, crews))
    for (rid, course), later in scenario.ready_later.items():
        ready[(rid, course)].extend(later)
    for (rid, sid), crews in booked.items():
        ses = scenario.session_by_id[sid]
        ready[(rid, ses.course)].append((ses.end_week, crews))
    need: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for j, s in enumerate(shipments):
        item = scenario.item_by_id[scenario.pledge_by_id[s.pledge].item]
        if item.training is not None and terms[j] is not None and qty[j] > 0:
            need[(s.requirement, item.training.course)].append(
                (terms[j][2], qty[j] * item.training.crews_per_unit))  # type: ignore[index]
    sessions = {c.id: sorted(c.sessions, key=lambda x: -x.end_week) for c in scenario.courses}
    for (rid, course), needs in need.items():
        for week in sorted({w for w, _ in needs}):
            short = (sum(c for w, c in needs if w <= week)
                     - sum(c for end, c in ready[(rid, course)] if end <= week))
            # latest-ending sessions first: they leave the early seats to others
            for ses in sessions.get(course, []):
                if short <= 0:
                    break
                if ses.end_week <= week and left[ses.id] > 0:
                    take = min(short, left[ses.id])
                    left[ses.id] -= take
                    booked[(rid, ses.id)] += take
                    ready[(rid, course)].append((ses.end_week, take))
                    short -= take
    return [TrainingAssignment(r, s, c) for (r, s), c in booked.items() if c > 0]


def _trim_crews(scenario: Scenario, shipments: list[Shipment],
                training: list[TrainingAssignment], qty: list[int],
                terms: list[tuple[float, float, int] | None]) -> None:
    """Rule 7: while crews needed by week k exceed crews ready by k, drop the latest unit
    arriving by k."""
    ready: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for (rid, course), crews in scenario.trained.items():
        ready[(rid, course)].append((0, crews))
    for (rid, course), later in scenario.ready_later.items():
        ready[(rid, course)].extend(later)
    for t in training:
        ses = scenario.session_by_id[t.session]
        ready[(t.requirement, ses.course)].append((ses.end_week, t.crews))
    users: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, s in enumerate(shipments):
        item = scenario.item_by_id[scenario.pledge_by_id[s.pledge].item]
        if item.training is not None and terms[j] is not None:
            users[(s.requirement, item.training.course)].append(j)
    for key, js in users.items():
        cpu = {j: scenario.item_by_id[scenario.pledge_by_id[shipments[j].pledge].item]
               .training.crews_per_unit for j in js}  # type: ignore[union-attr]
        js.sort(key=lambda j: terms[j][2])  # type: ignore[index]
        for week in sorted({terms[j][2] for j in js}):  # type: ignore[index]
            have = sum(c for end, c in ready.get(key, []) if end <= week)
            upto = [j for j in js if terms[j][2] <= week]  # type: ignore[index]
            need = sum(qty[j] * cpu[j] for j in upto)
            for j in reversed(upto):
                while need > have and qty[j] > 0:
                    qty[j] -= 1
                    need -= cpu[j]
