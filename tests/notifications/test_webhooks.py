"""Webhooks: registered by coordinators, each call signed with an HMAC-SHA256 of its body,
retried with back-off, and delivered to a real HTTP receiver on 127.0.0.1."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from convoy.core.models import AuditRecord
from convoy.donations.services import pledge_commit
from convoy.notifications import delivery
from convoy.notifications.models import Delivery, Notice, WebhookDelivery
from convoy.notifications.services import webhook_create, webhook_update

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server in a thread that records each request and answers with `codes` in turn
    (the last one from then on)."""

    def __init__(self, codes=(200,)):
        self.requests = []
        self.codes = list(codes)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((self.path, dict(self.headers), body))
                code = receiver.codes.pop(0) if len(receiver.codes) > 1 else receiver.codes[0]
                self.send_response(code)
                if 300 <= code < 400:
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/convoy-events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def register(people, url, kinds=("pledge-committed",)):
    return webhook_create(actor=people["coordinator"], name="Tracker", url=url,
                          kinds_chosen=list(kinds))


def test_an_event_is_posted_signed_to_the_receiver(world, people, committed):
    with Receiver() as receiver:
        hook = register(people, receiver.url)
        committed(lambda: pledge_commit(actor=people["liaison"], pledge=world.pledge_deu))

    assert len(receiver.requests) == 1
    path, headers, body = receiver.requests[0]
    assert path == "/convoy-events"
    expected = "sha256=" + hmac.new(hook.secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Convoy-Signature"] == expected
    assert headers["X-Convoy-Event"] == "pledge-committed"
    event = json.loads(body)
    assert event["kind"] == "pledge-committed"
    assert event["record"]["type"] == "donations.pledge"
    assert event["record"]["name"] == "P-DEU-1"
    assert event["record"]["url"].endswith(f"/donations/pledges/{world.pledge_deu.pk}/")
    call = WebhookDelivery.objects.get()
    assert call.status == Delivery.Status.SENT and call.response_code == 200


def test_a_failing_receiver_is_retried_with_the_same_signed_body(world, people, committed):
    with Receiver(codes=(500, 503, 204)) as receiver:
        register(people, receiver.url)
        committed(lambda: pledge_commit(actor=people["liaison"], pledge=world.pledge_deu))
        call = WebhookDelivery.objects.get()
        assert (call.status, call.attempts, call.response_code) == ("pending", 1, 500)
        now = timezone.now()
        for _ in range(2):
            call.refresh_from_db()
            now = call.next_try_at
            delivery.deliver_due(now)
    call.refresh_from_db()
    assert (call.status, call.attempts, call.response_code) == ("sent", 3, 204)
    bodies = {body for _, _, body in receiver.requests}
    signatures = {headers["X-Convoy-Signature"] for _, headers, _ in receiver.requests}
    assert len(receiver.requests) == 3 and len(bodies) == 1 and len(signatures) == 1


def test_a_redirect_or_no_receiver_counts_as_a_failed_try(world, people, committed):
    with Receiver(codes=(302,)) as receiver:
        register(people, receiver.url)
        committed(lambda: pledge_commit(actor=people["liaison"], pledge=world.pledge_deu))
    call = WebhookDelivery.objects.get()
    assert call.status == "pending" and call.response_code == 302
    # the receiver is gone now: refused connections are failed tries until the last one
    for _ in range(delivery.MAX_TRIES):
        call.refresh_from_db()
        if call.status != "pending":
            break
        delivery.deliver_due(call.next_try_at)
    call.refresh_from_db()
    assert call.status == "failed" and call.attempts == delivery.MAX_TRIES
    assert Notice.objects.filter(recipient=people["coordinator"], kind="delivery-failed")


def test_only_coordinators_register_webhooks_and_the_secret_is_never_audited(world, people):
    for role in ("liaison", "planner", "viewer", "node_operator"):
        with pytest.raises(PermissionDenied):
            webhook_create(actor=people[role], name=f"By {role}", url="https://x.example/",
                           kinds_chosen=["pledge-committed"])
    hook = register(people, "https://tracker.example/hook")
    webhook_update(actor=people["coordinator"], webhook=hook, new_secret=True)
    hook.refresh_from_db()
    for rec in AuditRecord.objects.filter(object_repr="Tracker"):
        assert hook.secret not in json.dumps([rec.before, rec.after])
        assert "secret" not in (rec.after or {})


def test_a_webhook_needs_a_kind_a_known_kind_and_a_web_address(world, people):
    with pytest.raises(ValidationError) as refused:
        register(people, "https://tracker.example/", kinds=())
    assert "kinds" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        register(people, "https://tracker.example/", kinds=("delivery-failed",))
    assert "delivery-failed" in str(refused.value.message_dict["kinds"])
    with pytest.raises(ValidationError) as refused:
        register(people, "ftp://tracker.example/")
    assert "url" in refused.value.message_dict
    assert not AuditRecord.objects.filter(object_repr="Tracker").exists()


def test_a_webhook_hears_only_what_its_owner_may_read(world, people, committed):
    from convoy.notifications.models import Webhook

    with Receiver() as receiver:
        hook = register(people, receiver.url)
        Webhook.objects.filter(pk=hook.pk).update(owner=people["liaison_pol"])
        committed(lambda: pledge_commit(actor=people["liaison"], pledge=world.pledge_deu))
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_an_inactive_webhook_gets_no_calls(world, people, committed):
    with Receiver() as receiver:
        hook = register(people, receiver.url)
        webhook_update(actor=people["coordinator"], webhook=hook, active=False)
        committed(lambda: pledge_commit(actor=people["liaison"], pledge=world.pledge_deu))
    assert receiver.requests == []
