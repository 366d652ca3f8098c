"""What-if run pages: the changes on the run's page, no approval, a form for coordinators, and
the comparison of two runs."""

import pytest
from django.urls import reverse

from convoy.donations.models import Allocation
from convoy.planning.models import PlanRun
from convoy.planning.services import plan_run_start
from tests.planning.conftest import START, example_world  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CLOSED = {"kind": "node_capacity", "node": "node-pl-1", "from_week": 0, "to_week": 25,
          "capacity_t": 0}


@pytest.fixture
def coordinator_client(client, example_world):  # noqa: F811
    client.force_login(example_world["coordinator"])
    return client


@pytest.fixture
def what_if(example_world, settings, django_capture_on_commit_callbacks):  # noqa: F811
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        run = plan_run_start(actor=example_world["coordinator"], start_date=START,
                             horizon_weeks=26, time_limit_s=30, changes=[CLOSED])
    run.refresh_from_db()
    assert run.status == "succeeded"
    return run


def test_the_run_page_shows_the_changes_and_no_approval(coordinator_client, what_if):
    response = coordinator_client.get(reverse("planning:run-detail", kwargs={"pk": what_if.pk}))
    content = response.content.decode()
    assert "What-if changes" in content
    assert "node-pl-1 closed in weeks 0 to 25" in content
    assert reverse("planning:run-approve", kwargs={"pk": what_if.pk}) not in content
    assert reverse("planning:run-discard", kwargs={"pk": what_if.pk}) in content


def test_approving_a_what_if_run_from_its_page_is_refused(coordinator_client, what_if):
    response = coordinator_client.post(reverse("planning:run-approve", kwargs={"pk": what_if.pk}))
    assert response.status_code == 400
    assert "can never be approved" in " ".join(response.context["form"].non_field_errors())
    assert PlanRun.objects.get().status == "succeeded"
    assert not Allocation.objects.exists()


def test_a_coordinator_starts_a_what_if_run_from_the_form(coordinator_client, settings,
                                                           django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    url = reverse("planning:run-what-if")
    page = coordinator_client.get(url)
    assert page.status_code == 200
    assert 'list="codes-nodes"' in page.content.decode()
    assert '<option value="node-pl-1">' in page.content.decode()
    data = {"start_date": START.isoformat(), "horizon_weeks": 26, "method": "optimal",
            "time_limit_s": 30, **blank_rows(),
            "node_capacity-0-node": "node-pl-1", "node_capacity-0-capacity_t": "0",
            "node_capacity-0-from_week": "0", "node_capacity-0-to_week": "25",
            "leave_out_donor-0-donor": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, data)
    run = PlanRun.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "planning:run-detail", kwargs={"pk": run.pk})
    assert run.changes == [CLOSED]


def blank_rows(**counts):
    from convoy.planning.forms import CHANGE_FORMS, ROWS

    data = {}
    for kind in CHANGE_FORMS:
        data[f"{kind}-TOTAL_FORMS"] = counts.get(kind, ROWS)
        data[f"{kind}-INITIAL_FORMS"] = 0
    return data


def test_bad_changes_are_shown_at_their_fields(coordinator_client):
    data = {"start_date": START.isoformat(), "horizon_weeks": 26, "method": "optimal",
            "time_limit_s": 30, **blank_rows(),
            "node_capacity-1-node": "nowhere", "node_capacity-1-capacity_t": "-3",
            "requirement-0-requirement": "R-1", "requirement-0-due_week": "40"}
    response = coordinator_client.post(reverse("planning:run-what-if"), data)
    assert response.status_code == 400
    sections = dict((kind, formset) for kind, formset in
                    ((f.prefix, f) for _label, f in response.context["sections"]))
    node_row = sections["node_capacity"].forms[1]
    assert "no node “nowhere”" in node_row.errors["node"][0]
    assert "0 t/week" in node_row.errors["capacity_t"][0]
    assert "outside the horizon" in sections["requirement"].forms[0].errors["due_week"][0]
    assert "outside the horizon" in response.content.decode()
    assert not PlanRun.objects.exists()


def test_a_form_without_changes_is_refused(coordinator_client):
    data = {"start_date": START.isoformat(), "horizon_weeks": 26, "method": "optimal",
            "time_limit_s": 30, **blank_rows()}
    response = coordinator_client.post(reverse("planning:run-what-if"), data)
    assert response.status_code == 400
    assert "at least one change" in " ".join(response.context["form"].non_field_errors())


