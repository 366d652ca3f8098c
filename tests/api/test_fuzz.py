"""No request the schema describes makes the API fail: every operation of /api/schema/ is fuzzed
(20 generated cases per operation: 10 as a coordinator, who may write nearly everything, and 10
as a donor liaison, who sees one nation), with bodies and paths that also name the test world's
real records, so valid writes are generated too. A server error is a failure; a refusal is not.
`benchmarks/api_fuzz.py` runs the same fuzzing longer."""

import pytest

from convoy.api.tokens import token_create
from convoy.wsgi import application
from tests.api.fuzzing import fuzz, fuzzed_schema

pytestmark = pytest.mark.django_db

EXAMPLES_PER_ROLE = 10


@pytest.mark.parametrize("role", ["coordinator", "liaison"])
def test_no_generated_request_is_a_server_error(world, role):
    _token, secret = token_create(actor=world.users[role], name="fuzzing")
    schema = fuzzed_schema(app=application)
    report = fuzz(schema, headers={"Authorization": f"Bearer {secret}"},
                  max_examples=EXAMPLES_PER_ROLE)
    assert report.operations > 100
    assert report.cases >= report.operations * 2
    assert report.statuses[200] > 50
    if role == "coordinator":  # valid writes are generated too, not only refusals
        assert report.statuses[201] > 0
    assert report.server_errors == [], "\n\n".join(report.server_errors[:10])
