"""Convoy planning engine: plain Python, no Django.

Public API (what the Django side calls):

    scenario = Scenario.from_json(data)            # raises ScenarioError (all problems listed)
    result = solve(scenario, method="optimal", time_limit=60.0, progress=callback)
    result.plan.to_json()                          # convoy-plan/1 document
    report = check_plan(scenario, plan)            # CheckReport(valid, objective, violations)
"""

from convoy.planner.checker import CheckReport, Violation, check_plan
from convoy.planner.errors import PlanFormatError, ScenarioError
from convoy.planner.plan import Plan, Shipment, TrainingAssignment, parse_plan
from convoy.planner.result import Result
from convoy.planner.scenario import Scenario
from convoy.planner.solve import ProgressCallback, solve

__all__ = [
    "CheckReport",
    "Plan",
    "PlanFormatError",
    "ProgressCallback",
    "Result",
    "Scenario",
    "ScenarioError",
    "Shipment",
    "TrainingAssignment",
    "Violation",
    "check_plan",
    "parse_plan",
    "solve",
]
