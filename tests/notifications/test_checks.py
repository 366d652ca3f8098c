"""Time-based events (found by the attention selectors) reach only those who may read the
record, once per record however often the worker looks."""

import datetime

import pytest
from django.utils import timezone

from convoy.core.services import transition
from convoy.notifications import worker
from convoy.notifications.models import Notice, Preference
from convoy.planning.models import PlanRun
from convoy.planning.services import DECISIONS
from tests.core.factories import OrganisationFactory, member
from tests.donations.factories import RequirementFactory
from tests.logistics.factories import NodeFactory, ShipmentFactory

pytestmark = pytest.mark.django_db


def kinds_heard(user):
    return sorted(Notice.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_session_with_empty_seats_reaches_its_facility_and_nation(world, people):
    Preference.objects.create(user=people["liaison_pol"], kinds=["session-empty-seats"])
    Preference.objects.create(user=people["node_operator"], kinds=["session-empty-seats"])

    assert worker.run_checks(timezone.now(), force=True) > 0

    for role in ("facility_operator", "liaison", "planner", "coordinator"):
        assert "session-empty-seats" in kinds_heard(people[role]), role
    for role in ("liaison_pol", "node_operator", "viewer"):
        assert "session-empty-seats" not in kinds_heard(people[role]), role
    notice = Notice.objects.get(recipient=people["facility_operator"])
    assert notice.url == f"/training/sessions/{world.session.pk}/"
    assert "S-1" in notice.text and "empty seats" in notice.text


def test_a_node_week_over_capacity_reaches_its_operator_not_another_nodes(world, people):
    today = timezone.localdate()
    ShipmentFactory(allocation=world.allocation_deu, node=world.node, quantity=20,
                    planned_departure=today, planned_arrival=today + datetime.timedelta(days=7))
    other_node = NodeFactory(code="CTA", operator=OrganisationFactory(name="Other node"))
    other_operator = member("node_operator", other_node.operator)

    worker.run_checks(timezone.now(), force=True)

    notice = Notice.objects.get(recipient=people["node_operator"], kind="node-over-capacity")
    assert "600" in notice.text and "500" in notice.text
    assert notice.url.startswith(f"/logistics/nodes/{world.node.pk}/")
    assert "?week=" in notice.url
    assert not Notice.objects.filter(recipient=other_operator).exists()


def test_a_requirement_due_with_nothing_allocated_reaches_the_planner(world, people):
    due = RequirementFactory(code="R-DUE", recipient=world.ukr, item_group=world.group,
                             destination=world.kyiv,
                             needed_by=timezone.localdate() + datetime.timedelta(days=5))

    worker.run_checks(timezone.now(), force=True)

    notice = Notice.objects.get(recipient=people["planner"], kind="requirement-due")
    assert "R-DUE" in notice.text
    assert notice.object_id == str(due.pk)
    assert not Notice.objects.filter(recipient=people["liaison"], kind="requirement-due")


def test_a_plan_run_waiting_for_approval_reaches_coordinators_only(world, people):
    run = PlanRun.objects.create(start_date=timezone.localdate(), fingerprint="x",
                                 scenario={"format": "convoy-scenario/1"},
                                 started_by=people["coordinator"])
    transition(actor=None, obj=run, to="running", allowed=DECISIONS)
    transition(actor=None, obj=run, to="succeeded", allowed=DECISIONS,
               finished_at=timezone.now() - datetime.timedelta(days=2))
    Preference.objects.create(user=people["liaison"], kinds=["plan-run-waiting"])

    worker.run_checks(timezone.now(), force=True)

    assert "plan-run-waiting" in kinds_heard(people["coordinator"])
    assert "plan-run-waiting" not in kinds_heard(people["liaison"]), "plans are confidential"


def test_a_condition_is_told_once_however_often_the_worker_looks(world, people):
    first = worker.run_checks(timezone.now(), force=True)
    assert first > 0
    assert worker.run_checks(timezone.now(), force=True) == 0
    assert worker.run_checks(timezone.now()) == 0, "within the hour it does not look at all"


def test_the_checks_wait_an_hour_between_looks(world, people):
    now = timezone.now()
    assert worker.run_checks(now) > 0
    Notice.objects.all().delete()
    assert worker.run_checks(now + datetime.timedelta(minutes=30)) == 0
    assert worker.run_checks(now + worker.CHECK_EVERY) > 0


def test_proposals_waiting_are_told_to_those_who_review_them_once_per_new_arrival(
        world, people):
    from convoy.intake.proposal_models import Proposal

    def propose(key):
        return Proposal.objects.create(kind="equipment", source="kiel", source_key=key,
                                       donor_text="Germany", item_text="Marder 1A3")

    propose("a")
    Preference.objects.create(user=people["liaison"], kinds=["proposals-waiting"])
    worker.run_checks(timezone.now(), force=True)
    notice = Notice.objects.get(recipient=people["planner"], kind="proposals-waiting")
    assert "1" in notice.text and "Marder 1A3" in notice.text
    assert notice.url == "/intake/review/?status=pending"
    assert "proposals-waiting" in kinds_heard(people["coordinator"])
    assert "proposals-waiting" not in kinds_heard(people["liaison"]), "the command's queue"

    worker.run_checks(timezone.now(), force=True)
    assert kinds_heard(people["planner"]).count("proposals-waiting") == 1
    propose("b")
    worker.run_checks(timezone.now(), force=True)
    assert kinds_heard(people["planner"]).count("proposals-waiting") == 2
