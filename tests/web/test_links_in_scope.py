"""No page links to a record its reader cannot open: a donor liaison, a node operator and a
facility operator follow every link to a record's page from the lists, the record pages they
can open, their start page and their notices, and each one opens. Records they cannot open
(a plan run, the recipient's returned pledge, another nation's pledge) are named as plain text;
the visibility is asked once per kind of record for a page, not once per row."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from convoy.notifications.models import Notice
from convoy.planning.models import PlanRun
from convoy.web.links import DETAIL_PAGES
from tests.donations.factories import AllocationFactory, PledgeFactory, RequirementFactory
from tests.logistics.factories import ShipmentFactory
from tests.repairs.factories import RepairOrderFactory

pytestmark = pytest.mark.django_db

DETAIL_NAMES = set(DETAIL_PAGES.values())
LISTS = [
    "donations:requirement-list", "donations:pledge-list", "donations:allocation-list",
    "logistics:shipment-list", "logistics:node-list", "repairs:order-list",
    "repairs:facility-list", "training:session-list", "training:request-list",
    "funding:pledge-list", "manning:post-list", "home", "notifications:inbox",
]
HREF = re.compile(r'href="(/[^"?#]*)')


@pytest.fixture
def crossing(world):
    """Records that reference records of another scope."""
    run = PlanRun.objects.create(start_date="2024-07-01", horizon_weeks=4, status="approved",
                                 scenario={}, fingerprint="x",
                                 started_by=world.users["coordinator"])
    requirement = RequirementFactory(code="R-IFV-2", recipient=world.ukr,
                                     item_group=world.group, destination=world.kyiv)
    planned = AllocationFactory(pledge=world.pledge_deu, requirement=requirement, quantity=5,
                                plan_run=run)
    ShipmentFactory(allocation=planned, node=world.node, quantity=5, plan_run=run)
    returned = PledgeFactory(code="RET-RO-9", donor=world.ukr, item=world.item, quantity=2,
                             origin=world.depot_deu)
    order = RepairOrderFactory(code="RO-9", recipient=world.ukr, item=world.item,
                               facility=world.repair_facility, status="returned",
                               received_on=datetime.date(2024, 7, 2),
                               repair_started_on=datetime.date(2024, 7, 3),
                               returned_on=datetime.date(2024, 7, 9), returned_quantity=2,
                               returned_as=returned)
    # A notice of another nation's pledge (say the liaison's role changed since it was made).
    notice = Notice.objects.create(
        recipient=world.users["liaison"], kind="pledge-committed", key="test:pol",
        params={"record": str(world.pledge_pol)},
        content_type=ContentType.objects.get_for_model(world.pledge_pol),
        object_id=str(world.pledge_pol.pk),
        url=reverse("donations:pledge-detail", kwargs={"pk": world.pledge_pol.pk}))
    return {"run": run, "planned": planned, "order": order, "returned": returned,
            "notice": notice}


def detail_links(html):
    for path in HREF.findall(html):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.view_name in DETAIL_NAMES:
            yield path


@pytest.mark.parametrize("role", ["liaison", "liaison_pol", "node_operator",
                                  "facility_operator"])
def test_every_link_to_a_record_opens_for_its_reader(as_user, world, crossing, role):
    client = as_user(role)
    pages = [reverse(name) for name in LISTS]
    seen, followed = set(pages), 0
    while pages and len(seen) < 400:
        page = pages.pop()
        response = client.get(page)
        assert response.status_code == 200, page
        for path in detail_links(response.content.decode()):
            if path in seen:
                continue
            seen.add(path)
            followed += 1
            # A link leads only to a page its reader may open; that page's links in turn.
            assert client.get(path).status_code == 200, (role, page, path)
            pages.append(path)
    assert followed > 3  # the crawl did reach record pages


def test_a_donor_liaison_sees_other_scopes_named_without_links(as_user, world, crossing):
    client = as_user("liaison")
    order = client.get(reverse("repairs:order-detail", kwargs={"pk": crossing["order"].pk}))
    fields = {str(f["label"]): f for f in order.context["fields"]}
    assert fields["Returned as pledge"]["text"] == "RET-RO-9"  # named, as text
    assert fields["Returned as pledge"]["url"] is None
    pledge_url = reverse("donations:pledge-detail", kwargs={"pk": crossing["returned"].pk})
    assert pledge_url not in order.content.decode()
    allocation = client.get(reverse("donations:allocation-detail",
                                    kwargs={"pk": crossing["planned"].pk})).content.decode()
    assert reverse("planning:run-detail", kwargs={"pk": crossing["run"].pk}) not in allocation
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert str(world.pledge_pol) in inbox
    assert reverse("notifications:open", kwargs={"pk": crossing["notice"].pk}) not in inbox
    opened = client.get(reverse("notifications:open", kwargs={"pk": crossing["notice"].pk}))
    assert opened.url == reverse("notifications:inbox")
    # The coordinator, who may open them all, gets the links.
    coordinator = as_user("coordinator").get(
        reverse("repairs:order-detail", kwargs={"pk": crossing["order"].pk}))
    assert pledge_url in coordinator.content.decode()


def test_a_list_asks_which_linked_records_open_once_per_kind_not_per_row(as_user, world):
    client = as_user("liaison")
    url = reverse("donations:allocation-list")
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(30):
        pledge = PledgeFactory(code=f"P-DEU-{n + 10}", donor=world.deu, item=world.item,
                               quantity=5, origin=world.depot_deu)
        AllocationFactory(pledge=pledge, requirement=world.requirement, quantity=1)
    with CaptureQueriesContext(connection) as many:
        full = client.get(url)
    assert full.content.decode().count('href="/donations/pledges/') >= 30
    assert len(many) == len(few)


def test_a_table_links_a_related_record_only_for_a_reader_who_may_open_it(world, crossing):
    from django.template import Context, Template
    from django.test import RequestFactory

    from convoy.web.links import Openable
    from convoy.web.tables import Column, table_rows

    columns = [Column("pledge", "Pledge", link=True), Column("plan_run", "Run", link=True)]
    for role, run_linked in (("liaison", False), ("coordinator", True)):
        [row] = table_rows(columns, [crossing["planned"]], Openable(world.users[role]))
        assert row[0]["url"] == reverse("donations:pledge-detail",
                                        kwargs={"pk": world.pledge_deu.pk})
        assert (row[1]["url"] is not None) == run_linked, role
    request = RequestFactory().get("/")
    request.user = world.users["liaison"]
    template = Template("{% load convoy %}{% record_link a %}|{% record_link b %}")
    html = template.render(Context({"request": request, "a": world.pledge_deu,
                                    "b": world.pledge_pol}))
    own = reverse("donations:pledge-detail", kwargs={"pk": world.pledge_deu.pk})
    assert html == f'<a href="{own}">{world.pledge_deu}</a>|{world.pledge_pol}'

