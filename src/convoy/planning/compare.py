"""Two plan runs side by side: their figures, node load, and the requirements whose outcome
differs (what was delivered to them, and how much of it on time).

Each run is read against its own scenario, so a what-if run beside the run it varies shows
what its changes do.
"""

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext_lazy as _

from convoy.core.errors import DomainError
from convoy.planner.errors import PlanFormatError, ScenarioError
from convoy.planner.objective import shipment_terms
from convoy.planner.plan import parse_plan
from convoy.planner.scenario import Scenario
from convoy.planning.models import PlanRun

Pair = list[Any]


def outcomes(run: PlanRun) -> dict[str, Any]:
    """What one run's plan gives each requirement and loads on each node."""
    try:
        scenario = Scenario.from_json(run.scenario)
        plan = parse_plan((run.result or {}).get("plan"))[0]
    except (ScenarioError, PlanFormatError):  # a run from before the formats were checked
        return {"requirements": {}, "tonnes": {}}
    requirements = {r.id: {"priority": r.priority, "required": r.quantity, "delivered": 0,
                           "on_time": 0} for r in scenario.requirements}
    tonnes: dict[str, float] = defaultdict(float)
    for s in plan.shipments:
        terms = shipment_terms(scenario, s)
        if terms is None:
            continue
        outcome = requirements[s.requirement]
        outcome["delivered"] += s.quantity
        if terms[2] <= scenario.requirement_by_id[s.requirement].due_week:
            outcome["on_time"] += s.quantity
        item = scenario.item_by_id[scenario.pledge_by_id[s.pledge].item]
        tonnes[s.node] += s.quantity * item.unit_mass_t
    for node in scenario.nodes:
        tonnes.setdefault(node.id, 0.0)
    return {"requirements": requirements, "tonnes": dict(tonnes)}


def compare(first: PlanRun, second: PlanRun) -> dict[str, Any]:
    """Both runs' figures as [first, second] pairs; `requirements` lists only those whose
    outcome (priority, quantity required, delivered or on time) differs."""
    for run in (first, second):
        if not run.result:
            raise DomainError({"other": _(
                "Plan run %(pk)s has no result yet (%(status)s): only solved runs are compared."
            ) % {"pk": run.pk, "status": run.get_status_display()}})
    metrics = [r.result.get("metrics") or {} for r in (first, second)]
    found = [outcomes(r) for r in (first, second)]

    def pair(values: list[dict[str, Any]], key: str) -> Pair:
        return [v.get(key) for v in values]

    def keyed(values: list[dict[str, Any]]) -> dict[str, Pair]:
        keys = sorted(set(values[0]) | set(values[1]))
        return {k: [values[0].get(k), values[1].get(k)] for k in keys}

    changed = []
    for code, (a, b) in keyed([f["requirements"] for f in found]).items():
        if a != b:
            changed.append({"requirement": code, **{
                field: [a and a[field], b and b[field]]
                for field in ("priority", "required", "delivered", "on_time")}})
    return {
        "runs": [first.pk, second.pk],
        "what_if": [first.changes, second.changes],
        "objective": [first.objective, second.objective],
        "bound": [first.bound, second.bound],
        "on_time_rate": pair(metrics, "on_time_rate"),
        "units_delivered": pair(metrics, "units_delivered"),
        "fill_rate_by_priority": keyed(
            [m.get("fill_rate_by_priority") or {} for m in metrics]),
        "node_peak_utilisation": keyed(
            [m.get("node_peak_utilisation") or {} for m in metrics]),
        "node_tonnes": keyed([{k: round(v, 3) for k, v in f["tonnes"].items()} for f in found]),
        "requirements": changed,
    }
