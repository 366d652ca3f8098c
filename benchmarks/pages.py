"""Page speed with a coalition-sized record: 100,000 pledges and 20,000 shipments in PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/convoy_bench \
        .venv/bin/python benchmarks/pages.py

Creates the database if it is missing, migrates it, bulk-loads the data once (a second run reuses
it), then requests each list page and the home page with Django's test client as a coordinator
and as a donor liaison, and prints the median and 95th-percentile response time and the number
of queries of each. The target is a p95 under 300 ms. The home page reuses its computed picture
while the data has not changed (see convoy.reports.picture); it is measured both computed afresh and
reused. No timed assertion lives in the test suite;
this script is where speed is measured.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/convoy_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convoy.settings")
os.environ.setdefault("CONVOY_HTTPS", "0")
os.environ.setdefault("CONVOY_LOG_LEVEL", "WARNING")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PLEDGES = 100_000
SHIPMENTS = 20_000
BATCH = 5_000


def ensure_database(url: str, fresh: bool = False) -> None:
    """CREATE DATABASE when it does not exist yet (PostgreSQL only); `fresh` drops it first."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def load(rng: random.Random) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from convoy.catalog.models import CapabilityArea, Item, ItemGroup
    from convoy.core.models import Membership, Nation, Organisation
    from convoy.donations.models import Allocation, Pledge, Requirement
    from convoy.funding.models import Disbursement, FinancialPledge, YearlyBaseline
    from convoy.logistics.models import Lane, Location, Node, Shipment
    from convoy.manning.models import Post
    from convoy.repairs.models import RepairFacility, RepairOrder
    from convoy.training.models import (
        Course,
        CourseSession,
        Enrolment,
        TrainingFacility,
        TrainingRequest,
    )

    if Pledge.objects.count() >= PLEDGES and Shipment.objects.count() >= SHIPMENTS:
        print("data already loaded")
        return
    started = time.perf_counter()
    today = timezone.localdate()
    with transaction.atomic():
        ukr = Nation.objects.create(code="UKR", name="Ukraine", kind="recipient")
        donors = Nation.objects.bulk_create(
            Nation(code=f"D{chr(65 + i // 26)}{chr(65 + i % 26)}", name=f"Donor nation {i:02d}",
                   kind="ally", gdp_usd=Decimal(10**12 + i * 10**10), gdp_year=2024)
            for i in range(30)
        )
        command = Organisation.objects.create(name="The command", nation=donors[0],
                                              kind="command")
        ministries = Organisation.objects.bulk_create(
            Organisation(name=f"Ministry of defence {d.code}", nation=d, kind="ministry")
            for d in donors
        )
        node_ops = Organisation.objects.bulk_create(
            Organisation(name=f"Node operator {i}", nation=donors[i], kind="node_operator")
            for i in range(5)
        )
        facility_op = Organisation.objects.create(name="Facility operator", nation=donors[1],
                                                  kind="facility_operator")
        users = get_user_model()
        coordinator = users.objects.create_user("coordinator", password="bench-pass")
        liaison = users.objects.create_user("liaison", password="bench-pass")
        Membership.objects.create(user=coordinator, organisation=command, role="coordinator")
        Membership.objects.create(user=liaison, organisation=ministries[0], role="donor_liaison")

        areas = CapabilityArea.objects.bulk_create(
            CapabilityArea(code=f"area-{i}", name=f"Capability area {i}") for i in range(10)
        )
        groups = ItemGroup.objects.bulk_create(
            ItemGroup(code=f"group-{i}", name=f"Item group {i}", area=areas[i % 10])
            for i in range(50)
        )
        items = Item.objects.bulk_create(
            Item(code=f"item-{i}", name=f"Item {i}", group=groups[i % 50],
                 unit_mass_t=Decimal(rng.choice(["0.05", "1.5", "12", "30", "45"])))
            for i in range(200)
        )
        depots = Location.objects.bulk_create(
            Location(code=f"DEPOT-{d.code}", name=f"Depot of {d.name}", nation=d, kind="depot")
            for d in donors
        )
        destinations = Location.objects.bulk_create(
            Location(code=f"DEST-{i}", name=f"Destination {i}", nation=ukr, kind="destination")
            for i in range(10)
        )
        nodes = Node.objects.bulk_create(
            Node(code=f"node-{i}", name=f"Logistics node {i}", nation=donors[i],
                 operator=node_ops[i], capacity_t_per_week=Decimal(2000 + 500 * i))
            for i in range(5)
        )
        Lane.objects.bulk_create(
            [Lane(node=n, location=d, direction="inbound", transit_weeks=1, cost_per_t=100)
             for n in nodes for d in depots]
            + [Lane(node=n, location=d, direction="outbound", transit_weeks=1, cost_per_t=60)
               for n in nodes for d in destinations]
        )
        requirements = Requirement.objects.bulk_create(
            (Requirement(code=f"R-{i:05d}", recipient=ukr, item_group=groups[i % 50],
                         quantity=rng.randint(1, 500), priority=rng.randint(1, 5),
                         needed_by=today + timedelta(days=rng.randint(-60, 365)),
                         destination=destinations[i % 10],
                         status=rng.choices(["open", "filled", "cancelled"], [7, 2, 1])[0])
             for i in range(5_000)), batch_size=BATCH,
        )
        statuses = ["announced", "committed", "in_delivery", "delivered", "cancelled"]

        def pledge(i: int) -> Pledge:
            donor_index = rng.randrange(30)
            status = rng.choices(statuses, [3, 3, 2, 4, 1])[0]
            announced = today - timedelta(days=rng.randint(0, 900))
            return Pledge(
                code=f"P-{i:06d}", donor=donors[donor_index], item=items[rng.randrange(200)],
                quantity=rng.randint(1, 1000), available_from=announced + timedelta(days=30),
                origin=depots[donor_index], status=status, announced_on=announced,
                committed_on=announced if status in ("committed", "in_delivery", "delivered")
                else None,
                delivery_started_on=announced if status in ("in_delivery", "delivered") else None,
                delivered_on=announced if status == "delivered" else None,
                cancelled_on=announced if status == "cancelled" else None,
                notes=rng.choice(["", "", "Spare parts included.", "Delivered in tranches."]),
            )

        pledges = Pledge.objects.bulk_create((pledge(i) for i in range(PLEDGES)),
                                             batch_size=BATCH)
        allocations = Allocation.objects.bulk_create(
            (Allocation(pledge=pledges[i * 5], requirement=requirements[i % 5_000], quantity=1)
             for i in range(SHIPMENTS)), batch_size=BATCH,
        )
        shipment_statuses = ["planned", "in_transit", "at_node", "onward", "delivered"]

        def shipment(i: int) -> Shipment:
            allocation = allocations[i]
            departure = today + timedelta(days=rng.randint(-120, 120))
            return Shipment(
                allocation=allocation, quantity=1, node=nodes[i % 5],
                origin=allocation.pledge.origin, destination=allocation.requirement.destination,
                status=rng.choice(shipment_statuses), planned_departure=departure,
                planned_arrival=departure + timedelta(days=7),
            )

        Shipment.objects.bulk_create((shipment(i) for i in range(SHIPMENTS)), batch_size=BATCH)

        courses = Course.objects.bulk_create(
            Course(code=f"course-{i}", name=f"Course {i}", capability_area=areas[i % 10],
                   duration_weeks=rng.randint(2, 12), host_nation=donors[i % 30])
            for i in range(20)
        )
        facilities = TrainingFacility.objects.bulk_create(
            TrainingFacility(code=f"fac-{i}", name=f"Training facility {i}", nation=donors[i],
                             operator=facility_op)
            for i in range(5)
        )
        sessions = CourseSession.objects.bulk_create(
            CourseSession(code=f"S-{i:04d}", course=courses[i % 20], facility=facilities[i % 5],
                          start_date=today + timedelta(days=rng.randint(-90, 270)),
                          seats=rng.randint(4, 20))
            for i in range(500)
        )
        requests = TrainingRequest.objects.bulk_create(
            TrainingRequest(code=f"TR-{i:04d}", recipient=ukr, recipient_unit=f"Brigade {i % 40}",
                            course=courses[i % 20], crews_needed=rng.randint(1, 6),
                            needed_by=today + timedelta(days=rng.randint(0, 365)))
            for i in range(1_000)
        )
        Enrolment.objects.bulk_create(
            Enrolment(request=requests[i], session=sessions[i % 500], crews=1,
                      status=rng.choice(["enrolled", "trained"]))
            for i in range(1_000)
        )
        for year in (today.year - 1, today.year, today.year + 1):
            YearlyBaseline.objects.create(year=year, amount_eur=Decimal(40_000_000_000))
        financial = FinancialPledge.objects.bulk_create(
            FinancialPledge(code=f"FP-{i:04d}", donor=donors[i % 30], first_year=today.year - 1,
                            last_year=today.year + rng.randint(0, 2),
                            amount=Decimal(rng.randint(10, 5000)) * 10**6, currency="EUR",
                            amount_eur=Decimal(rng.randint(10, 5000)) * 10**6, kind="grant",
                            announced_on=today - timedelta(days=rng.randint(0, 700)))
            for i in range(500)
        )
        Disbursement.objects.bulk_create(
            Disbursement(financial_pledge=financial[i % 500],
                         date=today - timedelta(days=rng.randint(0, 700)),
                         amount_eur=Decimal(rng.randint(1, 10)) * 10**6)
            for i in range(2_000)
        )
        repair_facility = RepairFacility.objects.create(
            code="REP-0", name="Repair facility 0", nation=donors[1], location=depots[1],
            operator=facility_op, capacity_per_week=500, turnaround_weeks=4,
        )
        repair_facility.item_groups.set(groups)
        repair_statuses = ["requested", "received", "in_repair", "cancelled"]
        RepairOrder.objects.bulk_create(
            RepairOrder(code=f"RO-{i:05d}", recipient=ukr, item=items[i % 200],
                        quantity=rng.randint(1, 5), facility=repair_facility,
                        status=rng.choice(repair_statuses),
                        requested_on=today - timedelta(days=rng.randint(0, 400)))
            for i in range(2_000)
        )
        Post.objects.bulk_create(
            Post(code=f"POST-{i:04d}", title=f"Staff officer {i}", branch="J4", rank_band="OF3-4",
                 filled_by=donors[i % 30] if i % 5 else None,
                 filled_from=today - timedelta(days=100) if i % 5 else None)
            for i in range(700)
        )
    with connection.cursor() as cursor:
        # Sets the visibility map and hint bits as a settled database has them, not a fresh load.
        cursor.execute("VACUUM ANALYZE")
    print(f"loaded in {time.perf_counter() - started:.1f} s")


