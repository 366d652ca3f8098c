"""Only superusers enter the Django admin: it knows nothing of the permission rule."""

import pytest

from tests.core.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def test_staff_who_is_not_a_superuser_is_turned_away(client):
    staff = member("donor_liaison", is_staff=True)
    client.force_login(staff)
    for url in ("/admin/", "/admin/core/nation/", "/admin/core/auditrecord/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/")


def test_staff_cannot_sign_in_to_the_admin(client):
    UserFactory(username="staffer", is_staff=True)
    response = client.post(
        "/admin/login/", {"username": "staffer", "password": "convoy-test-pass", "next": "/admin/"}
    )
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_superuser_enters(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get("/admin/core/nation/").status_code == 200
