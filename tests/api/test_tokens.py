"""Personal API tokens: made and revoked by their owner on /account/tokens/, shown once, kept as
a digest, optionally expiring, their last use shown, and every use limited to the owner's rights."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from convoy.api.models import ApiToken
from convoy.api.tokens import token_create
from convoy.core.models import AuditRecord

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_a_token_is_created_on_the_page_shown_once_and_kept_only_as_a_digest(client, world):
    client.force_login(world.users["liaison"])
    response = client.post(reverse("api-tokens"), {"name": "nightly export", "expires_on": ""})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("cvy_") and secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=world.users["liaison"])
    assert secret not in (token.digest, token.prefix) and token.prefix in secret
    again = client.get(reverse("api-tokens")).content.decode()
    assert secret not in again and "nightly export" in again
    audit = AuditRecord.objects.get(content_type__model="apitoken", action="create")
    assert "digest" not in audit.after and audit.actor == world.users["liaison"]


def test_a_token_acts_with_its_owners_rights_only(world):
    _token, secret = token_create(actor=world.users["liaison"], name="script")
    pledges = bearer(secret).get("/api/pledges/")
    assert pledges.status_code == 200
    assert [p["code"] for p in pledges.json()["results"]] == ["P-DEU-1"]
    assert bearer(secret).get("/api/pledges/P-POL-1/").status_code == 404
    refused = bearer(secret).patch("/api/requirements/R-IFV-1/", {"quantity": 1}, format="json")
    assert refused.status_code == 403


def test_a_write_with_a_token_is_audited_as_the_owner_through_the_api(world):
    _token, secret = token_create(actor=world.users["liaison"], name="script")
    response = bearer(secret).patch("/api/pledges/P-DEU-1/", {"quantity": 39}, format="json")
    assert response.status_code == 200, response.json()
    record = AuditRecord.objects.filter(content_type__model="pledge").order_by("-id").first()
    assert (record.actor, record.source) == (world.users["liaison"], "api")


def test_last_use_is_recorded_and_shown(client, world):
    token, secret = token_create(actor=world.users["liaison"], name="script")
    assert token.last_used_at is None
    assert bearer(secret).get("/api/nations/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    client.force_login(world.users["liaison"])
    page = client.get(reverse("api-tokens")).content.decode()
    assert timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M") in page


@pytest.mark.parametrize("secret", ["cvy_nothing_here", "garbage", "cvy__", ""])
def test_a_wrong_token_is_401(world, secret):
    token_create(actor=world.users["liaison"], name="script")
    response = bearer(secret).get("/api/pledges/")
    assert response.status_code == 401


def test_a_token_with_the_right_prefix_but_wrong_secret_is_401(world):
    _token, secret = token_create(actor=world.users["liaison"], name="script")
    assert bearer(secret[:-2] + "xx").get("/api/pledges/").status_code == 401


def test_an_expired_token_is_401_saying_so(world):
    token, secret = token_create(actor=world.users["liaison"], name="script", expires_on=TODAY)
    assert bearer(secret).get("/api/pledges/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_on=TODAY - datetime.timedelta(days=1))
    response = bearer(secret).get("/api/pledges/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_an_expiry_in_the_past_is_refused_at_the_field(client, world):
    client.force_login(world.users["liaison"])
    yesterday = TODAY - datetime.timedelta(days=1)
    response = client.post(reverse("api-tokens"), {"name": "x", "expires_on": yesterday})
    assert response.status_code == 400
    assert response.context["form"].errors["expires_on"]
    assert not ApiToken.objects.exists()


def test_a_token_of_a_deactivated_account_is_401(world):
    _token, secret = token_create(actor=world.users["liaison"], name="script")
    world.users["liaison"].is_active = False
    world.users["liaison"].save()
    assert bearer(secret).get("/api/pledges/").status_code == 401


def test_the_owner_revokes_a_token_and_it_stops_working(client, world):
    token, secret = token_create(actor=world.users["liaison"], name="script")
    client.force_login(world.users["liaison"])
    response = client.post(reverse("api-token-revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    refused = bearer(secret).get("/api/pledges/")
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    assert AuditRecord.objects.filter(content_type__model="apitoken", action="update").exists()


def test_nobody_else_sees_or_revokes_a_token_not_even_a_coordinator(client, world):
    token, secret = token_create(actor=world.users["liaison"], name="liaison script")
    client.force_login(world.users["coordinator"])
    assert "liaison script" not in client.get(reverse("api-tokens")).content.decode()
    response = client.post(reverse("api-token-revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert bearer(secret).get("/api/pledges/").status_code == 200


def test_the_tokens_page_asks_to_sign_in(client, world):
    response = client.get(reverse("api-tokens"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
