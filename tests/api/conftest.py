"""The API tests share the page tests' small coalition (`world`), so a rule is checked through
the API and through the pages on the same records."""

import pytest
from rest_framework.test import APIClient

from tests.web.conftest import world  # noqa: F401  (a fixture, used by name)


@pytest.fixture
def api_as(world):  # noqa: F811
    """An API client signed in as one of the world's users: `api_as("liaison")`."""

    def sign_in(role: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(world.users[role])
        return client

    return sign_in
