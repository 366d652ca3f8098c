"""Fixtures the logistics tests share: a route for the module's `allocation`, and a user in each
role that handles shipments. Each test module defines `allocation` with the quantity it needs."""

import pytest

from tests.core.factories import member
from tests.logistics.factories import route_for


@pytest.fixture
def node(allocation):
    return route_for(allocation, outbound_weeks=2)


@pytest.fixture
def coordinator():
    return member("coordinator")


@pytest.fixture
def operator(node):
    return member("node_operator", node.operator)


@pytest.fixture
def planner():
    return member("recipient_planner")
