"""Generated scenarios shared by the solver tests, cached for the session."""

from __future__ import annotations

import copy
from typing import Any

from convoy.planner.generator import generate

_GENERATED: dict[tuple[str, int], dict[str, Any]] = {}


def generated(size: str, seed: int) -> dict[str, Any]:
    """Generated scenario documents, cached per session (a fresh copy each call)."""
    if (size, seed) not in _GENERATED:
        _GENERATED[(size, seed)] = generate(size, seed)
    return copy.deepcopy(_GENERATED[(size, seed)])


def one_node_scenario() -> dict[str, Any]:
    """One node of 10 t a week; 100 one-tonne boxes pledged for a requirement of 100 due in
    week 5, worth nothing late: only the 4 weeks the node can dispatch on time count."""
    return {
        "format": "convoy-scenario/1", "start_date": "2024-07-01", "horizon_weeks": 10,
        "weights": {"late_decay_per_week": 1.0},
        "items": [{"id": "box", "name": "Box", "group": "boxes", "unit_mass_t": 1.0}],
        "nodes": [{"id": "N", "name": "Rzeszów", "capacity_t_per_week": 10}],
        "lanes": [{"from": "DEU", "to": "N", "weeks": 1, "cost_per_t": 0.0},
                  {"from": "N", "to": "UKR", "weeks": 1, "cost_per_t": 0.0}],
        "pledges": [{"id": "P-1", "donor": "DEU", "item": "box", "quantity": 100,
                     "available_week": 0, "origin": "DEU"}],
        "requirements": [{"id": "R-1", "group": "boxes", "quantity": 100, "priority": 1,
                          "due_week": 5, "destination": "UKR"}],
    }
