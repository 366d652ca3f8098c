"""`convoy demo`: the demo loads, holds what it promises, loads twice without writing, leaves a
demo audit record for every record, and its logins sign in with their roles.

Loading takes a while, so the demo is loaded once for the module (inside a transaction that is
rolled back at the end); each test runs in a savepoint within it.
"""

from collections import Counter
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

from convoy.core.models import AuditRecord, Membership, Nation
from convoy.donations.models import Pledge, Requirement
from convoy.funding.models import YearlyBaseline
from convoy.intake.demo import DEMO_PASSWORD, LOGINS, load_demo, model_counts
from convoy.intake.demo.base import TODAY
from convoy.intake.demo.pledge_plan import NODES_TRACKED_FROM
from convoy.logistics.models import Node, Shipment
from convoy.manning.models import Post
from convoy.repairs.models import RepairOrder
from convoy.training.models import Enrolment


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        result = load_demo()
        yield result
        transaction.set_rollback(True)


def filled_posts():
    return Post.objects.filter(filled_by__isnull=False).filter(
        Q(filled_to__isnull=True) | Q(filled_to__gte=TODAY)
    )


def test_demo_holds_the_allies_partners_and_recipient(demo, db):
    allies = Nation.objects.filter(kind=Nation.Kind.ALLY)
    assert allies.count() == 32
    assert Nation.objects.filter(kind=Nation.Kind.PARTNER, code__in=["AUS", "JPN", "KOR",
                                                                      "NZL"]).count() == 4
    assert Nation.objects.get(code="UKR").kind == Nation.Kind.RECIPIENT
    assert not allies.filter(gdp_usd__isnull=True).exists()


def test_hungary_abstains_and_fills_no_post(demo, db):
    hungary = Nation.objects.get(code="HUN")
    assert hungary.participation == Nation.Participation.ABSTAINS
    assert list(Nation.objects.filter(participation=Nation.Participation.ABSTAINS)) == [hungary]
    assert not Post.objects.filter(filled_by=hungary).exists()


def test_command_has_about_700_posts_partly_filled(demo, db):
    posts = Post.objects.count()
    assert 680 <= posts <= 720
    assert 0.75 <= filled_posts().count() / posts <= 0.85
    assert {p.branch for p in Post.objects.all()} == {b.value for b in Post.Branch}
    # Bigger economies fill more posts.
    by_nation = Counter(filled_posts().values_list("filled_by__code", flat=True))
    assert by_nation["USA"] > by_nation["DEU"] > by_nation["EST"] >= 1


def test_three_or_four_nodes_in_the_east_with_capacity_exceptions_on_mondays(demo, db):
    nodes = Node.objects.all()
    assert 3 <= nodes.count() <= 4
    assert {n.nation.code for n in nodes} <= {"POL", "ROU", "SVK", "LTU", "LVA", "EST", "BGR"}
    for node in nodes:
        assert node.lanes.filter(direction="outbound").count() >= 3
        assert node.lanes.filter(direction="inbound").exists()
    exceptions = [e for n in nodes for e in n.capacity_exceptions.all()]
    assert exceptions and all(e.week_start.weekday() == 0 for e in exceptions)


def test_a_few_hundred_pledges_in_every_status_with_their_dates(demo, db):
    pledges = Pledge.objects.all()
    assert 200 <= pledges.count() <= 400
    statuses = Counter(pledges.values_list("status", flat=True))
    assert set(statuses) == {s.value for s in Pledge.Status}
    for pledge in pledges:
        steps = [pledge.announced_on, pledge.committed_on, pledge.delivery_started_on,
                 pledge.delivered_on]
        dated = [d for d in steps if d is not None]
        assert dated == sorted(dated), pledge.code
        assert max(dated) <= TODAY, pledge.code
    real = pledges.filter(code__startswith="PUN-")  # the real commitments
    assert real.count() >= 40
    assert not real.filter(status__in=["announced", "cancelled"]).exists()
    assert all(p.committed_on <= p.announced_on + timedelta(days=14) for p in real)
    assert pledges.filter(source=Pledge.Source.REPAIR_RETURN).exists()


def test_pledges_delivered_since_the_nodes_opened_were_shipped_and_handed_over(demo, db):
    delivered = Pledge.objects.filter(status=Pledge.Status.DELIVERED, source="donation")
    assert delivered.filter(delivered_on__lt=NODES_TRACKED_FROM).exists()
    for pledge in delivered:
        assert pledge.allocations.exists(), pledge.code
        shipments = Shipment.objects.filter(allocation__pledge=pledge)
        if pledge.delivered_on < NODES_TRACKED_FROM:
            assert not shipments.exists(), pledge.code
            continue
        assert shipments.exists(), pledge.code
        assert all(s.status == "delivered" and s.handover for s in shipments), pledge.code
        assert sum(s.quantity for s in shipments) == pledge.quantity


