"""No URL and no stored value causes a server error.

Every page of the URL configuration (apart from the admin and the API, which have tests of their
own) is requested as each role with hostile query parameters: dates far in the past and future,
huge and negative numbers, junk, a huge page number. A record with a far-future stored date is
crawled too.

A new page with keyword arguments in its URL is added to RECORD_KWARGS (URL name -> the world's
record whose pk it takes, or a function of the world giving the kwargs); a URL name that is
neither there nor in NOT_CRAWLED makes `test_every_page_is_crawled` fail, so no page is skipped
silently.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.datastructures import MultiValueDict

from convoy.core.models import Membership
from convoy.donations.models import Pledge, Requirement
from convoy.intake.import_models import ImportRun
from convoy.intake.models import ItemAlias, Proposal
from convoy.logistics.models import Discrepancy, Lane, Shipment
from convoy.manning.models import Post
from convoy.notifications.models import Mail, Notice, Webhook
from convoy.planning.models import PlanRun
from convoy.repairs.models import RepairOrder
from convoy.reports.models import Briefing
from convoy.training.models import CourseSession, TrainingRequest
from tests.funding.factories import DisbursementFactory
from tests.training.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

Kwargs = str | Callable[[Any], dict[str, Any]]

#: URL name -> the world attribute whose pk the URL takes, or a function world -> kwargs.
RECORD_KWARGS: dict[str, Kwargs] = {
    "donations:requirement-detail": "requirement",
    "donations:requirement-edit": "requirement",
    "donations:requirement-cancel": "requirement",
    "donations:pledge-detail": "pledge_deu",
    "donations:pledge-edit": "pledge_deu",
    "donations:pledge-commit": "pledge_deu",
    "donations:pledge-start-delivery": "pledge_deu",
    "donations:pledge-mark-delivered": "pledge_deu",
    "donations:pledge-cancel": "pledge_deu",
    "donations:allocation-detail": "allocation_deu",
    "donations:allocation-cancel": "allocation_deu",
    "logistics:shipment-detail": "shipment_deu",
    "logistics:shipment-dispatch": "shipment_deu",
    "logistics:shipment-arrive": "shipment_deu",
    "logistics:shipment-depart": "shipment_deu",
    "logistics:shipment-handover": "shipment_deu",
    "logistics:shipment-cancel": "shipment_deu",
    "logistics:discrepancy-detail": "discrepancy",
    "logistics:discrepancy-resolve": "discrepancy",
    "logistics:node-board": "node",
    "logistics:node-capacity": "node",
    "logistics:lane-detail": "lane",
    "logistics:lane-edit": "lane",
    "repairs:order-detail": "repair_order",
    "repairs:order-receive": "repair_order",
    "repairs:order-start": "repair_order",
    "repairs:order-return": "repair_order",
    "repairs:order-cancel": "repair_order",
    "repairs:facility-detail": "repair_facility",
    "repairs:facility-edit": "repair_facility",
    "training:session-detail": "session",
    "training:session-edit": "session",
    "training:session-cancel": "session",
    "training:session-enrol": "session",
    "training:enrolment-trained": "enrolment",
    "training:enrolment-withdraw": "enrolment",
    "training:request-detail": "training_request",
    "training:request-edit": "training_request",
    "training:request-cancel": "training_request",
    "training:course-detail": "course",
    "training:course-edit": "course",
    "training:facility-detail": "training_facility",
    "training:facility-edit": "training_facility",
    "funding:pledge-detail": "fin_deu",
    "funding:pledge-edit": "fin_deu",
    "funding:disbursement-create": "fin_deu",
    "manning:post-detail": "post",
    "manning:post-fill": "post",
    "manning:post-vacate": "post",
    "manning:post-successor": "post",
    "planning:run-detail": "plan_run",
    "planning:run-progress": "plan_run",
    "planning:run-approve": "plan_run",
    "planning:run-discard": "plan_run",
    "planning:run-compare": "plan_run",
    "core:nation-detail": "deu",
    "core:nation-edit": "deu",
    "core:organisation-detail": "node_org",
    "core:organisation-edit": "node_org",
    "core:user-detail": lambda w: {"pk": w.users["liaison"].pk},
    "core:user-edit": lambda w: {"pk": w.users["liaison"].pk},
    "core:user-deactivate": lambda w: {"pk": w.users["liaison"].pk},
    "core:user-reactivate": lambda w: {"pk": w.users["liaison"].pk},
    "core:user-password-link": lambda w: {"pk": w.users["liaison"].pk},
    "core:membership-detail": "membership",
    "core:membership-edit": "membership",
    "core:membership-remove": "membership",
    "core:password-set": lambda w: {"uidb64": "MQ", "token": "set-password"},
    "core:sign-in-lock-lift": lambda w: {"pk": 1},
    "catalog:area-detail": lambda w: {"pk": w.group.area_id},
    "catalog:area-edit": lambda w: {"pk": w.group.area_id},
    "catalog:group-detail": "group",
    "catalog:group-edit": "group",
    "catalog:item-detail": "item",
    "catalog:item-edit": "item",
    "catalog:coalition-detail": "coalition",
    "catalog:coalition-edit": "coalition",
    "development:target-detail": "target",
    "development:target-edit": "target",
    "help-page": lambda w: {"slug": "index"},
    "api-token-revoke": lambda w: {"pk": 1},  # POST only: any key answers GET with 405
    "intake_review:proposal-detail": "proposal",
    "intake_review:proposal-accept": "proposal",
    "intake_review:proposal-reject": "proposal",
    "intake_review:proposal-merge": "proposal",
    "intake_review:alias-delete": "alias",
    "report": lambda w: {"name": "burden-sharing"},
    "coalition-report": "coalition",
    "briefing-detail": "briefing",
    "briefing-progress": "briefing",
    "briefing-pdf": "briefing",
    "notifications:open": "notice",
    "notifications:read": "notice",
    "notifications:retry": lambda w: {"what": "mail", "pk": w.mail.pk},
    "notifications:webhook-edit": "webhook",
    "notifications:webhook-delete": "webhook",
    "spreadsheets:run": "import_run",
    "spreadsheets:run-progress": "import_run",
    "spreadsheets:run-confirm": "import_run",
    "spreadsheets:export": lambda w: {"type": "pledges"},
    "spreadsheets:template": lambda w: {"type": "pledges"},
    "spreadsheets:import": lambda w: {"type": "pledges"},
}

#: Pages the crawl leaves out, each with the reason.
NOT_CRAWLED = {
    "logout": "signs the crawling user out",
}

#: Query parameters the pages read (filters of lists are added per list).
PARAMETERS = ("from", "week", "page", "sort", "q", "attention", "year", "month", "start",
              "format", "allocation", "user", "requirement", "pledge", "session", "next",
              "nation", "table", "unread", "status", "mail_page", "call_page", "hxl", "with")

HOSTILE_VALUES = {
    "far future": "9999-12-31",
    "far past": "0001-01-01",
    "huge": str(2**63),
    "negative": "-99999999999",
    "junk": "x'\"<>%00;--\u202e",
}

ROLES = ("coordinator", "liaison", "planner", "node_operator", "facility_operator", "viewer")


def crawled_urls() -> list[tuple[str, URLPattern]]:
    """Every named page outside the admin and the API, with its pattern."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern) in ("admin/", "api/"):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif pattern.name:
                yield f"{namespace}{pattern.name}", pattern

    return sorted(walk(get_resolver().url_patterns), key=lambda pair: pair[0])


