import pytest


@pytest.fixture(autouse=True)
def _tests_write_as_test(request):
    """Writes made directly in a test are tagged 'test' in the audit trail.

    Imported lazily: the planner's tests run without Django.
    """
    if "django_db_setup" not in request.fixturenames and "db" not in request.fixturenames:
        yield
        return
    from convoy.core.audit import audit_source

    with audit_source("test"):
        yield


@pytest.fixture
def admin_client(client, db):
    """A client signed in as a superuser, who is `admin_client.user`."""
    from tests.core.factories import UserFactory

    user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client