def test_shipments_in_every_state_with_ordered_times(demo, db):
    statuses = Counter(Shipment.objects.values_list("status", flat=True))
    assert {"planned", "in_transit", "at_node", "onward", "delivered"} <= set(statuses)
    for shipment in Shipment.objects.exclude(status="planned"):
        times = [shipment.dispatched_at, shipment.arrived_at_node_at, shipment.left_node_at,
                 shipment.handed_over_at]
        done = [t for t in times if t is not None]
        assert done == sorted(done) and done[-1].date() <= TODAY


def test_requirements_have_every_priority_and_some_are_filled(demo, db):
    assert set(Requirement.objects.values_list("priority", flat=True)) == {1, 2, 3, 4, 5}
    statuses = set(Requirement.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in Requirement.Status}


def test_repairs_training_funding_and_targets_are_there(demo, db):
    assert set(RepairOrder.objects.values_list("status", flat=True)) == {
        s.value for s in RepairOrder.Status}
    assert Enrolment.objects.filter(status=Enrolment.Status.TRAINED).exists()
    baselines = {b.year: b.amount_eur for b in YearlyBaseline.objects.all()}
    assert baselines == {2025: Decimal("40000000000"), 2026: Decimal("40000000000")}
    counts = demo.counts
    assert counts["funding.FinancialPledge"] >= 15
    assert counts["funding.Disbursement"] > counts["funding.FinancialPledge"]
    assert counts["development.CapabilityTarget"] >= 10


def test_second_load_writes_nothing(demo, db):
    audit_before = AuditRecord.objects.count()
    again = load_demo()
    assert again.wrote_nothing
    assert again.counts == demo.counts == model_counts()
    assert AuditRecord.objects.count() == audit_before


def test_second_command_run_says_nothing_was_written_and_prints_the_logins(demo, db):
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "nothing was written" in text
    assert "http://127.0.0.1:8000/" in text and DEMO_PASSWORD in text
    assert "demo only" in text
    assert all(login.username in text for login in LOGINS)


def test_every_demo_record_has_a_demo_audit_record(demo, db):
    for label, count in demo.counts.items():
        model = ContentType.objects.get_by_natural_key(*label.lower().split(".")).model_class()
        audited = set(AuditRecord.objects.filter(
            source="demo", action="create",
            content_type=ContentType.objects.get_for_model(model),
        ).values_list("object_id", flat=True))
        ids = {str(pk) for pk in model._base_manager.values_list("pk", flat=True)}
        assert len(ids) == count
        assert ids <= audited, f"{label}: {len(ids - audited)} records without a demo audit"
    assert not AuditRecord.objects.exclude(source="demo").exists()


def test_demo_logins_sign_in_with_their_roles(demo, db, client):
    expected = {
        "coordinator": "coordinator", "donor-deu": "donor_liaison", "donor-pol": "donor_liaison",
        "planner-ukr": "recipient_planner", "node-rzeszow": "node_operator",
        "facility-pol": "facility_operator", "viewer": "viewer",
    }
    assert {login.username: login.role for login in LOGINS} == expected
    for username, role in expected.items():
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert [m.role for m in Membership.objects.filter(user__username=username)] == [role]
        client.logout()
    assert not client.login(username="coordinator", password="wrong-password")


def test_demo_logins_reach_their_own_nation_node_and_facilities(demo, db):
    def organisation(username):
        return Membership.objects.get(user__username=username).organisation

    assert organisation("donor-deu").nation.code == "DEU"
    assert organisation("donor-pol").nation.code == "POL"
    assert organisation("planner-ukr").nation.code == "UKR"
    assert organisation("coordinator").kind == "command"
    assert organisation("node-rzeszow").nodes.count() == 1
    facility_operator = organisation("facility-pol")
    assert facility_operator.training_facilities.exists()
    assert facility_operator.repair_facilities.exists()


def test_each_demo_login_sees_its_own_part_of_the_demo(demo, db):
    def user(username):
        return get_user_model().objects.get(username=username)

    german = Pledge.objects.restrict(user("donor-deu"))
    assert german.exists() and set(german.values_list("donor__code", flat=True)) == {"DEU"}
    polish = Pledge.objects.restrict(user("donor-pol"))
    assert polish.exists() and set(polish.values_list("donor__code", flat=True)) == {"POL"}
    through_rzeszow = Shipment.objects.restrict(user("node-rzeszow"))
    assert set(through_rzeszow.values_list("node__code", flat=True)) == {"NODE-RZE"}
    assert through_rzeszow.exclude(status__in=["planned", "delivered"]).exists()
    operator = user("facility-pol")
    assert RepairOrder.objects.restrict(operator).exists()
    assert Enrolment.objects.restrict(operator).exists()
    assert RepairOrder.objects.restrict(operator).count() < RepairOrder.objects.count()
    assert Pledge.objects.restrict(user("viewer")).count() == Pledge.objects.count()