URLS = [(name, p) for name, p in crawled_urls() if name not in NOT_CRAWLED]


def test_every_page_is_crawled():
    needing_kwargs = {name for name, p in URLS if p.pattern.converters}
    assert needing_kwargs - set(RECORD_KWARGS) == set(), "add these to RECORD_KWARGS"
    assert set(RECORD_KWARGS) - needing_kwargs == set(), "no such URL names any more"
    assert len(URLS) > 100


@pytest.fixture
def crawl_world(world):
    """The page tests' world with one of every record a URL takes."""
    w = world
    w.lane = Lane.objects.filter(node=w.node).first()
    w.discrepancy = Discrepancy.objects.create(
        shipment=w.shipment_deu, quantity=2, reason="lost", raised_at=datetime.datetime(
            2024, 5, 1, tzinfo=datetime.UTC))
    w.enrolment = EnrolmentFactory(request=w.training_request, session=w.session, crews=1)
    w.plan_run = PlanRun.objects.create(
        start_date=datetime.date(2024, 7, 1), horizon_weeks=4, status="succeeded",
        scenario={}, fingerprint="crawl", started_by=w.users["coordinator"],
        result={"plan": {"shipments": [], "enrolments": []}, "metrics": {}})
    w.membership = Membership.objects.filter(user=w.users["liaison"]).first()
    DisbursementFactory(financial_pledge=w.fin_deu)
    w.proposal = Proposal.objects.create(
        kind="equipment", source="kiel", source_key="AUM4|crawl", donor=w.pledge_deu.donor,
        donor_text="Germany", item_text="crawl item", sentence="Germany sends <b>x</b>.")
    w.alias = ItemAlias.objects.create(text="crawl alias", item=w.item)
    w.briefing = Briefing.objects.create(
        as_of=datetime.date(2024, 7, 1), marking="CRAWL", status="ready", progress=1.0,
        pdf=b"%PDF-1.7", requested_by=w.users["coordinator"])
    w.notice = Notice.objects.create(recipient=w.users["coordinator"], kind="pledge-committed",
                                     key="crawl", params={"record": "P-DEU-1"}, url="/")
    w.webhook = Webhook.objects.create(name="Crawl", url="https://crawl.example/",
                                       kinds=["pledge-committed"], secret="s",
                                       owner=w.users["coordinator"])
    w.mail = Mail.objects.create(recipient=w.users["liaison"], to="l@example.org",
                                 subject="s", body="b", status="failed", attempts=6)
    w.import_run = ImportRun.objects.create(
        user=w.users["coordinator"], sheet_type="pledges", file_name="crawl.csv", checksum="0",
        content=b"code\n", status="previewed", result={"summary": "created 0"})
    return w


