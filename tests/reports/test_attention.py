"""What needs attention: each rule on the small world, within each role's scope, as a badge and a
filter on its list, and on the role's start page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from convoy.donations.models import Pledge, Requirement
from convoy.logistics.attention import LATE_ARRIVAL, LATE_DEPARTURE, SHORT_HANDOVER
from convoy.logistics.models import Handover, Shipment
from convoy.logistics.selectors import node_weeks_over_capacity, nodes_over_capacity
from convoy.manning.models import Post
from convoy.planning.models import PlanRun
from convoy.planning.services import plan_export
from convoy.reports import attention
from convoy.training.models import Enrolment
from tests.logistics.factories import ShipmentFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def keys(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def on_time(*shipments):
    """Shipments planned to leave next week and arrive the week after (nothing late)."""
    Shipment.objects.filter(pk__in=[s.pk for s in shipments]).update(
        planned_departure=TODAY + 7 * DAY, planned_arrival=TODAY + 14 * DAY)


@pytest.fixture
def calm(world):
    """The world with nothing needing attention: shipments on time, pledges just announced,
    the session full, the post vacant."""
    on_time(world.shipment_deu, world.shipment_pol)
    Pledge.objects.update(announced_on=TODAY)
    Enrolment.objects.create(request=world.training_request, session=world.session, crews=6)
    return world


# Each rule


def test_late_departure_is_a_shipment_past_its_departure_that_has_not_left(calm):
    world = calm
    Shipment.objects.filter(pk=world.shipment_deu.pk).update(planned_departure=TODAY - DAY)
    Shipment.objects.filter(pk=world.shipment_pol.pk).update(
        planned_departure=TODAY - DAY, status="onward")
    late = attention.LATE_DEPARTURE.select(world.users["coordinator"], TODAY)
    assert keys(late) == [world.shipment_deu.pk]


def test_late_arrival_is_a_shipment_past_its_arrival_not_handed_over(calm):
    world = calm
    Shipment.objects.filter(pk__in=[world.shipment_deu.pk, world.shipment_pol.pk]).update(
        planned_departure=TODAY - 9 * DAY, planned_arrival=TODAY - 2 * DAY)
    Shipment.objects.filter(pk=world.shipment_pol.pk).update(status="delivered")
    late = LATE_ARRIVAL.select(world.users["coordinator"], TODAY)
    assert keys(late) == [world.shipment_deu.pk]


def test_a_handover_of_fewer_units_than_shipped_is_short(calm):
    world = calm
    for shipment, received in ((world.shipment_deu, 18), (world.shipment_pol, 10)):
        Shipment.objects.filter(pk=shipment.pk).update(status="delivered")
        Handover.objects.create(shipment=shipment, received_quantity=received,
                                receiving_unit="47th Brigade", signed_by="Maj. K.",
                                signed_at=timezone.now())
    short = SHORT_HANDOVER.select(world.users["planner"], TODAY)
    assert keys(short) == [world.shipment_deu.pk]  # 18 of 20; Poland's 10 of 10 is complete


def test_a_node_week_over_capacity_is_found_with_its_load(calm):
    world = calm
    # 20 Marders of 30 t leave Rzeszów (500 t a week) next week: 600 t.
    weeks = node_weeks_over_capacity(world.users["coordinator"], TODAY)
    assert [(w.node, w.week_start, w.load_t) for w in weeks] == [
        (world.node, TODAY + 7 * DAY - datetime.timedelta(days=(TODAY + 7 * DAY).weekday()),
         600 + 300)]
    assert keys(nodes_over_capacity(world.users["coordinator"], TODAY)) == [world.node.pk]
    # With room for 900 t that week, nothing is over.
    world.node.capacity_exceptions.create(week_start=weeks[0].week_start, capacity_t=900)
    assert node_weeks_over_capacity(world.users["coordinator"], TODAY) == []


def test_a_requirement_due_with_nothing_allocated_needs_attention(calm):
    world = calm
    other = Requirement.objects.create(
        code="R-DUE", recipient=world.ukr, item_group=world.group, quantity=5, priority=1,
        needed_by=TODAY + 10 * DAY, destination=world.kyiv)
    Requirement.objects.create(
        code="R-LATER", recipient=world.ukr, item_group=world.group, quantity=5, priority=1,
        needed_by=TODAY + 90 * DAY, destination=world.kyiv)
    # R-IFV-1 is past its date but has allocations; R-LATER is not due yet.
    assert keys(attention.DUE_UNALLOCATED.select(world.users["planner"], TODAY)) == [other.pk]


def test_a_session_soon_with_empty_seats_while_requests_wait_needs_attention(world):
    rule = attention.EMPTY_SEATS
    planner = world.users["planner"]
    assert keys(rule.select(planner, TODAY)) == [world.session.pk]  # 6 seats, TR-1 waits
    Enrolment.objects.create(request=world.training_request, session=world.session, crews=4)
    assert keys(rule.select(planner, TODAY)) == []  # TR-1 is placed: no request waits


def test_a_pledge_announced_long_ago_and_never_committed_needs_attention(calm):
    world = calm
    Pledge.objects.filter(pk=world.pledge_deu.pk).update(announced_on=TODAY - 61 * DAY)
    Pledge.objects.filter(pk=world.pledge_pol.pk).update(
        announced_on=TODAY - 61 * DAY, status="committed", committed_on=TODAY)
    assert keys(attention.NOT_COMMITTED.select(world.users["coordinator"], TODAY)) == [
        world.pledge_deu.pk]


def test_a_post_past_its_end_date_still_filled_needs_attention(calm):
    world = calm
    Post.objects.filter(pk=world.post.pk).update(
        filled_by=world.deu, filled_from=TODAY - 400 * DAY, filled_to=TODAY - DAY)
    current = Post.objects.create(code="J4-002", title="Deputy J4", branch="J4",
                                  rank_band="OF3-4", filled_by=world.pol,
                                  filled_from=TODAY - 10 * DAY, filled_to=TODAY + 100 * DAY)
    found = keys(attention.PAST_END.select(world.users["viewer"], TODAY))
    assert found == [world.post.pk] and current.pk not in found


def test_a_plan_run_is_stale_when_its_data_changed_or_it_is_old(calm):
    world = calm
    coordinator = world.users["coordinator"]
    start = TODAY - datetime.timedelta(days=TODAY.weekday())

    def run(**fields):
        scenario, digest = plan_export(start_date=start, horizon_weeks=4)
        return PlanRun.objects.create(start_date=start, horizon_weeks=4, status="succeeded",
                                      scenario=scenario, fingerprint=digest,
                                      started_by=coordinator, **fields)

    fresh, old = run(), run()
    PlanRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - 8 * DAY)
    assert keys(attention.STALE.select(coordinator, TODAY)) == [old.pk]
    Requirement.objects.create(
        code="R-NEW", recipient=world.ukr, item_group=world.group, quantity=5, priority=1,
        needed_by=TODAY + 60 * DAY, destination=world.kyiv)  # the data changed
    assert keys(attention.STALE.select(coordinator, TODAY)) == [fresh.pk, old.pk]


# Scope


def test_donor_liaison_sees_only_its_nations_late_shipments_and_pledges(world):
    # Both shipments and both pledges are late in the world as built (dates of 2024).
    deu, pol = world.users["liaison"], world.users["liaison_pol"]
    assert keys(LATE_DEPARTURE.select(deu, TODAY)) == [world.shipment_deu.pk]
    assert keys(LATE_DEPARTURE.select(pol, TODAY)) == [world.shipment_pol.pk]
    assert keys(attention.NOT_COMMITTED.select(deu, TODAY)) == [world.pledge_deu.pk]
    assert keys(attention.NOT_COMMITTED.select(pol, TODAY)) == [world.pledge_pol.pk]


def test_a_donor_of_another_nation_sees_none_of_them(world):
    Shipment.objects.filter(pk=world.shipment_pol.pk).update(
        planned_departure=TODAY + 7 * DAY, planned_arrival=TODAY + 14 * DAY)
    Pledge.objects.filter(pk=world.pledge_pol.pk).update(announced_on=TODAY)
    pol = world.users["liaison_pol"]
    for rule in attention.RULES:
        assert keys(rule.select(pol, TODAY)) == [], rule.key
    assert [e.rule.key for e in attention.panel(pol)] == []


def test_node_operator_sees_only_its_nodes_shipments(world):
    other = ShipmentFactory(quantity=3)  # through another node
    operator = world.users["node_operator"]
    late = keys(LATE_DEPARTURE.select(operator, TODAY))
    assert late == sorted([world.shipment_deu.pk, world.shipment_pol.pk])
    assert other.pk in keys(LATE_DEPARTURE.select(world.users["coordinator"], TODAY))


def test_facility_operator_and_donor_see_no_plan_runs(calm):
    world = calm
    start = TODAY - datetime.timedelta(days=TODAY.weekday())
    PlanRun.objects.create(start_date=start, horizon_weeks=4, status="succeeded", scenario={},
                           fingerprint="old", started_by=world.users["coordinator"])
    assert attention.STALE.select(world.users["coordinator"], TODAY).count() == 1
    for role in ("liaison", "facility_operator", "node_operator"):
        assert attention.STALE.select(world.users[role], TODAY).count() == 0, role


# Badges and filters on lists and record pages


def test_late_shipments_carry_a_badge_on_the_list_and_the_record(as_user, world):
    on_time(world.shipment_pol)
    client = as_user("coordinator")
    rows = client.get(reverse("logistics:shipment-list")).context["rows"]
    badges = {r[0]["text"]: [b["key"] for b in r[0].get("badges", [])] for r in rows}
    assert badges == {f"Shipment {world.shipment_deu.pk}": ["late-departure", "late-arrival"],
                      f"Shipment {world.shipment_pol.pk}": []}
    page = client.get(reverse("logistics:shipment-detail", kwargs={"pk": world.shipment_deu.pk}))
    assert [b["key"] for b in page.context["attention"]] == ["late-departure", "late-arrival"]
    assert "Late to leave" in page.content.decode()
    page = client.get(reverse("logistics:shipment-detail", kwargs={"pk": world.shipment_pol.pk}))
    assert page.context["attention"] == []


def test_the_attention_filter_lists_only_what_needs_it(as_user, world):
    on_time(world.shipment_pol)
    client = as_user("coordinator")
    response = client.get(reverse("logistics:shipment-list") + "?attention=late-departure")
    assert [r[0]["text"] for r in response.context["rows"]] == [
        f"Shipment {world.shipment_deu.pk}"]
    assert ("late-departure", LATE_DEPARTURE.title) in response.context["attention_choices"]
    assert 'value="late-departure" selected' in response.content.decode()
    # An unknown rule is no filter at all, never an error.
    response = client.get(reverse("logistics:shipment-list") + "?attention=%27;drop")
    assert response.status_code == 200 and response.context["total"] == 2


def test_the_attention_filter_keeps_to_the_users_scope(as_user, world):
    response = as_user("liaison").get(
        reverse("donations:pledge-list") + "?attention=not-committed")
    assert [r[0]["text"] for r in response.context["rows"]] == ["P-DEU-1"]


@pytest.mark.parametrize("url, key", [
    ("donations:requirement-list", "due-unallocated"),
    ("donations:pledge-list", "not-committed"),
    ("logistics:node-list", "over-capacity"),
    ("training:session-list", "empty-seats"),
    ("manning:post-list", "past-end"),
    ("planning:run-list", "stale"),
])
def test_every_list_with_a_rule_offers_its_filter(as_user, url, key):
    response = as_user("coordinator").get(reverse(url) + f"?attention={key}")
    assert response.status_code == 200
    assert key in [k for k, _ in response.context["attention_choices"]]


# The panel on each role's start page


def panel_keys(response):
    return {e.rule.key: e.count for e in response.context["attention_panel"]}


def test_coordinator_starts_on_the_picture_with_every_rule_in_its_panel(as_user, world):
    response = as_user("coordinator").get(reverse("home"))
    assert "Unmet requirements by priority" in response.content.decode()
    assert panel_keys(response) == {"late-departure": 2, "late-arrival": 2,
                                    "not-committed": 2, "empty-seats": 1}
    assert "Needs attention" in response.content.decode()
    url = reverse("logistics:shipment-list") + "?attention=late-departure"
    assert url in response.content.decode()


def test_node_operators_panel_lists_its_late_shipments_only(as_user, world):
    ShipmentFactory(quantity=3)  # late too, through another node
    response = as_user("node_operator").get(reverse("home"))
    assert panel_keys(response) == {"late-departure": 2, "late-arrival": 2}
    content = response.content.decode()
    assert f"Shipment {world.shipment_deu.pk}: 20 × Marder 1A3" in content


def test_donor_liaisons_panel_lists_its_nations_late_records_only(as_user, world):
    response = as_user("liaison").get(reverse("home"))
    assert panel_keys(response) == {"not-committed": 1, "late-departure": 1,
                                    "late-arrival": 1, "empty-seats": 1}
    content = response.content.decode()
    assert "P-DEU-1" in content and "P-POL-1" not in content
    assert f"Shipment {world.shipment_pol.pk}:" not in content


def test_planners_panel_shows_arrivals_short_handovers_and_due_requirements(as_user, world):
    response = as_user("planner").get(reverse("home"))
    assert panel_keys(response) == {"late-arrival": 2, "empty-seats": 1}


def test_a_panel_with_nothing_to_do_says_so(as_user, calm):
    response = as_user("facility_operator").get(reverse("home"))
    assert response.context["attention_panel"] == []
    assert "Nothing needs your attention today." in response.content.decode()


def test_a_node_over_capacity_says_so_on_its_board(as_user, calm):
    board = reverse("logistics:node-board", kwargs={"pk": calm.node.pk})
    response = as_user("node_operator").get(board)
    assert [b["key"] for b in response.context["attention"]] == ["over-capacity"]
    assert "Over capacity" in response.content.decode()
    for week in node_weeks_over_capacity(calm.users["coordinator"], TODAY):
        calm.node.capacity_exceptions.create(week_start=week.week_start, capacity_t=2000)
    assert as_user("node_operator").get(board).context["attention"] == []


def test_a_rule_counts_up_to_its_limit_and_says_more(as_user, world, monkeypatch):
    """Very many records (100,000 late pledges) are counted no further than the limit."""
    monkeypatch.setattr(attention, "COUNT_LIMIT", 1)
    response = as_user("coordinator").get(reverse("home"))
    entries = {e.rule.key: e for e in response.context["attention_panel"]}
    assert entries["not-committed"].count == 2  # the limit and one more: "more than the limit"
    assert entries["not-committed"].count_text == "1+"
    assert entries["empty-seats"].count_text == "1"
    assert '<span class="badge">1+</span>' in response.content.decode()
