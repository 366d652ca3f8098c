"""Pages run a fixed number of queries however many records they show (no N+1)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.donations.factories import AllocationFactory, PledgeFactory
from tests.funding.factories import FinancialPledgeFactory
from tests.logistics.factories import ShipmentFactory
from tests.manning.factories import PostFactory
from tests.repairs.factories import RepairOrderFactory
from tests.training.factories import CourseSessionFactory, EnrolmentFactory, TrainingRequestFactory

pytestmark = pytest.mark.django_db

# Session, user, memberships, count, page, and the filter choices: well under this.
MAX_LIST_QUERIES = 14


def more_records(world, n, tag="MORE"):
    for i in range(n):
        pledge = PledgeFactory(code=f"P-{tag}-{i}", donor=world.deu, item=world.item,
                               origin=world.depot_deu)
        allocation = AllocationFactory(pledge=pledge, requirement=world.requirement, quantity=1)
        ShipmentFactory(allocation=allocation, node=world.node, quantity=1)
        session = CourseSessionFactory(code=f"S-{tag}-{i}", course=world.course,
                                       facility=world.training_facility)
        request = TrainingRequestFactory(code=f"TR-{tag}-{i}", recipient=world.ukr,
                                         course=world.course)
        EnrolmentFactory(request=request, session=session, crews=1)
        RepairOrderFactory(code=f"RO-{tag}-{i}", recipient=world.ukr, item=world.item,
                           facility=world.repair_facility)
        FinancialPledgeFactory(code=f"FP-{tag}-{i}", donor=world.deu)
        PostFactory(code=f"POST-{tag}-{i}", filled_by=world.pol, filled_from="2025-01-01")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["coordinator", "liaison"])
@pytest.mark.parametrize(
    "name",
    [
        "donations:requirement-list", "donations:pledge-list", "donations:allocation-list",
        "logistics:shipment-list", "repairs:order-list", "training:session-list",
        "training:request-list", "funding:pledge-list", "manning:post-list",
    ],
)
def test_list_query_count_does_not_grow_with_rows(as_user, world, name, role,
                                                  django_assert_max_num_queries):
    client = as_user(role)
    url = reverse(name)
    before = count_queries(client, url)
    more_records(world, 12)
    after = count_queries(client, url)
    assert after == before
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        client.get(url)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_rows(as_user, world, fmt,
                                                    django_assert_max_num_queries):
    client = as_user("coordinator")
    more_records(world, 12)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("logistics:shipment-list") + f"?format={fmt}")
        if fmt == "csv":
            b"".join(response.streaming_content)


@pytest.mark.parametrize("role", ["coordinator", "liaison", "planner"])
def test_start_page_query_count_does_not_grow_with_rows(as_user, world, role):
    client = as_user(role)
    before = count_queries(client, reverse("home"))
    more_records(world, 12)
    cache.clear()  # the picture is kept between requests; count a fresh one
    assert count_queries(client, reverse("home")) <= before + 1  # at most one cache miss more


@pytest.mark.parametrize("text", ["Marder", "-", "Germany"])
def test_search_query_count_does_not_grow_with_rows_or_hits(as_user, world, text):
    client = as_user("coordinator")
    url = reverse("search") + f"?q={text}"
    more_records(world, 2, tag="SOME")  # a hit of every type already: a type without any asks less
    before = count_queries(client, url)
    more_records(world, 12)
    assert count_queries(client, url) == before


def test_pledge_page_query_count_does_not_grow_with_its_allocations(as_user, world):
    client = as_user("coordinator")
    url = reverse("donations:pledge-detail", kwargs={"pk": world.pledge_deu.pk})
    before = count_queries(client, url)
    for _ in range(5):
        allocation = AllocationFactory(pledge=world.pledge_deu, requirement=world.requirement,
                                       quantity=1)
        ShipmentFactory(allocation=allocation, node=world.node, quantity=1)
    assert count_queries(client, url) <= before


def test_pledge_list_search_finds_the_same_by_key_list_or_by_subquery(as_user, world,
                                                                      monkeypatch):
    """Few related matches go to the database as keys, many as a subquery: same pledges."""
    from convoy.web import lists

    more_records(world, 3)
    client = as_user("coordinator")
    url = reverse("donations:pledge-list") + "?q=Marder"
    as_keys = client.get(url).context["page"].object_list
    monkeypatch.setattr(lists, "RELATED_KEYS", 0)
    as_subquery = client.get(url).context["page"].object_list
    assert list(as_keys) == list(as_subquery)
    assert len(as_keys) >= 5


def test_search_asks_each_related_table_once(as_user, world):
    """Pledges, requirements, shipments... all search nations by name: one query finds them."""
    client = as_user("coordinator")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("search") + "?q=Germany").status_code == 200
    by_name = [q["sql"] for q in queries.captured_queries
               if q["sql"].startswith('SELECT "core_nation"."id" AS "pk" FROM "core_nation" WHERE')]
    assert len(by_name) == 1, by_name