def url_for(name: str, pattern: URLPattern, world) -> str:
    if not pattern.pattern.converters:
        return reverse(name)
    spec = RECORD_KWARGS[name]
    kwargs = {"pk": getattr(world, spec).pk} if isinstance(spec, str) else spec(world)
    return reverse(name, kwargs=kwargs)


def parameter_names(pattern: URLPattern) -> list[str]:
    view = getattr(pattern.callback, "view_class", None)
    filterset = getattr(view, "filterset_class", None)
    names = list(PARAMETERS)
    if filterset is not None:
        names += list(filterset.base_filters)
    return names


class Crawl:
    """Requests pages and keeps every server error, so one run reports them all."""

    def __init__(self, client) -> None:
        self.client = client
        self.client.raise_request_exception = False
        self.errors: list[str] = []

    def get(self, url: str, query: dict[str, str], role: str) -> None:
        response = self.client.get(url, query)
        # A server error is an exception or a 500; a deliberate 503 (the health check while
        # no task worker runs) is an answer, not an error.
        if response.status_code == 500 or response.exc_info:
            error = response.exc_info[1] if response.exc_info else response.status_code
            self.errors.append(f"{error!r}: {role} GET {url} {query}")

    def assert_clean(self) -> None:
        assert self.errors == [], f"{len(self.errors)} server errors:\n" + "\n".join(
            self.errors[:40])


