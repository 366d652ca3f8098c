"""The plan (convoy-plan/1): shipments and training assignments, to and from JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from convoy.planner.errors import PlanFormatError

PLAN_FORMAT = "convoy-plan/1"


@dataclass(frozen=True)
class Shipment:
    pledge: str
    requirement: str
    node: str
    quantity: int
    dispatch_week: int


@dataclass(frozen=True)
class TrainingAssignment:
    requirement: str
    session: str
    crews: int


@dataclass(frozen=True)
class Plan:
    shipments: tuple[Shipment, ...] = ()
    training: tuple[TrainingAssignment, ...] = ()
    objective: float | None = None
    metrics: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": PLAN_FORMAT,
            "shipments": [
                {"pledge": s.pledge, "requirement": s.requirement, "node": s.node,
                 "quantity": s.quantity, "dispatch_week": s.dispatch_week}
                for s in self.shipments
            ],
            "training": [
                {"requirement": t.requirement, "session": t.session, "crews": t.crews}
                for t in self.training
            ],
            "objective": self.objective,
            "metrics": dict(self.metrics),
        }


def _whole(value: object) -> int | None:
    """An integer value, accepting 3.0 but not 3.5 or True."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def parse_plan(data: object) -> tuple[Plan, list[str]]:
    """Read a plan document.

    Returns the plan and the record-level type problems (rule 1: a missing id, a quantity that is
    not a whole number). Records with such problems are left out of the plan. Raises
    PlanFormatError only if the document is not a plan object at all.
    """
    if not isinstance(data, Mapping):
        raise PlanFormatError(f"plan: must be a JSON object, got {type(data).__name__}")
    if data.get("format") != PLAN_FORMAT:
        raise PlanFormatError(f"plan format: must be '{PLAN_FORMAT}', got {data.get('format')!r}")
    problems: list[str] = []
    shipments: list[Shipment] = []
    raw_ship = data.get("shipments", [])
    raw_train = data.get("training", [])
    if not isinstance(raw_ship, list) or not isinstance(raw_train, list):
        raise PlanFormatError("plan: shipments and training must be lists")
    for k, rec in enumerate(raw_ship):
        where = f"shipments[{k}]"
        if not isinstance(rec, Mapping):
            problems.append(f"{where}: must be an object")
            continue
        ids = [rec.get(key) for key in ("pledge", "requirement", "node")]
        qty, week = _whole(rec.get("quantity")), _whole(rec.get("dispatch_week"))
        if not all(isinstance(x, str) for x in ids):
            problems.append(f"{where}: pledge, requirement and node must be strings")
        elif qty is None or week is None:
            problems.append(f"{where} ({ids[0]} -> {ids[1]}): quantity and dispatch_week must be "
                            f"integers, got {rec.get('quantity')!r}, {rec.get('dispatch_week')!r}")
        else:
            shipments.append(Shipment(str(ids[0]), str(ids[1]), str(ids[2]), qty, week))
    training: list[TrainingAssignment] = []
    for k, rec in enumerate(raw_train):
        where = f"training[{k}]"
        if not isinstance(rec, Mapping):
            problems.append(f"{where}: must be an object")
            continue
        req, ses, crews = rec.get("requirement"), rec.get("session"), _whole(rec.get("crews"))
        if not isinstance(req, str) or not isinstance(ses, str):
            problems.append(f"{where}: requirement and session must be strings")
        elif crews is None:
            problems.append(f"{where} ({req}, {ses}): crews must be an integer, "
                            f"got {rec.get('crews')!r}")
        else:
            training.append(TrainingAssignment(req, ses, crews))
    objective = data.get("objective")
    metrics = data.get("metrics", {})
    return (
        Plan(tuple(shipments), tuple(training),
             float(objective) if isinstance(objective, int | float) else None,
             dict(metrics) if isinstance(metrics, Mapping) else {}),
        problems,
    )
