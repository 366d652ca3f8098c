"""API defences: failed bearer tokens lock their address like failed sign-ins (django-axes), and
the API's request rates per account and per address hold (the suite itself runs unthrottled)."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from convoy.api.tokens import token_create
from convoy.core.signin_locks import TOKEN_ACCOUNT

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.23"


def bearer(secret: str, address: str = ADDRESS) -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def fail_until_locked(address: str = ADDRESS) -> list[int]:
    return [bearer(f"cvy_guess{n}_wrong", address).get("/api/nations/").status_code
            for n in range(settings.AXES_FAILURE_LIMIT)]


def test_failed_tokens_lock_the_address_with_a_clear_429(world):
    _token, secret = token_create(actor=world.users["liaison"], name="script")
    statuses = fail_until_locked()
    assert statuses[:-1] == [401] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    # While the lock holds, even the right token is refused from that address, saying why.
    refused = bearer(secret).get("/api/nations/")
    assert refused.status_code == 429
    assert "Too many failed API token attempts from this address" in refused.json()["detail"]
    assert "ask a coordinator" in refused.json()["detail"]
    # Another address is not held back.
    assert bearer(secret, "203.0.113.5").get("/api/nations/").status_code == 200


def test_the_lock_is_one_of_the_sign_in_locks_a_coordinator_lifts(client, world):
    _token, secret = token_create(actor=world.users["liaison"], name="script")
    fail_until_locked()
    attempt = AccessAttempt.objects.get(username=TOKEN_ACCOUNT, ip_address=ADDRESS)
    client.force_login(world.users["coordinator"])
    assert TOKEN_ACCOUNT in client.get("/administration/sign-in-locks/").content.decode()
    assert client.post(f"/administration/sign-in-locks/{attempt.pk}/lift/").status_code == 302
    assert bearer(secret).get("/api/nations/").status_code == 200


def test_fewer_failures_than_the_limit_do_not_lock_and_the_secret_is_not_kept(world):
    _token, secret = token_create(actor=world.users["liaison"], name="script")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert bearer(secret[:-3] + "xyz").get("/api/nations/").status_code == 401
    assert bearer(secret).get("/api/nations/").status_code == 200
    attempt = AccessAttempt.objects.get(username=TOKEN_ACCOUNT)
    assert secret[:-3] not in attempt.get_data + attempt.post_data + attempt.http_accept


def test_token_failures_do_not_lock_password_sign_in_of_an_account(client, world):
    fail_until_locked()
    liaison = world.users["liaison"]
    liaison.set_password("convoy-test-pass")
    liaison.save()
    response = client.post("/sign-in/", {"username": liaison.username,
                                         "password": "convoy-test-pass"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302


def test_a_working_token_is_not_counted_and_costs_one_lock_query(world):
    _token, secret = token_create(actor=world.users["liaison"], name="script")
    client = bearer(secret)
    client.get("/api/nations/")  # records the last use; later uses within a minute do not
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/nations/").status_code == 200
    assert sum("axes_accessattempt" in q["sql"] for q in queries.captured_queries) == 1
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        assert client.get("/api/nations/").status_code == 200
    assert not AccessAttempt.objects.exists()


@pytest.fixture
def rates(settings):
    cache.clear()  # the throttles count in the cache, which outlives a test's database
    settings.CONVOY_API_RATES = {"user": "3/minute", "anon": "2/minute"}
    yield
    cache.clear()


def test_an_account_past_its_rate_gets_429_with_the_wait(rates, world):
    client = APIClient()
    client.force_authenticate(world.users["liaison"])
    assert [client.get("/api/nations/").status_code for _ in range(3)] == [200] * 3
    throttled = client.get("/api/nations/")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert "throttled" in throttled.json()["detail"]
    # Another account has its own count.
    other = APIClient()
    other.force_authenticate(world.users["coordinator"])
    assert other.get("/api/nations/").status_code == 200


def test_unthrottled_when_no_rate_is_set(settings, world):
    cache.clear()
    settings.CONVOY_API_RATES = {"user": None, "anon": None}
    client = APIClient()
    client.force_authenticate(world.users["liaison"])
    assert all(client.get("/api/nations/").status_code == 200 for _ in range(10))


@pytest.mark.parametrize("value, rate", [("off", None), ("", None), ("30/minute", "30/minute"),
                                         ("5/S", "5/s")])
def test_rates_are_read_from_the_environment(monkeypatch, value, rate):
    from convoy import settings as production

    monkeypatch.setenv("CONVOY_API_RATE_USER", value)
    assert production._rate("CONVOY_API_RATE_USER", "1200/minute") == rate


@pytest.mark.parametrize("value", ["fast", "10/fortnight", "-1/minute"])
def test_a_wrong_rate_stops_the_start_with_its_name(monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    from convoy import settings as production

    monkeypatch.setenv("CONVOY_API_RATE_USER", value)
    with pytest.raises(ImproperlyConfigured, match="CONVOY_API_RATE_USER"):
        production._rate("CONVOY_API_RATE_USER", "1200/minute")