def test_each_roles_attention_panel_lists_the_demos_late_shipments(demo, db):
    """Whatever the date, each panel counts every late shipment in the role's scope and lists
    the first of them by planned departure (on the demo: every shipment waiting at a node)."""
    from convoy.reports.attention import PANEL_LIMIT, panel
    from convoy.web.attention import today

    def entry(username, key):
        entries = {e.rule.key: e for e in panel(get_user_model().objects.get(username=username))}
        found = entries[key]
        return found.count, [int(text.split(":")[0].removeprefix("Shipment "))
                             for text, _, _ in found.items]

    def first(queryset):
        pks = list(queryset.order_by("planned_departure", "id").values_list("pk", flat=True))
        return len(pks), pks[:PANEL_LIMIT]

    late = Shipment.objects.filter(status__in=["planned", "in_transit", "at_node"],
                                   planned_departure__lt=today())
    at_nodes = set(late.filter(status="at_node").values_list("pk", flat=True))
    assert at_nodes
    assert entry("coordinator", "late-departure") == first(late)
    if len(at_nodes) <= PANEL_LIMIT:
        assert at_nodes <= set(entry("coordinator", "late-departure")[1])
    assert entry("node-rzeszow", "late-departure") == first(late.filter(node__code="NODE-RZE"))
    assert entry("donor-deu", "late-departure") == first(
        late.filter(allocation__pledge__donor__code="DEU"))
    overdue = Shipment.objects.filter(status__in=["planned", "in_transit", "at_node", "onward"],
                                      planned_arrival__lt=today())
    count, listed = entry("planner-ukr", "late-arrival")
    assert count == overdue.count() > 0
    assert set(listed) <= set(overdue.values_list("pk", flat=True))
def test_every_training_request_code_an_approval_can_make_on_the_demo_fits(demo, db):
    from convoy.planning.services import training_request_code
    from convoy.training.models import CourseSession, TrainingRequest

    limit = TrainingRequest._meta.get_field("code").max_length
    sessions = list(CourseSession.objects.values_list("code", flat=True))
    codes = {training_request_code(requirement, session)
             for requirement in Requirement.objects.values_list("code", flat=True)
             for session in sessions}
    assert max(len(code) for code in codes) <= limit
    assert len(codes) == Requirement.objects.count() * len(sessions)  # no two pairs collide


def test_a_coordinator_plans_approves_and_finds_what_the_plan_created_on_the_demo(
        demo, db, client):
    """The whole loop on the demo: start a run, solve it, approve it, read the run's page."""
    from convoy.donations.models import Allocation
    from convoy.planning.services import (
        plan_run_approve,
        plan_run_execute,
        plan_run_start,
        repair_supply,
    )

    coordinator = get_user_model().objects.get(username="coordinator")
    run = plan_run_execute(plan_run_start(actor=coordinator, start_date=TODAY + timedelta(days=5),
                                          time_limit_s=30))
    assert run.status == "succeeded", run.message
    plan = run.result["plan"]
    assert plan["shipments"] and plan["training"]  # the demo leaves work for the planner
    # Units still in repair are planned but not allocated on approval (a later run allocates
    # them once returned): the record follows the plan's shipments of pledges.
    in_repair = repair_supply(run.scenario)
    plan_shipments = [s for s in plan["shipments"] if s["pledge"] not in in_repair]
    assert plan_shipments

    plan_run_approve(actor=coordinator, run=run)

    run.refresh_from_db()
    assert run.status == "approved"
    allocations = Allocation.objects.filter(plan_run=run)
    shipments = Shipment.objects.filter(plan_run=run)
    enrolments = Enrolment.objects.filter(plan_run=run)
    assert shipments.count() == len(plan_shipments)
    assert sum(s.quantity for s in shipments) == sum(s["quantity"] for s in plan_shipments)
    assert sum(a.quantity for a in allocations) == sum(s["quantity"] for s in plan_shipments)
    assert sum(e.crews for e in enrolments) == sum(t["crews"] for t in plan["training"])
    assert {(a.pledge.code, a.requirement.code) for a in allocations} == {
        (s["pledge"], s["requirement"]) for s in plan_shipments}
    assert {e.request.requirement.code for e in enrolments} == {
        t["requirement"] for t in plan["training"]}

    from convoy.web.links import record_url

    client.force_login(coordinator)
    page = client.get(record_url(run)).content.decode()
    for record in [*allocations, *shipments, *(e.request for e in enrolments),
                   *(e.session for e in enrolments)]:
        assert f'href="{record_url(record)}"' in page, record
