"""Fixtures for the planner engine tests (no Django, no database)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from convoy.planner.scenario import Scenario

DATA = Path(__file__).parent / "data"


@pytest.fixture
def example_scenario_data() -> dict[str, Any]:
    return json.loads((DATA / "example-scenario.json").read_text())


@pytest.fixture
def example_plan_data() -> dict[str, Any]:
    return json.loads((DATA / "example-plan.json").read_text())


@pytest.fixture
def example_scenario(example_scenario_data: dict[str, Any]) -> Scenario:
    return Scenario.from_json(example_scenario_data)
