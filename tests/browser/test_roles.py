"""Each role's main path through the pages in a real browser, what it must be refused, and a
screenshot of each main page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from convoy.logistics.services import (
    shipment_dispatch,
    shipment_record_arrival,
    shipment_record_departure,
)
from tests.browser.conftest import shoot, sign_in
from tests.planning.conftest import START, example_world  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def message(page):
    return page.locator(".messages")


def test_sign_in_shows_who_you_are_and_sign_out(page, live_server, world):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    shoot(page, "sign-in")
    sign_in(page, live_server, "liaison_deu")
    expect(page.locator(".identity")).to_contain_text("liaison_deu")
    expect(page.locator(".identity")).to_contain_text("Donor liaison, German MoD")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/$"))


def test_wrong_password_is_refused(page, live_server, world):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("liaison_deu")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")


def test_donor_liaison_records_and_commits_a_pledge(page, live_server, world):
    sign_in(page, live_server, "liaison_deu")
    expect(page.get_by_role("heading", name="Your nation's pledges awaiting commitment")
           ).to_be_visible()
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("link", name="Operating picture").click()
    expect(page.locator(".legend").get_by_text("Pledged by your nation").first).to_be_visible()
    shoot(page, "home-donor-liaison")
    page.get_by_role("link", name="Pledges", exact=True).click()
    expect(page.get_by_role("cell", name="P-POL-1")).to_have_count(0)
    page.get_by_role("link", name="New").click()
    # A liaison sees only its own nation's pledges, so Convoy gives the code (no clash to probe).
    expect(page.get_by_label("Code")).to_be_disabled()
    code = page.get_by_label("Code").input_value()
    assert code.startswith("P-")
    page.get_by_label("Item").select_option(label="Marder 1A3")
    page.get_by_label("Quantity").fill("0")
    page.get_by_label("Available from").fill("2026-12-01")
    page.get_by_label("Origin").select_option(index=1)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_quantity_error")).to_contain_text(
        "Enter a whole number from 1 to 10,000,000.")
    shoot(page, "pledge-form-with-errors")
    page.get_by_label("Quantity").fill("12")
    page.get_by_role("button", name="Save").click()
    expect(message(page)).to_contain_text(f"Pledge {code} recorded (announced).")
    page.get_by_role("link", name="Commit pledge").click()
    # The step asks for confirmation and its date (today unless it happened earlier).
    expect(page.get_by_text("This step cannot be undone.")).to_be_visible()
    expect(page.get_by_label("Date of the step")).to_have_value(datetime.date.today().isoformat())
    shoot(page, "pledge-commit-confirmation")
    page.get_by_role("button", name="Commit pledge").click()
    expect(message(page)).to_contain_text(f"Pledge {code} committed.")
    expect(page.locator(".history")).to_contain_text("Announced → Committed")
    shoot(page, "pledge-detail")
    page.get_by_role("link", name="Pledges", exact=True).click()
    page.get_by_label("Search").fill(code)
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".count")).to_contain_text("of 1")
    shoot(page, "pledge-list")
    # Another nation's pledge does not exist for this user.
    page.goto(f"{live_server.url}/donations/pledges/{world.pledge_pol.pk}/")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def test_coordinator_runs_and_approves_a_plan(page, live_server, example_world, settings):  # noqa: F811
    settings.TASKS = IMMEDIATE
    sign_in(page, live_server, example_world["coordinator"].username)
    page.get_by_role("link", name="Plan runs").click()
    page.get_by_role("link", name="New").click()
    page.get_by_label("Week 0 starts on").fill(START.isoformat())
    page.get_by_label("Time limit (seconds)").fill("30")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=re.compile("Proposed shipments"))).to_be_visible(
        timeout=60_000)
    expect(page.get_by_role("heading", name=re.compile("What stays unmet"))).to_be_visible()
    shoot(page, "plan-run-result")
    page.get_by_role("link", name="Approve plan").click()
    page.get_by_role("button", name="Approve plan").click()
    expect(message(page)).to_contain_text("approved")
    expect(page.get_by_role("link", name="Approve plan")).to_have_count(0)
    shoot(page, "plan-run-approved")
    # The run's page links what it created.
    expect(page.get_by_role("heading", name="Shipments it created")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Allocation \d+$")).first.click()
    expect(page.get_by_role("heading", name=re.compile("^Allocation"))).to_be_visible()
    page.get_by_role("link", name="Allocations").click()
    expect(page.locator("tbody tr").first).to_be_visible()


def test_node_operator_records_an_arrival(page, live_server, world):
    coordinator = world.users["coordinator"]
    shipment_dispatch(actor=coordinator, shipment=world.shipment_deu)
    sign_in(page, live_server, "node_operator")
    page.get_by_role("link", name="Node boards").click()
    page.get_by_role("link", name="Rzeszów hub").click()
    expect(page.get_by_role("heading", name=re.compile("Inbound"))).to_be_visible()
    shoot(page, "node-board")
    page.get_by_role("link", name=f"Shipment {world.shipment_deu.pk}").first.click()
    page.get_by_role("link", name="Record arrival at node").click()
    page.get_by_role("button", name="Record arrival at node").click()
    expect(message(page)).to_contain_text("recorded as arrived at the node")
    expect(page.locator(".timeline .current")).to_contain_text("Arrived at node")
    shoot(page, "shipment-timeline")
    # A node operator does not sign the recipient's handover.
    expect(page.get_by_role("link", name="Record handover")).to_have_count(0)


def test_recipient_planner_records_a_handover_and_a_repair_order(page, live_server, world):
    coordinator = world.users["coordinator"]
    for step in (shipment_dispatch, shipment_record_arrival, shipment_record_departure):
        step(actor=coordinator, shipment=world.shipment_deu)
    sign_in(page, live_server, "planner")
    page.goto(f"{live_server.url}/logistics/shipments/{world.shipment_deu.pk}/")
    page.get_by_role("link", name="Record handover").click()
    page.get_by_label("Received quantity").fill("18")
    page.get_by_label("Receiving unit").fill("47th Mechanised Brigade")
    page.get_by_label("Signed by").fill("Maj. O. Kovalenko")
    page.get_by_role("button", name="Record handover").click()
    # Two units short: the page asks why and what becomes of them.
    expect(page.locator("#id_short_reason_error")).to_contain_text("say why")
    page.get_by_label("If units are missing: why").select_option(label="Damaged in transit")
    page.get_by_label("If units are missing: what becomes of them").select_option(
        label="A discrepancy to resolve")
    page.get_by_role("button", name="Record handover").click()
    expect(message(page)).to_contain_text("handed over")
    expect(page.get_by_text("Maj. O. Kovalenko")).to_be_visible()
    expect(page.get_by_text("18 of 20")).to_be_visible()
    shoot(page, "shipment-handed-over")
    page.get_by_role("link", name="Repair orders").click()
    page.get_by_role("link", name="New").click()
    page.get_by_label("Code").fill("RO-BROWSER")
    page.get_by_label("Item").select_option(label="Marder 1A3")
    page.get_by_label("Quantity").fill("2")
    page.get_by_label("Facility").select_option(label="Repair works Germany")
    page.get_by_role("button", name="Save").click()
    expect(message(page)).to_contain_text("Repair order RO-BROWSER requested.")
    expect(page.get_by_role("link", name="Cancel order")).to_be_visible()
    shoot(page, "repair-order")


def test_facility_operator_enrols_crews_in_a_session(page, live_server, world):
    sign_in(page, live_server, "facility_operator")
    page.get_by_role("link", name="Training calendar").click()
    expect(page.get_by_text("6 of 6 seats left")).to_be_visible()
    shoot(page, "training-calendar")
    page.get_by_role("link", name="Marder crew course").click()
    page.get_by_label("Training request").select_option(label="TR-1")
    page.get_by_label("Crews to enrol").fill("9")
    page.get_by_role("button", name="Enrol crews").click()
    expect(message(page)).to_contain_text("Refused:")
    page.get_by_label("Training request").select_option(label="TR-1")
    page.get_by_label("Crews to enrol").fill("3")
    page.get_by_role("button", name="Enrol crews").click()
    expect(message(page)).to_contain_text("3 crews of TR-1 enrolled in session S-1.")
    shoot(page, "session-enrolled")
    page.get_by_role("link", name="Training requests").click()
    shoot(page, "training-requests")


def test_lists_and_home_for_a_coordinator(page, live_server, world):
    sign_in(page, live_server, "coordinator")
    shoot(page, "home-coordinator")
    for name, path in [
        ("requirements", "/donations/requirements/"), ("allocations", "/donations/allocations/"),
        ("shipments", "/logistics/shipments/"), ("course-sessions", "/training/sessions/"),
        ("financial-pledges", "/funding/pledges/"), ("posts", "/manning/posts/"),
    ]:
        page.goto(live_server.url + path)
        expect(page.locator(".count")).to_be_visible()
        shoot(page, f"list-{name}")
    # Filtering updates the results as one types (htmx), and the address keeps the filter.
    page.goto(f"{live_server.url}/donations/pledges/")
    page.get_by_label("Search").press_sequentially("POL")
    expect(page.locator(".count")).to_contain_text("of 1")
    expect(page).to_have_url(re.compile(r"q=POL"))
    page.get_by_role("combobox", name="Status").select_option("announced")
    expect(page).to_have_url(re.compile(r"status=announced"))
    expect(page.locator(".count")).to_contain_text("of 1")
    with page.expect_download() as download:
        page.goto(f"{live_server.url}/donations/requirements/")
        page.locator(".exports").first.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename.startswith("requirements-")


def test_tablet_layout_keeps_navigation_and_tables_usable(tablet, live_server, world):
    sign_in(tablet, live_server, "coordinator")
    tablet.goto(f"{live_server.url}/donations/pledges/")
    expect(tablet.get_by_role("navigation", name="Main")).to_be_visible()
    width = tablet.evaluate("document.documentElement.scrollWidth")
    assert width <= 820  # no sideways scrolling of the page itself (tables scroll in their box)
    shoot(tablet, "tablet-pledges")
