"""CONVOY_SERVER_TIMING=1 says what each response cost (for load tests); off, nothing is said."""

import re

import pytest
from django.test import Client

from tests.core.factories import member

pytestmark = pytest.mark.django_db


def test_off_by_default_no_header(client):
    assert "Server-Timing" not in client.get("/sign-in/").headers


def test_on_it_gives_wall_cpu_and_database_time(settings):
    settings.CONVOY_SERVER_TIMING = True
    client = Client()  # the middleware is chosen when a client's handler starts
    client.force_login(member("coordinator"))
    header = client.get("/donations/pledges/")["Server-Timing"]
    match = re.fullmatch(r'total;dur=([\d.]+), cpu;dur=([\d.]+), db;dur=([\d.]+);desc="(\d+) '
                         r'queries"', header)
    assert match, header
    assert int(match.group(4)) > 0
