"""Where a role starts, what its attention panel lists, and the header's search, in a browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shoot, sign_in

pytestmark = pytest.mark.browser


def test_node_operator_starts_on_its_node_with_its_late_shipments(page, live_server, world):
    # Both of the world's shipments through Rzeszów were planned to leave in July 2024.
    sign_in(page, live_server, "node_operator")
    panel = page.locator(".attention-panel")
    expect(panel.get_by_role("heading", name=re.compile("past their planned departure"))
           ).to_be_visible()
    expect(panel).to_contain_text(f"Shipment {world.shipment_deu.pk}: 20 × Marder 1A3")
    expect(panel).to_contain_text(f"Shipment {world.shipment_pol.pk}: 10 × Marder 1A3")
    expect(page.get_by_role("heading", name="Rzeszów hub this week")).to_be_visible()
    shoot(page, "start-node-operator")
    panel.get_by_role("link", name=re.compile("past their planned departure")).click()
    expect(page).to_have_url(re.compile(r"/logistics/shipments/\?attention=late-departure$"))
    expect(page.locator(".count")).to_contain_text("of 2")
    expect(page.locator("tbody .attention-badge", has_text="Late to leave")).to_have_count(2)
    expect(page.get_by_label("Needs attention")).to_have_value("late-departure")
    page.get_by_role("link", name=f"Shipment {world.shipment_deu.pk}", exact=True).click()
    expect(page.locator(".attention-note")).to_contain_text("Late to leave")


def test_header_search_finds_records_of_every_type_and_links_them(page, live_server, world):
    sign_in(page, live_server, "liaison_deu")
    box = page.get_by_role("searchbox", name="Find any record")
    expect(box).to_have_attribute("placeholder", "Code, name, item or nation")
    box.fill("Marder")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Search: Marder")).to_be_visible()
    for group in ("Pledges", "Shipments", "Items", "Courses"):
        expect(page.get_by_role("heading", name=re.compile(f"^{group}"))).to_be_visible()
    # Poland's pledge is private to Poland: a German liaison's search does not find it.
    expect(page.get_by_text("P-POL-1")).to_have_count(0)
    shoot(page, "search-results")
    page.get_by_role("link", name="P-DEU-1: 40 × Marder 1A3 from Germany").click()
    expect(page.get_by_role("heading", name="Pledge P-DEU-1")).to_be_visible()