PAGES = [
    ("home, computed afresh", "/"),
    ("home, reused picture", "/"),
    ("requirements", "/donations/requirements/"),
    ("pledges", "/donations/pledges/"),
    ("pledges: search + sort", "/donations/pledges/?q=tranches&sort=-quantity"),
    ("pledges: filtered by status", "/donations/pledges/?status=committed"),
    ("pledges: page 1000", "/donations/pledges/?page=1000"),
    ("allocations", "/donations/allocations/"),
    ("shipments", "/logistics/shipments/"),
    ("shipments: in transit", "/logistics/shipments/?status=in_transit&sort=planned_arrival"),
    ("repair orders", "/repairs/orders/"),
    ("course sessions", "/training/sessions/"),
    ("training requests", "/training/requests/"),
    ("financial pledges", "/funding/pledges/"),
    ("posts", "/manning/posts/"),
    ("plan runs", "/planning/runs/"),
]


def measure(runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import (
        CaptureQueriesContext,
        override_settings,
        setup_test_environment,
    )

    plain_static = {"staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    setup_test_environment()  # so the test client captures each page's template context
    users = get_user_model().objects
    rows = []
    with override_settings(STORAGES={"default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage"}, **plain_static}):
        for role in ("coordinator", "liaison"):
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(users.get(username=role))
            for name, url in PAGES:
                for _ in range(2):  # warm up caches and the connection
                    client.get(url)
                times = []
                afresh = name.endswith("afresh")
                for _ in range(runs):
                    if afresh:  # the picture is cached while the data stays the same
                        cache.clear()
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(url)
                        times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                times.sort()
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                try:
                    total = response.context["total"]
                except (KeyError, TypeError):
                    total = None
                rows.append((name, role, total, statistics.median(times), p95, len(queries)))
    header = f"{'page':32} {'role':12} {'rows':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}"
    print(header)
    print("-" * len(header))
    for name, role, total, median, p95, count in rows:
        shown = "" if total is None else f"{total:,}"
        flag = "" if p95 < 300 else "  over target"
        print(f"{name:32} {role:12} {shown:>8} {median:10.1f} {p95:8.1f} {count:8d}{flag}")
    worst = max(r[4] for r in rows)
    print(f"\nworst p95: {worst:.1f} ms (target: under 300 ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="requests per page and role")
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--fresh", action="store_true", help="drop and reload the data")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        print("benchmarks/pages.py measures PostgreSQL: set DATABASE_URL=postgres://...")
        return 2
    ensure_database(url, fresh=args.fresh)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    load(random.Random(args.seed))
    measure(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