@pytest.mark.parametrize("role", ROLES)
def test_no_page_fails_with_hostile_parameters(client, crawl_world, role):
    client.force_login(crawl_world.users[role])
    crawl = Crawl(client)
    for name, pattern in URLS:
        url = url_for(name, pattern, crawl_world)
        crawl.get(url, {}, role)
        names = parameter_names(pattern)
        for value in HOSTILE_VALUES.values():
            crawl.get(url, dict.fromkeys(names, value), role)
    crawl.assert_clean()


def parameters_read(client, url: str, names: list[str], monkeypatch) -> set[str]:
    """Which of `names` the page reads: one request with all of them, watching the lookups."""
    read: set[str] = set()
    with monkeypatch.context() as patch:
        for method in ("get", "__getitem__", "getlist", "__contains__"):
            original = getattr(MultiValueDict, method)

            def watching(self, key, *args, _original=original, **kwargs):
                read.add(key)
                return _original(self, key, *args, **kwargs)

            patch.setattr(MultiValueDict, method, watching)
        client.get(url, dict.fromkeys(names, "1"))
    return read & set(names)


def test_each_parameter_a_page_reads_alone_with_each_hostile_value(client, crawl_world,
                                                                   monkeypatch):
    """One junk parameter must not hide another's failure behind its own fallback."""
    client.force_login(crawl_world.users["coordinator"])
    crawl = Crawl(client)
    tried = 0
    for name, pattern in URLS:
        url = url_for(name, pattern, crawl_world)
        for parameter in parameters_read(client, url, parameter_names(pattern), monkeypatch):
            tried += 1
            for kind in ("far future", "huge", "junk"):
                crawl.get(url, {parameter: HOSTILE_VALUES[kind]}, "coordinator")
    crawl.assert_clean()
    assert tried > 50  # the lists' page, sort, search and filters at least


def test_no_page_fails_on_far_future_stored_dates(client, crawl_world):
    """Dates written before the ranges were checked, or straight into the database."""
    w = crawl_world
    far = datetime.date(9999, 12, 31)
    CourseSession.objects.filter(pk=w.session.pk).update(start_date=far)
    Shipment.objects.filter(pk=w.shipment_deu.pk).update(
        planned_departure=far, planned_arrival=far)
    Requirement.objects.filter(pk=w.requirement.pk).update(needed_by=far)
    Pledge.objects.filter(pk=w.pledge_deu.pk).update(announced_on=far, available_from=far)
    RepairOrder.objects.filter(pk=w.repair_order.pk).update(received_on=far)
    TrainingRequest.objects.filter(pk=w.training_request.pk).update(needed_by=far)
    Post.objects.filter(pk=w.post.pk).update(
        filled_by=w.deu, filled_from=datetime.date(2024, 1, 1), filled_to=far)
    PlanRun.objects.filter(pk=w.plan_run.pk).update(
        start_date=far, result={"plan": {"shipments": [
            {"dispatch_week": 2**40, "requirement": w.requirement.code,
             "pledge": w.pledge_deu.code, "node": w.node.code, "quantity": 1,
             "arrival_week": 2**40}]}, "metrics": {}})
    crawl = Crawl(client)
    for role in ROLES:
        client.force_login(w.users[role])
        for name, pattern in URLS:
            url = url_for(name, pattern, w)
            crawl.get(url, {}, role)
            crawl.get(url, {"from": "9999-12-01", "week": "9999-12-31"}, role)
        for report in ("coalitions", "targets", "manning", "repair", "scorecard"):
            crawl.get(reverse("report", kwargs={"name": report}), {}, role)
    crawl.assert_clean()


def test_a_refused_parameter_is_explained_on_the_page(as_user, world):
    client = as_user("coordinator")
    response = client.get(reverse("training:calendar"), {"from": "9999-12-01"})
    assert response.status_code == 200
    assert "is outside 2000-01-01 to 2100-12-31" in response.content.decode()
    response = client.get(reverse("logistics:node-board", kwargs={"pk": world.node.pk}),
                          {"week": "junk"})
    assert "is not a date" in response.content.decode()
