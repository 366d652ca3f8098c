"""Plan run pages: a coordinator starts a run, follows it, reviews and approves it; other roles
are refused."""

import pytest
from django.urls import reverse

from convoy.donations.models import Allocation
from convoy.planning.models import PlanRun
from convoy.planning.views import BOUND_KINDS
from tests.core.factories import member
from tests.planning.conftest import START, example_world  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def coordinator_client(client, example_world):  # noqa: F811
    client.force_login(example_world["coordinator"])
    return client


@pytest.fixture
def solved(coordinator_client, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("planning:run-start"), {
            "start_date": START.isoformat(), "horizon_weeks": 26, "method": "optimal",
            "time_limit_s": 30,
        })
    assert response.status_code == 302
    return PlanRun.objects.get()


def test_coordinator_starts_a_run_and_sees_its_result(coordinator_client, solved):
    assert solved.status == "succeeded"
    response = coordinator_client.get(reverse("planning:run-detail", kwargs={"pk": solved.pk}))
    content = response.content.decode()
    assert "Proposed shipments" in content and "Proposed enrolments" in content
    assert "What stays unmet, and why" in content
    assert "R-1" in content and "Not enough supply" in content  # 20,000 shells for 50,000
    assert "Approve plan" in content


def test_the_result_says_which_proof_its_bound_rests_on(coordinator_client, solved):
    kind = solved.result["metrics"]["bound_kind"]
    response = coordinator_client.get(reverse("planning:run-detail", kwargs={"pk": solved.pk}))
    assert str(BOUND_KINDS[kind]) in response.content.decode()


def test_coordinator_approves_a_run(coordinator_client, solved):
    response = coordinator_client.post(
        reverse("planning:run-approve", kwargs={"pk": solved.pk}), follow=True)
    solved.refresh_from_db()
    assert solved.status == "approved"
    assert Allocation.objects.filter(plan_run=solved).exists()
    assert any("approved" in str(m) for m in response.context["messages"])


def test_approving_a_stale_run_is_refused_with_the_reason(coordinator_client, solved,
                                                           example_world):  # noqa: F811
    node = example_world["node"]
    node.capacity_t_per_week = 500
    node.save()
    response = coordinator_client.post(
        reverse("planning:run-approve", kwargs={"pk": solved.pk}))
    solved.refresh_from_db()
    assert solved.status == "succeeded"
    assert response.status_code == 400
    assert "stale" in " ".join(response.context["form"].non_field_errors())
    assert not Allocation.objects.exists()


def test_progress_box_polls_while_running_and_refreshes_when_done(coordinator_client, solved):
    url = reverse("planning:run-progress", kwargs={"pk": solved.pk})
    done = coordinator_client.get(url, headers={"HX-Request": "true"})
    assert done.headers.get("HX-Refresh") == "true"
    PlanRun.objects.filter(pk=solved.pk).update(status="running", progress=0.4)
    running = coordinator_client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in running.content.decode()
    assert 'value="40"' in running.content.decode()


@pytest.mark.parametrize("role", ["viewer", "recipient_planner"])
def test_other_roles_may_not_start_or_approve(client, solved, role):
    client.force_login(member(role))
    assert client.get(reverse("planning:run-start")).status_code == 403
    assert client.get(reverse("planning:run-approve", kwargs={"pk": solved.pk})).status_code == 403
    response = client.post(reverse("planning:run-approve", kwargs={"pk": solved.pk}))
    solved.refresh_from_db()
    assert solved.status == "succeeded"
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["donor_liaison", "node_operator", "facility_operator"])
def test_roles_that_see_only_their_own_records_do_not_see_runs(client, solved, role):
    client.force_login(member(role))
    assert client.get(reverse("planning:run-detail", kwargs={"pk": solved.pk})).status_code == 404
    assert client.get(reverse("planning:run-list")).context["total"] == 0


def test_result_links_its_pledges_and_requirements(coordinator_client, solved):
    from convoy.donations.models import Requirement

    response = coordinator_client.get(reverse("planning:run-detail", kwargs={"pk": solved.pk}))
    r1 = Requirement.objects.get(code="R-1")
    url = reverse("donations:requirement-detail", kwargs={"pk": r1.pk})
    assert f'href="{url}"' in response.content.decode()


def test_the_result_names_its_bottlenecks(coordinator_client, solved):
    from convoy.catalog.models import ItemGroup
    from convoy.donations.models import Pledge

    assert solved.result["metrics"]["bottlenecks_from"] == "compact-lp"
    response = coordinator_client.get(reverse("planning:run-detail", kwargs={"pk": solved.pk}))
    content = response.content.decode()
    assert "Bottlenecks" in content
    # More shells would fill more of R-1: the only resource left short at the LP's optimum.
    # The step is a tenth of the 20,000 pledged (one shell alone looks worth nothing).
    group = ItemGroup.objects.get(code="ammo-155")
    group_link = (f'<a href="{reverse("catalog:group-detail", kwargs={"pk": group.pk})}">'
                  f"{group.name}</a>")
    pledge = reverse("donations:pledge-detail", kwargs={"pk": Pledge.objects.get(code="P-1").pk})
    assert (f'{group_link}: 2,000 more units like pledge <a href="{pledge}">P-1</a> would add '
            "about 2.08 points.") in content
    assert "Used mostly for priority 1 (100 % of it)." in content  # not the group again


