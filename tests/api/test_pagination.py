"""API pages hold the records of the list's order, page by page, whatever the page (the keys are
paged first, then those records read whole), and deep pages ask no more than the first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from convoy.api.pagination import KeysFirstPagination
from convoy.donations.models import Pledge
from tests.core.factories import member
from tests.donations.factories import PledgeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setattr(KeysFirstPagination, "page_size", 3)
    for quantity in (5, 1, 9, 3, 7, 2, 8):
        PledgeFactory(quantity=quantity)
    api = APIClient()
    api.force_authenticate(member("coordinator"))
    return api


@pytest.mark.parametrize("query", ["", "&status=committed"])
def test_pages_follow_the_order(client, query):
    Pledge.objects.filter(quantity__gte=3).update(status="committed", committed_on="2026-01-05")
    codes = []
    for page in (1, 2, 3):
        response = client.get(f"/api/pledges/?page={page}{query}")
        if response.status_code == 404:
            break
        codes += [p["code"] for p in response.json()["results"]]
    expected = Pledge.objects.filter(**({"status": "committed"} if query else {})).order_by(
        *Pledge._meta.ordering).values_list("code", flat=True)
    assert codes == list(expected) and len(codes) >= 4


def test_a_deep_page_asks_no_more_than_the_first(client):
    with CaptureQueriesContext(connection) as first:
        client.get("/api/pledges/?page=1")
    with CaptureQueriesContext(connection) as last:
        client.get("/api/pledges/?page=3")
    assert len(last) <= len(first)


def test_a_page_past_the_end_is_404(client):
    assert client.get("/api/pledges/?page=99").status_code == 404
