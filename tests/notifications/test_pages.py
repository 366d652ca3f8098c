"""The bell on every page, the inbox, the preferences page and the coordinators' deliveries
page, each for the role that may use it and refused to the others."""

import re

import pytest
from django.urls import reverse

from convoy.core.models import AuditRecord
from convoy.notifications.models import Mail, Notice, Preference, Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db

ROLES = ("coordinator", "liaison", "planner", "node_operator", "facility_operator", "viewer")


def notice(user, n=1, **fields):
    return Notice.objects.create(recipient=user, kind="pledge-committed", key=f"test:{n}",
                                 params={"record": f"P-{n}"}, url=f"/donations/pledges/{n}/",
                                 **fields)


def test_every_page_shows_the_bell_with_the_unread_count(world, people, as_user):
    notice(people["liaison"], 1)
    notice(people["liaison"], 2)
    notice(people["planner"], 3)
    page = as_user("liaison").get(reverse("donations:pledge-list")).content.decode()
    assert 'class="notice-bell has-unread"' in page
    assert '<span class="badge notice-count">2</span>' in page
    page = as_user("viewer").get(reverse("home")).content.decode()
    assert "notice-bell" in page and "notice-count" not in page


def test_the_inbox_lists_only_ones_own_notices_linked_to_their_records(world, people, as_user):
    notice(people["liaison"], 1)
    notice(people["planner"], 2)
    page = as_user("liaison").get(reverse("notifications:inbox")).content.decode()
    assert "Pledge P-1 was committed." in page
    assert "P-2" not in page
    assert reverse("notifications:open", args=[Notice.objects.get(key="test:1").pk]) in page


def test_opening_a_notice_marks_it_read_and_goes_to_its_record(world, people, as_user):
    mine = notice(people["liaison"], 1)
    theirs = notice(people["planner"], 2)
    client = as_user("liaison")
    response = client.get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/donations/pledges/1/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_and_mark_all_read(world, people, as_user):
    first, second = notice(people["liaison"], 1), notice(people["liaison"], 2)
    other = notice(people["planner"], 3)
    client = as_user("liaison")
    response = client.post(reverse("notifications:read", args=[first.pk]),
                           {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:inbox")
    assert Notice.objects.filter(read_at__isnull=True).count() == 2
    client.post(reverse("notifications:read-all"))
    second.refresh_from_db()
    other.refresh_from_db()
    assert second.read_at is not None and other.read_at is None


def test_a_notice_never_redirects_off_site(world, people, as_user):
    odd = notice(people["liaison"], 1)
    Notice.objects.filter(pk=odd.pk).update(url="https://evil.example/")
    response = as_user("liaison").get(reverse("notifications:open", args=[odd.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_preferences_start_from_the_roles_defaults_and_are_saved_audited(
        world, people, as_user):
    client = as_user("node_operator")
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert re.search(r'value="node-over-capacity"[^>]*checked>', page), "a default"
    assert re.search(r'value="shipment-dispatched"[^>]*checked>', page), "a default"
    assert not re.search(r'value="pledge-committed"[^>]*checked>', page), "not a default"
    assert "delivery-failed" not in page, "only coordinators hear of failed deliveries"
    response = client.post(reverse("notifications:preferences"),
                           {"kinds": ["shipment-arrived"], "mail": "each"})
    assert response.status_code == 302
    pref = Preference.objects.get(user=people["node_operator"])
    assert pref.kinds == ["shipment-arrived"] and pref.mail == "each"
    assert AuditRecord.objects.filter(object_id=str(pref.pk), actor=people["node_operator"],
                                      summary="notification preferences").exists()


def test_preferences_refuse_an_unknown_kind_at_the_field(world, people, as_user):
    response = as_user("planner").post(reverse("notifications:preferences"),
                                       {"kinds": ["bogus"], "mail": "sometimes"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "kinds" in form.errors and "mail" in form.errors
    assert not Preference.objects.exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "coordinator"])
def test_only_coordinators_open_the_deliveries_and_webhook_pages(world, people, as_user, role):
    client = as_user(role)
    hook = Webhook.objects.create(name="T", url="https://t.example/", kinds=["pledge-committed"],
                                  secret="s3cret", owner=people["coordinator"])
    for url in (reverse("notifications:deliveries"), reverse("notifications:webhook-create"),
                reverse("notifications:webhook-edit", args=[hook.pk])):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"s3cret" not in response.content
    assert client.post(reverse("notifications:webhook-delete", args=[hook.pk])).status_code == 403
    assert Webhook.objects.filter(pk=hook.pk).exists()


def test_a_coordinator_registers_a_webhook_and_sees_its_calls(world, people, as_user):
    client = as_user("coordinator")
    response = client.post(reverse("notifications:webhook-create"), {
        "name": "Tracker", "url": "https://tracker.example/in", "kinds": ["pledge-committed"],
        "active": "on"})
    hook = Webhook.objects.get()
    assert response["Location"] == reverse("notifications:webhook-edit", args=[hook.pk])
    page = client.get(response["Location"]).content.decode()
    assert hook.secret in page
    WebhookDelivery.objects.create(webhook=hook, kind="pledge-committed", key="k", body="{}",
                                   status="failed", attempts=6, last_error="HTTP 500")
    Mail.objects.create(recipient=people["planner"], to="planner@example.org", subject="Digest",
                        body="b", status="sent", attempts=1)
    page = client.get(reverse("notifications:deliveries")).content.decode()
    assert "Failed for good: 0 mails and 1 webhook calls" in page
    assert "HTTP 500" in page and "planner@example.org" in page
    failed = client.get(reverse("notifications:deliveries") + "?status=failed").content.decode()
    assert "planner@example.org" not in failed


def test_the_webhook_form_shows_refusals_at_their_fields(world, people, as_user):
    response = as_user("coordinator").post(reverse("notifications:webhook-create"), {
        "name": "", "url": "ftp://x.example/", "kinds": []})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"name", "url", "kinds"} <= set(errors)
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("query", ["?page=abc", "?page=99999", "?unread=%00", "?page=-1"])
def test_hostile_parameters_never_fail_the_inbox(world, people, as_user, query):
    notice(people["coordinator"], 1)
    client = as_user("coordinator")
    assert client.get(reverse("notifications:inbox") + query).status_code == 200
    deliveries = reverse("notifications:deliveries")
    for extra in ("?status=%00", "?mail_page=x&call_page=-5", "?status=failed' or 1=1"):
        assert client.get(deliveries + extra).status_code == 200


def test_retrying_something_not_failed_is_refused_with_a_message(world, people, as_user):
    sent = Mail.objects.create(recipient=people["planner"], to="planner@example.org",
                               subject="s", body="b", status="sent", attempts=1)
    client = as_user("coordinator")
    response = client.post(reverse("notifications:retry", args=["mail", sent.pk]), follow=True)
    assert "has not failed" in response.content.decode()
    assert client.post(reverse("notifications:retry", args=["other", sent.pk])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    for name in ("notifications:inbox", "notifications:preferences",
                 "notifications:deliveries"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_help_link_of_the_inbox_opens_the_notifications_guide(world, people, as_user):
    client = as_user("planner")
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert 'href="/help/notifications/"' in page
    guide = client.get("/help/notifications/")
    assert guide.status_code == 200 and "X-Convoy-Signature" in guide.content.decode()
    assert 'href="/help/notifications/"' in client.get("/help/").content.decode()