def test_bottlenecks_link_only_what_the_reader_may_open(solved):
    """A node operator of another node may open neither the node nor the pledge: both are
    named by what the run stored, unlinked; the catalogue's item groups are open to everyone
    (pages that show runs go to readers who see all, hence the direct call)."""
    from convoy.planning.bottlenecks import sentences
    from convoy.planning.views import _week_span

    found = solved.result["metrics"]["bottlenecks"] + [{
        "kind": "capacity", "where": "node-pl-1", "name": "Logistics node A (POL)",
        "first_week": 1, "last_week": 1, "step": 1.0, "per_unit": 1.0, "value": 1.0,
        "priority": None, "group": None, "share": None, "pledge": None, "closed": False}]
    outsider = member("node_operator")
    [supply, node] = sentences(outsider, found, lambda week: f"week {week}", _week_span)
    assert "<a " not in node["text"]
    assert "more units like pledge P-1 would add" in supply["text"]
    assert supply["text"].startswith('<a href="/catalog/')
    assert node["text"] == ("Logistics node A (POL), in the week of week 1: 1 more tonne a week "
                            "would add about 1 point.")


def test_the_page_shows_what_the_run_stored_without_explaining_again(
        coordinator_client, solved, monkeypatch):
    stored = solved.result["shortfalls"]
    assert [(s["requirement"], s["reason"]) for s in stored] == [("R-1", "supply-short"),
                                                                 ("R-2", "crews")]
    solved.result["shortfalls"] = [{
        "requirement": "R-1", "priority": 1, "quantity": 50000, "planned": 10000, "late": 0,
        "reason": "capacity", "figures": {"nodes": "node-pl-1", "weeks": "1-4"}}]
    solved.result["metrics"]["bottlenecks"] = [{
        "kind": "capacity", "where": "node-pl-1", "name": "Logistics node A (POL)",
        "first_week": 1, "last_week": 4, "step": 100.0, "per_unit": 0.12, "value": 12.0,
        "priority": 1, "group": "ad-long-range", "share": 0.8, "pledge": None,
        "closed": False}, {
        "kind": "capacity", "where": "node-pl-1", "name": "Logistics node A (POL)",
        "first_week": 5, "last_week": 5, "step": 100.0, "per_unit": 0.05, "value": 5.0,
        "priority": None, "group": None, "share": None, "pledge": None, "closed": True}]
    solved.save()

    def refuse(*args, **kwargs):
        raise AssertionError("the page explained the plan again")

    monkeypatch.setattr("convoy.planning.views.explain", refuse)
    response = coordinator_client.get(reverse("planning:run-detail", kwargs={"pk": solved.pk}))
    content = response.content.decode()
    assert "Node capacity full at node-pl-1 in the weeks of 2024-07-08 – 2024-07-29." in content
    node = solved.scenario and __import__("convoy.logistics.models", fromlist=["Node"]
                                          ).Node.objects.get(code="node-pl-1")
    named = (f'<a href="{reverse("logistics:node-board", kwargs={"pk": node.pk})}">'
             f"Logistics node A (POL) ({node.nation.local_name})</a>")
    assert (f"{named}, in the weeks of 2024-07-08 – 2024-07-29: 100 more tonnes "
            "a week would add about 12 points.") in content
    assert "Used mostly for priority 1, <a " in content
    assert (f"{named}, closed in the week of 2024-08-05: reopening with 100 tonnes "
            "a week would add about 5 points.") in content


def test_a_run_from_before_the_shortfalls_were_stored_is_explained_again(coordinator_client,
                                                                          solved):
    del solved.result["shortfalls"]
    solved.save()
    response = coordinator_client.get(reverse("planning:run-detail", kwargs={"pk": solved.pk}))
    assert "Not enough supply" in response.content.decode()


def test_equipment_in_repair_shows_as_such_with_a_link_to_its_order(
        coordinator_client, example_world, settings,  # noqa: F811
        django_capture_on_commit_callbacks):
    from tests.planning.conftest import repair_order, week

    order = repair_order(example_world, received=week(1))
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("planning:run-start"), {
            "start_date": START.isoformat(), "horizon_weeks": 26, "method": "optimal",
            "time_limit_s": 30})
    run = PlanRun.objects.get()
    assert any(s["pledge"] == order.code for s in run.result["plan"]["shipments"])
    content = coordinator_client.get(
        reverse("planning:run-detail", kwargs={"pk": run.pk})).content.decode()
    link = reverse("repairs:order-detail", kwargs={"pk": order.pk})
    assert f'<a href="{link}">{order.code}</a> <span class="muted">(in repair)</span>' in content
    assert "approval allocates it only once its repair order is returned" in content


@pytest.mark.parametrize(("step", "value", "text"), [
    (1.0, 1.0, "ще 1 т на тиждень додала б приблизно 1 бал."),
    (100.0, 3.0, "ще 100 т на тиждень додали б приблизно 3 бали."),
    (2000.0, 12.0, "ще 2\u00a0000 т на тиждень додали б приблизно 12 балів."),
    (5.0, 2.08, "ще 5 т на тиждень додали б приблизно 2,08 бала."),
])
def test_bottlenecks_read_in_ukrainian_with_the_right_forms(db, step, value, text):
    from django.utils import translation

    from convoy.planning.bottlenecks import sentences
    from convoy.planning.views import _week_span

    found = [{"kind": "capacity", "where": "N", "name": "вузол N", "first_week": 2,
              "last_week": 2, "step": step, "per_unit": value / step, "value": value,
              "priority": None, "group": None, "share": None, "pledge": None, "closed": False}]
    with translation.override("uk"):
        [row] = sentences(member("coordinator"), found, lambda week: f"тиждень {week}",
                          _week_span)
    assert str(row["text"]) == "вузол N, у тиждень від тиждень 2: " + text
