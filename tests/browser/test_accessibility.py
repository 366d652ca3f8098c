"""Accessibility of the main pages, checked offline with axe-core (labels, contrast, landmarks,
names of links and buttons), and keyboard use."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from convoy.logistics.services import shipment_dispatch
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/donations/requirements/",
    "/donations/pledges/",
    "/donations/pledges/new/",
    "/donations/allocations/",
    "/logistics/shipments/",
    "/logistics/nodes/",
    "/repairs/orders/",
    "/repairs/orders/new/",
    "/training/sessions/",
    "/training/sessions/calendar/",
    "/training/requests/",
    "/funding/pledges/",
    "/manning/posts/",
    "/planning/runs/",
    "/picture/",
    "/search/?q=Marder",
]


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in results.response["violations"]
    ]


def test_sign_in_page_passes_axe(page, live_server, world):
    page.goto(f"{live_server.url}/sign-in/")
    assert violations(page) == []


def test_main_pages_pass_axe(page, live_server, world):
    sign_in(page, live_server, "coordinator")
    found = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        if problems := violations(page):
            found[path] = problems
    assert found == {}


def test_detail_pages_pass_axe(page, live_server, world):
    shipment_dispatch(actor=world.users["coordinator"], shipment=world.shipment_deu)
    sign_in(page, live_server, "facility_operator")
    found = {}
    for path in [
        f"/training/sessions/{world.session.pk}/",
        f"/repairs/orders/{world.repair_order.pk}/",
    ]:
        page.goto(live_server.url + path)
        if problems := violations(page):
            found[path] = problems
    page.context.clear_cookies()
    sign_in(page, live_server, "coordinator")
    for path in [
        f"/donations/pledges/{world.pledge_deu.pk}/",
        f"/logistics/shipments/{world.shipment_deu.pk}/",
        f"/logistics/nodes/{world.node.pk}/",
    ]:
        page.goto(live_server.url + path)
        if problems := violations(page):
            found[path] = problems
    assert found == {}


def test_keyboard_alone_signs_in_and_skips_to_content(page, live_server, world):
    page.goto(f"{live_server.url}/sign-in/")
    expect(page.get_by_label("Username")).to_be_focused()  # the form takes focus at once
    page.keyboard.type("coordinator")
    page.keyboard.press("Tab")
    page.keyboard.type("convoy-test-pass")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_focus_is_visible(page, live_server, world):
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/donations/pledges/")
    search = page.get_by_label("Search")
    search.focus()
    page.keyboard.press("Tab")  # keyboard focus shows :focus-visible
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
