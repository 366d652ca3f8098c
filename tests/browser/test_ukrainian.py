"""The recipient planner's day in Ukrainian: a browser that asks for Ukrainian gets Ukrainian
pages, and no English word is left on the pages the planner walks through (codes, units and
proper names aside); the switcher takes the planner to English and back, and the choice stays
with the account. Screenshots of the main pages in Ukrainian go beside the others."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from convoy.core.models import Nation, Organisation, UserProfile
from convoy.logistics.services import (
    shipment_dispatch,
    shipment_record_arrival,
    shipment_record_departure,
)
from tests.browser.conftest import PASSWORD, shoot
from tests.catalog.factories import CapabilityAreaFactory, ItemFactory, ItemGroupFactory
from tests.core.factories import NationFactory, OrganisationFactory, member
from tests.donations.factories import AllocationFactory, PledgeFactory, RequirementFactory
from tests.logistics.factories import LaneFactory, LocationFactory, NodeFactory, ShipmentFactory
from tests.repairs.factories import RepairFacilityFactory
from tests.training.factories import (
    CourseFactory,
    CourseSessionFactory,
    TrainingFacilityFactory,
    TrainingRequestFactory,
)

pytestmark = pytest.mark.browser

#: Words in Latin letters a Ukrainian page may show: the product's name, codes and units of
#: the coalition, file formats, and the proper names of systems and places in the records.
ALLOWED = {
    "Convoy", "NATO", "NSN", "ISO", "EUR", "USD", "UTC", "CSV", "Excel", "XLSX", "API", "PDF",
    "English",  # the switcher names each language in itself
    "Marder", "Rheinmetall", "Unterlüß", "Rzeszów", "Poznań", "HMAC", "SHA",
}
#: Codes: anything with a digit, a dash or a dot, or in capitals (P-DEU-1, RO-2, DEU, t/week).
CODE = re.compile(r"^(?=.*[\d\-./_])\S+$|^[A-Z]{2,}$")


def english_words(text: str) -> list[str]:
    found = []
    for token in re.findall(r"[^\s«»“”\"'()\[\],;:!?·→×—–…]+", text):
        if not re.search(r"[A-Za-z]{2,}", token) or CODE.match(token) or token in ALLOWED:
            continue
        found.append(token)
    return sorted(set(found))


def assert_ukrainian(page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    text = page.locator("body").inner_text() + " " + page.title()
    left = english_words(text)
    assert left == [], f"{page.url}: {left}"


@pytest.fixture
def ukrainian_world(db):
    """The records of a Ukrainian planner's day, named as the coalition would name them in
    Ukrainian (the records' names are data: the test is about Convoy's own words)."""
    deu = NationFactory(code="DEU", name="Germany")
    pol = NationFactory(code="POL", name="Poland")
    ukr = NationFactory(code="UKR", name="Ukraine", kind=Nation.Kind.RECIPIENT)
    area = CapabilityAreaFactory(code="armour", name="Бронетехніка")
    group = ItemGroupFactory(code="ifv", name="Бойові машини піхоти", area=area)
    item = ItemFactory(code="marder", name="Infantry fighting vehicle Marder 1A3",
                       name_uk="БМП Marder 1A3", group=group, unit_mass_t="30")
    depot = LocationFactory(code="DEPOT-DEU", name="Склад Unterlüß", nation=deu)
    kyiv = LocationFactory(code="KYIV", name="Київ", nation=ukr, kind="destination")
    node_org = OrganisationFactory(name="Оператор вузла Rzeszów", nation=pol,
                                   kind=Organisation.Kind.NODE_OPERATOR)
    node = NodeFactory(code="RZE", name="Вузол Rzeszów", nation=pol, operator=node_org,
                       capacity_t_per_week=500)
    LaneFactory(node=node, location=depot, direction="inbound", transit_weeks=1)
    LaneFactory(node=node, location=kyiv, direction="outbound", transit_weeks=1)
    requirement = RequirementFactory(code="R-IFV-1", recipient=ukr, item_group=group,
                                     quantity=100, destination=kyiv, priority=1, notes="")
    pledge = PledgeFactory(code="P-DEU-1", donor=deu, item=item, quantity=40, origin=depot,
                           status="committed", committed_on=datetime.date.today(), notes="")
    allocation = AllocationFactory(pledge=pledge, requirement=requirement, quantity=20)
    shipment = ShipmentFactory(allocation=allocation, node=node, quantity=20)
    facility_org = OrganisationFactory(name="Оператор ремонту й навчання", nation=deu,
                                       kind=Organisation.Kind.FACILITY_OPERATOR)
    RepairFacilityFactory(code="REP-DEU", name="Ремонтний завод Rheinmetall", nation=deu,
                          location=depot, operator=facility_org, item_groups=[group])
    training_facility = TrainingFacilityFactory(code="TRN-DEU", name="Навчальний центр",
                                                nation=deu, operator=facility_org)
    course = CourseFactory(code="marder-crew", name="Курс екіпажів Marder", host_nation=deu,
                           capability_area=area)
    CourseSessionFactory(code="S-1", course=course, facility=training_facility,
                         start_date=datetime.date.today() + datetime.timedelta(days=14), seats=6)
    TrainingRequestFactory(code="TR-1", recipient=ukr, course=course, crews_needed=4,
                           requirement=requirement, recipient_unit="47 окрема механізована")
    coordinator = member("coordinator", OrganisationFactory(name="Командування", nation=deu))
    general_staff = OrganisationFactory(name="Генеральний штаб", nation=ukr,
                                        kind=Organisation.Kind.ARMED_FORCES)
    planner = member("recipient_planner", general_staff, username="planner",
                     first_name="Олена", last_name="Коваленко")
    for step in (shipment_dispatch, shipment_record_arrival, shipment_record_departure):
        step(actor=coordinator, shipment=shipment)
    return {"shipment": shipment, "planner": planner, "kyiv": kyiv, "ukraine": ukr}


@pytest.fixture
def ukrainian_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_recipient_planner_works_through_the_day_in_ukrainian(ukrainian_page, live_server,
                                                              ukrainian_world):
    page = ukrainian_page
    url = live_server.url
    page.goto(f"{url}/sign-in/")
    assert_ukrainian(page)
    shoot(page, "uk-sign-in")
    page.get_by_label(re.compile("^Ім.я користувача")).fill("planner")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Увійти").click()
    page.wait_for_url(f"{url}/")
    assert_ukrainian(page)
    shoot(page, "uk-start-planner")

    menu = page.get_by_role("navigation", name="Головне меню")
    menu.get_by_role("link", name="Оперативна картина").click()
    expect(page.locator("h1")).to_be_visible()
    assert_ukrainian(page)
    shoot(page, "uk-operating-picture")

    menu.get_by_role("link", name="Потреби").click()
    expect(page.get_by_role("cell", name="R-IFV-1")).to_be_visible()
    assert_ukrainian(page)
    shoot(page, "uk-requirements")
    page.get_by_role("link", name="Створити").click()
    assert_ukrainian(page)
    page.get_by_label("Код").fill("R-UK-1")
    page.get_by_label("Отримувач").select_option(str(ukrainian_world["ukraine"].pk))
    page.get_by_label("Група зразків").select_option(label="Бойові машини піхоти")
    page.get_by_label("Кількість").fill("0")
    page.get_by_label("Пріоритет").fill("2")
    page.get_by_label("Потрібно до").fill("2027-03-01")
    page.get_by_label("Пункт призначення").select_option(str(ukrainian_world["kyiv"].pk))
    page.get_by_role("button", name="Зберегти").click()
    # The refusal is at the field, in Ukrainian.
    expect(page.locator("#id_quantity_error")).to_contain_text("Введіть")
    assert_ukrainian(page)
    shoot(page, "uk-requirement-refused")
    page.get_by_label("Кількість").fill("12")
    page.get_by_role("button", name="Зберегти").click()
    expect(page.locator(".messages")).to_contain_text("R-UK-1")
    assert_ukrainian(page)
    shoot(page, "uk-requirement")

    menu.get_by_role("link", name="Заявки на навчання").click()
    expect(page.get_by_role("cell", name="TR-1")).to_be_visible()
    assert_ukrainian(page)
    menu.get_by_role("link", name="Календар навчання").click()
    expect(page.get_by_text("вільно 6 з 6 місць")).to_be_visible()
    assert_ukrainian(page)
    shoot(page, "uk-training-calendar")

    shipment = ukrainian_world["shipment"]
    page.goto(f"{url}/logistics/shipments/{shipment.pk}/")
    assert_ukrainian(page)
    page.get_by_role("link", name="Записати передачу").click()
    page.get_by_label("Отримана кількість").fill("18")
    page.get_by_label("Підрозділ-отримувач").fill("47 окрема механізована бригада")
    page.get_by_label("Підписав").fill("майор О. Коваленко")
    page.get_by_role("button", name="Записати передачу").click()
    expect(page.locator("#id_short_reason_error")).to_contain_text("вкажіть чому")
    assert_ukrainian(page)
    page.get_by_label("Якщо бракує одиниць: чому").select_option(label="Пошкоджено в дорозі")
    page.get_by_label("Якщо бракує одиниць: що з ними буде").select_option(
        label="Розбіжність для врегулювання")
    page.get_by_role("button", name="Записати передачу").click()
    expect(page.locator(".messages")).to_contain_text("передано")
    expect(page.get_by_text("18 з 20")).to_be_visible()
    assert_ukrainian(page)
    shoot(page, "uk-shipment-handed-over")

    menu.get_by_role("link", name="Замовлення на ремонт").click()
    page.get_by_role("link", name="Створити").click()
    page.get_by_label("Код").fill("RO-UK-1")
    page.get_by_label("Зразок").select_option(label="БМП Marder 1A3")
    page.get_by_label("Кількість").fill("2")
    page.get_by_label("Об'єкт").select_option(label="Ремонтний завод Rheinmetall")
    page.get_by_role("button", name="Зберегти").click()
    expect(page.locator(".messages")).to_contain_text("Замовлення на ремонт RO-UK-1 подано.")
    assert_ukrainian(page)
    shoot(page, "uk-repair-order")

    page.goto(f"{url}/search/?q=Marder")
    assert_ukrainian(page)
    shoot(page, "uk-search")


def test_the_switcher_changes_the_language_and_the_account_keeps_it(ukrainian_page, live_server,
                                                                     ukrainian_world):
    page = ukrainian_page
    url = live_server.url
    page.goto(f"{url}/sign-in/")
    page.get_by_label(re.compile("^Ім.я користувача")).fill("planner")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Увійти").click()
    page.wait_for_url(f"{url}/")
    page.goto(f"{url}/donations/requirements/")
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(f"{url}/donations/requirements/")
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    expect(page.get_by_role("heading", name="Requirements")).to_be_visible()
    assert UserProfile.objects.get(user=ukrainian_world["planner"]).language == "en-gb"
    page.get_by_role("button", name="Українська").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.get_by_role("heading", name="Потреби")).to_be_visible()
