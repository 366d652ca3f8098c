"""A coordinator keeps the reference data and the accounts in a real browser: an invited user
sets their own password through the one-time link and finds their guide; the new pages and the
guide pass axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shoot, sign_in
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser


def test_coordinator_invites_a_user_who_sets_a_password_and_finds_their_guide(
        browser, page, live_server, world):
    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name="Reference data and users").click()
    page.get_by_role("link", name="Users and roles").click()
    page.get_by_role("link", name="New").click()
    page.get_by_label("Username").fill("new-liaison")
    page.get_by_label("First name").fill("Nora")
    page.get_by_label("Organisation").select_option(label="Polish MoD")
    page.get_by_label("Role").select_option(label="Donor liaison")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("User new-liaison invited")
    shoot(page, "user-invited")
    link = page.locator(".one-time-link code").inner_text()

    invited = browser.new_context().new_page()
    invited.goto(link)
    expect(invited.locator("h1")).to_have_text("Set your password")
    invited.locator("#id_new_password1").fill("a long new password 42")
    invited.locator("#id_new_password2").fill("a long new password 42")
    invited.get_by_role("button", name="Set password").click()
    expect(invited.locator("h1")).to_contain_text("Your password is set")
    invited.get_by_role("link", name="Sign in").click()
    invited.get_by_label("Username").fill("new-liaison")
    invited.get_by_label("Password").fill("a long new password 42")
    invited.get_by_role("button", name="Sign in").click()
    expect(invited.locator(".identity")).to_contain_text("Donor liaison, Polish MoD")
    invited.get_by_role("link", name="Help").click()
    expect(invited.locator("h1")).to_have_text("Donor liaison")
    # The link worked once.
    invited.goto(link)
    expect(invited.locator("main")).to_contain_text("has been used or has expired")


def test_administration_pages_and_the_guide_pass_axe(page, live_server, world):
    sign_in(page, live_server, "coordinator")
    found = {}
    paths = [
        "/administration/", "/administration/users/", "/administration/users/invite/",
        f"/administration/users/{world.users['viewer'].pk}/",
        f"/administration/nations/{world.deu.pk}/", "/catalog/items/", "/catalog/items/new/",
        f"/repairs/facilities/{world.repair_facility.pk}/edit/", "/logistics/lanes/new/",
        "/help/", "/help/planning/", "/help/administration/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        if problems := violations(page):
            found[path] = problems
    assert found == {}
    page.goto(live_server.url + "/help/")
    shoot(page, "help")
    expect(page).to_have_title(re.compile("Convoy user guide"))