@pytest.mark.parametrize("role", ["viewer", "recipient_planner"])
def test_other_roles_may_not_start_what_if_runs(client, what_if, role):
    from tests.core.factories import member

    client.force_login(member(role))
    url = reverse("planning:run-what-if")
    assert client.get(url).status_code == 403
    assert client.post(url, {"start_date": START.isoformat(), "horizon_weeks": 26,
                             "method": "greedy", "time_limit_s": 30,
                             **blank_rows()}).status_code == 403
    assert PlanRun.objects.count() == 1
    page = client.get(reverse("planning:run-detail", kwargs={"pk": what_if.pk})).content.decode()
    assert url not in page


def test_the_form_is_filled_in_from_a_run(coordinator_client, what_if):
    response = coordinator_client.get(f"{reverse('planning:run-what-if')}?from={what_if.pk}")
    assert response.context["form"].initial["horizon_weeks"] == 26
    row = response.context["sections"][0][1].forms[0]
    assert row.initial == {k: v for k, v in CLOSED.items() if k != "kind"}


@pytest.fixture
def ordinary(example_world, settings, django_capture_on_commit_callbacks):  # noqa: F811
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        run = plan_run_start(actor=example_world["coordinator"], start_date=START,
                             horizon_weeks=26, time_limit_s=30)
    run.refresh_from_db()
    return run


def test_two_runs_side_by_side(coordinator_client, what_if, ordinary):
    from convoy.donations.models import Requirement

    detail = coordinator_client.get(reverse("planning:run-detail", kwargs={"pk": ordinary.pk}))
    compare_url = reverse("planning:run-compare", kwargs={"pk": ordinary.pk})
    assert compare_url in detail.content.decode()
    assert f'<option value="{what_if.pk}"' in detail.content.decode()
    response = coordinator_client.get(compare_url, {"with": what_if.pk})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison["figures"][0][0] == "Objective"
    # With the node closed all along nothing is delivered: every requirement's outcome changes.
    changed = {r["requirement"]: r for r in comparison["requirements"]}
    assert set(changed) == {"R-1", "R-2"}
    assert changed["R-1"]["delivered"][1] == 0 and changed["R-1"]["delivered"][0] > 0
    r1 = Requirement.objects.get(code="R-1")
    assert reverse("donations:requirement-detail", kwargs={"pk": r1.pk}) in (
        response.content.decode())
    assert [n for n, _peaks, _tonnes in comparison["nodes"]] == ["node-pl-1"]
    assert "node-pl-1 closed in weeks 0 to 25" in response.content.decode()
    # Short column heads (the full names are the links' titles), so the columns fit a tablet.
    assert f"Peak use, Run {ordinary.pk}</th>" in response.content.decode()
    assert f"Tonnes, What-if run {what_if.pk}</th>" in response.content.decode()


def test_the_list_marks_what_if_runs_and_offers_the_form_to_coordinators(
        coordinator_client, client, what_if):
    from tests.core.factories import member

    listed = coordinator_client.get(reverse("planning:run-list")).content.decode()
    assert f"What-if plan run {what_if.pk}" in listed
    assert reverse("planning:run-what-if") in listed
    client.force_login(member("viewer"))
    assert reverse("planning:run-what-if") not in client.get(
        reverse("planning:run-list")).content.decode()


def test_comparison_links_only_requirements_the_reader_may_open(client, what_if, ordinary):
    from tests.core.factories import member

    viewer = member("viewer")
    client.force_login(viewer)
    response = client.get(reverse("planning:run-compare", kwargs={"pk": ordinary.pk}),
                          {"with": what_if.pk})
    from convoy.donations.models import Requirement

    visible = set(Requirement.objects.restrict(viewer).values_list("code", flat=True))
    for row in response.context["comparison"]["requirements"]:
        assert (row["url"] is not None) == (row["requirement"] in visible)


def test_comparing_with_a_run_not_visible_or_unsolved(coordinator_client, ordinary):
    url = reverse("planning:run-compare", kwargs={"pk": ordinary.pk})
    assert coordinator_client.get(url, {"with": 999999}).status_code == 404
    assert coordinator_client.get(url, {"with": "junk"}).status_code == 404
    assert coordinator_client.get(url).status_code == 200
    queued = PlanRun.objects.create(start_date=START, scenario={}, fingerprint="x",
                                    started_by=ordinary.started_by)
    refused = coordinator_client.get(url, {"with": queued.pk})
    assert refused.status_code == 400 and "no result yet" in refused.content.decode()


def test_a_post_without_the_rows_management_data_is_refused_not_a_crash(coordinator_client):
    response = coordinator_client.post(reverse("planning:run-what-if"), {
        "start_date": START.isoformat(), "horizon_weeks": 26, "method": "optimal",
        "time_limit_s": 30, "node_capacity-TOTAL_FORMS": "x" * 30})
    assert response.status_code == 400
    assert not PlanRun.objects.exists()
