"""The objective of the planning model, exactly as the spec writes it (one place, one formula)."""

from __future__ import annotations

from convoy.planner.plan import Shipment
from convoy.planner.scenario import Item, Lane, Requirement, Scenario, Weights


def lateness_factor(weights: Weights, arrival_week: int, due_week: int) -> float:
    """max(0, 1 - decay * max(0, arrival - due)): the share of value a late arrival keeps."""
    return max(0.0, 1.0 - weights.late_decay_per_week * max(0, arrival_week - due_week))


def unit_value(weights: Weights, req: Requirement, arrival_week: int) -> float:
    """Points one unit delivered to `req` in `arrival_week` is worth."""
    if req.quantity <= 0:
        return 0.0
    return (weights.points(req.priority) / req.quantity
            * lateness_factor(weights, arrival_week, req.due_week))


def unit_cost_points(weights: Weights, item: Item, first: Lane, second: Lane) -> float:
    """Transport cost of one unit through both lanes, in points."""
    return item.unit_mass_t * (first.cost_per_t + second.cost_per_t) / weights.eur_per_point


def shipment_terms(scenario: Scenario, s: Shipment) -> tuple[float, float, int] | None:
    """(value, cost in points, arrival week) of one shipment, or None if it does not resolve."""
    pledge = scenario.pledge_by_id.get(s.pledge)
    req = scenario.requirement_by_id.get(s.requirement)
    if pledge is None or req is None:
        return None
    item = scenario.item_by_id[pledge.item]
    first = scenario.lane_by_ends.get((pledge.origin, s.node))
    second = scenario.lane_by_ends.get((s.node, req.destination))
    if first is None or second is None:
        return None
    arrival = s.dispatch_week + second.weeks
    value = unit_value(scenario.weights, req, arrival) * s.quantity
    cost = unit_cost_points(scenario.weights, item, first, second) * s.quantity
    return value, cost, arrival


def plan_objective(scenario: Scenario, shipments: tuple[Shipment, ...] | list[Shipment]) -> float:
    """sum(value) - sum(cost) / eur_per_point over the shipments that resolve."""
    total_value = 0.0
    total_cost = 0.0
    for s in shipments:
        terms = shipment_terms(scenario, s)
        if terms is not None:
            total_value += terms[0]
            total_cost += terms[1]
    return total_value - total_cost
