"""Issue 7's "done when": each role's daily work runs in a browser on the demo that `convoy demo`
loads, without a refusal that names no field.

A coordinator starts a plan run, reads it, approves it and finds what it created; every role's
start page shows its attention panel with the demo's late and short records.

The live server needs committed data, and loading the demo takes minutes, so one test walks
every role on one load.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from convoy.intake.demo import DEMO_PASSWORD, LOGINS, load_demo
from convoy.reports import attention
from tests.browser.conftest import shoot

pytestmark = pytest.mark.browser

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def demo(transactional_db):
    """The demo, committed: the live server's thread reads it (flushed after the test)."""
    return load_demo()


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/(\?.*)?$"))


def no_refusal(page) -> None:
    """Nothing was refused on this page: no error message, no form errors."""
    expect(page.locator(".message-error")).to_have_count(0)
    expect(page.locator(".form-errors")).to_have_count(0)


def start_page_shows_the_attention_panel(page, live_server, login: str) -> None:
    user = get_user_model().objects.get(username=login)
    expected = attention.panel(user)
    sign_in(page, live_server, login)
    no_refusal(page)
    panel = page.locator(".attention-panel")
    expect(panel).to_be_visible()
    if not expected:
        expect(panel).to_contain_text("Nothing needs your attention today.")
    for entry in expected:
        rule = panel.locator(".attention-rule").filter(has_text=str(entry.rule.title))
        expect(rule.locator(".badge")).to_have_text(str(entry.count))
        expect(rule).to_contain_text(str(entry.items[0][0]))
    shoot(page, f"demo-start-{login}")
    page.context.clear_cookies()


def coordinator_runs_reads_and_approves_a_plan(page, live_server) -> None:
    sign_in(page, live_server, "coordinator")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plan runs").click()
    page.get_by_role("link", name="New").click()
    page.get_by_label("Time limit (seconds)").fill("30")
    page.get_by_role("button", name="Save").click()
    no_refusal(page)
    expect(page.get_by_role("heading", name=re.compile("Proposed shipments"))).to_be_visible(
        timeout=180_000)
    no_refusal(page)
    shoot(page, "demo-plan-run-result")
    page.get_by_role("link", name="Approve plan").click()
    page.get_by_role("button", name="Approve plan").click()
    no_refusal(page)
    expect(page.locator(".messages")).to_contain_text("approved")
    expect(page.get_by_role("link", name="Approve plan")).to_have_count(0)
    expect(page.get_by_role("heading", name="Shipments it created")).to_be_visible()
    shoot(page, "demo-plan-run-approved")
    page.get_by_role("link", name=re.compile(r"^Allocation \d+$")).first.click()
    expect(page.get_by_role("heading", name=re.compile("^Allocation"))).to_be_visible()
    # The allocation says which run made it, linked back to the run.
    page.get_by_role("link", name=re.compile(r"^Plan run \d+")).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Plan run \d+"))).to_be_visible()
    no_refusal(page)


def test_each_roles_daily_work_runs_on_the_demo(page, live_server, demo, settings):
    settings.TASKS = IMMEDIATE
    coordinator = get_user_model().objects.get(username="coordinator")
    keys = {entry.rule.key for entry in attention.panel(coordinator)}
    assert {"late-departure", "late-arrival", "short-handover"} <= keys
    for login in LOGINS:
        start_page_shows_the_attention_panel(page, live_server, login.username)
    coordinator_runs_reads_and_approves_a_plan(page, live_server)
