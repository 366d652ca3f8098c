"""A notice's path in the browser: a committed write rings the bell of the right people, the
inbox opens the record, and the coordinator's deliveries page lists a webhook's calls."""

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from convoy.donations.services import pledge_commit
from tests.browser.conftest import SCREENSHOTS, shoot, sign_in

pytestmark = pytest.mark.browser

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def keep(name: str) -> None:
    """A copy of the screenshot outside the repository, to look at."""
    target = Path("/tmp/h8")
    target.mkdir(exist_ok=True)
    shutil.copy(SCREENSHOTS / f"{name}.png", target / f"{name}.png")


def test_a_committed_pledge_rings_its_nations_bell_and_opens_its_record(
        page, live_server, world, settings):
    settings.TASKS = IMMEDIATE
    pledge_commit(actor=world.users["coordinator"], pledge=world.pledge_deu)

    sign_in(page, live_server, "liaison_deu")
    bell = page.locator(".notice-bell")
    expect(bell).to_contain_text("1")
    bell.click()
    expect(page.get_by_role("heading", name="Notices")).to_be_visible()
    expect(page.locator(".notice.unread")).to_have_count(1)
    shoot(page, "notifications-inbox")
    keep("notifications-inbox")
    page.get_by_role("link", name=re.compile("Pledge P-DEU-1 was committed")).click()
    expect(page.get_by_role("heading", name=re.compile("P-DEU-1"))).to_be_visible()
    expect(page.locator(".notice-count")).to_have_count(0)

    page.get_by_role("link", name="Notices").click()
    page.get_by_role("link", name="What I hear about").click()
    shoot(page, "notifications-preferences")
    keep("notifications-preferences")
    page.get_by_label("Pledge cancelled").uncheck()
    page.get_by_label("A mail for each notice").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your notification preferences are saved.")).to_be_visible()
    expect(page.get_by_label("Pledge cancelled")).not_to_be_checked()

    page.context.clear_cookies()
    sign_in(page, live_server, "liaison_pol")
    expect(page.locator(".notice-count")).to_have_count(0)


def test_a_coordinator_registers_a_webhook_and_sees_the_deliveries(page, live_server, world):
    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name="Webhooks and deliveries").click()
    page.get_by_role("link", name="Register a webhook").click()
    page.get_by_label("Name").fill("National tracker")
    page.get_by_label("URL").fill("https://tracker.example/convoy")
    page.get_by_label("Shipment handed over short").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Signing secret")).to_be_visible()
    expect(page.locator("code.secret")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    shoot(page, "notifications-webhook")
    keep("notifications-webhook")
    page.get_by_role("link", name="All webhooks and deliveries").click()
    expect(page.get_by_role("link", name="National tracker")).to_be_visible()
    shoot(page, "notifications-deliveries")
    keep("notifications-deliveries")
