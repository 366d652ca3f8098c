"""A scenario with nothing pledged (a what-if run that leaves out the only donor) is planned
as an empty plan, not a crash."""

import pytest

from convoy.planner import Scenario, solve


@pytest.mark.parametrize("method", ["optimal", "greedy"])
def test_no_pledges_give_an_empty_plan(example_scenario_data, method):
    scenario = Scenario.from_json({**example_scenario_data, "pledges": []})
    result = solve(scenario, method=method, time_limit=10)
    assert result.plan.shipments == ()
    assert result.objective == 0
