"""Sign-in throttling: repeated failures lock the account at that address, on the web and in the
API; a coordinator sees the locks and lifts one, and the audit trail keeps it."""

import base64

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from convoy.core.audit import history
from convoy.core.models import AuditRecord
from tests.core.factories import member

pytestmark = pytest.mark.django_db

PASSWORD = "convoy-test-pass"
ADDRESS = "198.51.100.7"


@pytest.fixture
def liaison():
    return member("donor_liaison", username="liaison")


def sign_in(client, password, address=ADDRESS, username="liaison"):
    return client.post(
        "/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def api_get(client, password, address=ADDRESS, username="liaison"):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return client.get(
        "/api/nations/", HTTP_AUTHORIZATION=f"Basic {token}", REMOTE_ADDR=address
    )


def fail_until_locked(client, via=sign_in):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = via(client, "wrong password")
        assert response.status_code in (200, 401, 403, 429)


def test_right_password_refused_while_locked_with_a_clear_message(client, liaison):
    fail_until_locked(client)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "ask a coordinator" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_do_not_lock(client, liaison):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong password")
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(liaison.pk)


def test_the_lock_holds_the_account_at_that_address_only(client, liaison):
    fail_until_locked(client)
    assert sign_in(client, PASSWORD).status_code == 429
    assert sign_in(client, PASSWORD, address="203.0.113.9").status_code == 302


def test_api_basic_authentication_is_throttled_too(client, liaison):
    fail_until_locked(client, via=api_get)
    response = api_get(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.json()["detail"]


def test_failures_on_the_page_lock_the_api(client, liaison):
    fail_until_locked(client)
    assert api_get(client, PASSWORD).status_code == 429


def test_api_answers_normally_before_the_limit(client, liaison):
    assert api_get(client, "wrong password").status_code in (401, 403)
    assert api_get(client, PASSWORD).status_code == 200


def test_coordinator_sees_and_lifts_a_lock(client, liaison):
    fail_until_locked(client)
    coordinator = member("coordinator")
    client.force_login(coordinator)
    page = client.get("/administration/sign-in-locks/")
    assert page.status_code == 200
    assert "liaison" in page.content.decode() and ADDRESS in page.content.decode()
    attempt = AccessAttempt.objects.get(username="liaison")
    response = client.post(f"/administration/sign-in-locks/{attempt.pk}/lift/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
    lifted = AuditRecord.objects.filter(action="delete", actor=coordinator).get()
    assert lifted.before["username"] == "liaison"
    assert "lifted" in lifted.summary
    client.logout()
    assert sign_in(client, PASSWORD).status_code == 302


def test_administration_links_the_locks_page_for_coordinators(client):
    client.force_login(member("coordinator"))
    assert "/administration/sign-in-locks/" in client.get("/administration/").content.decode()


def test_other_roles_neither_see_nor_lift_locks(client, liaison):
    fail_until_locked(client)
    attempt = AccessAttempt.objects.get(username="liaison")
    for role in ("donor_liaison", "viewer", "recipient_planner"):
        client.force_login(member(role))
        assert client.get("/administration/sign-in-locks/").status_code == 403
        assert client.post(f"/administration/sign-in-locks/{attempt.pk}/lift/").status_code == 403
        assert "/administration/sign-in-locks/" not in client.get(
            "/administration/").content.decode()
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert not history(attempt).exists()


def test_lifting_an_unknown_lock_is_not_found(client):
    client.force_login(member("coordinator"))
    assert client.post("/administration/sign-in-locks/999999/lift/").status_code == 404


def test_page_says_when_nothing_is_locked(client):
    client.force_login(member("coordinator"))
    assert "No account is locked now." in client.get(
        "/administration/sign-in-locks/").content.decode()
