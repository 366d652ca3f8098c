"""The optimizer (placeholder until the LP-based method lands): returns no candidates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from convoy.planner.plan import Shipment, TrainingAssignment
from convoy.planner.scenario import Scenario

Candidate = tuple[list[Shipment], list[TrainingAssignment]]


@dataclass
class Outcome:
    candidates: list[Candidate] = field(default_factory=list)
    bound: float | None = None
    stopped_by_limit: bool = False
    timings: dict[str, float] = field(default_factory=dict)


def optimize(scenario: Scenario, deadline: float | None,
             progress: Callable[[str, float], None], incumbent: Candidate) -> Outcome:
    return Outcome()
