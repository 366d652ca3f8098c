"""The page tests' small coalition, with an e-mail address for everyone, and helpers to run
what the task worker would run after a write commits."""

import pytest

from tests.web.conftest import _plain_static_and_fast_hashing, as_user, world  # noqa: F401

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def people(world):  # noqa: F811  (the fixture imported above)
    for name, user in world.users.items():
        user.email = f"{name}@example.org"
        user.save(update_fields=["email"])
    return world.users


@pytest.fixture
def committed(settings, django_capture_on_commit_callbacks):
    """Run a block as a committed write: its after-commit callbacks run, and the task they
    queue runs at once (as the worker would, later)."""
    settings.TASKS = IMMEDIATE

    def run(block):
        with django_capture_on_commit_callbacks(execute=True):
            result = block()
        return result

    return run
