"""Nation names follow the page language (iso-codes via pycountry); items and item groups may
carry a Ukrainian name; codes never change."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.core.factories import member

pytestmark = pytest.mark.django_db


def _nation(code="DEU", name="Germany"):
    from convoy.core.models import Nation

    return Nation.objects.create(code=code, name=name, kind="ally")


def test_nation_names_are_ukrainian_on_ukrainian_pages_and_recorded_on_english_ones():
    nation = _nation("NLD", "Netherlands")
    with translation.override("uk"):
        assert nation.local_name == "Нідерланди"
        assert str(nation) == "Нідерланди (NLD)"
    with translation.override("en-gb"):
        assert str(nation) == "Netherlands (NLD)"


def test_a_code_iso_codes_does_not_know_keeps_its_recorded_name():
    nation = _nation("XKX", "Kosovo")
    with translation.override("uk"):
        assert nation.local_name == "Kosovo"


def test_the_nation_list_shows_ukrainian_names_and_unchanged_codes(client):
    _nation()
    client.force_login(member("coordinator"))
    page = client.get(reverse("core:nation-list"), HTTP_ACCEPT_LANGUAGE="uk")
    assert "Німеччина" in page.text and "DEU" in page.text
    assert "Germany" not in page.text


def test_an_item_shows_its_ukrainian_name_only_on_ukrainian_pages(client):
    from tests.catalog.factories import ItemFactory

    item = ItemFactory(name="Main battle tank", name_uk="Основний бойовий танк")
    with translation.override("uk"):
        assert str(item) == "Основний бойовий танк"
    with translation.override("en-gb"):
        assert str(item) == "Main battle tank"
    bare = ItemFactory(name="Leopard 2A6")
    with translation.override("uk"):
        assert str(bare) == "Leopard 2A6"
    client.force_login(member("coordinator"))
    page = client.get(reverse("catalog:item-list"), HTTP_ACCEPT_LANGUAGE="uk")
    assert "Основний бойовий танк" in page.text and item.code in page.text


def test_an_item_group_is_named_in_ukrainian_on_its_list_and_on_the_requirements(client):
    from tests.donations.factories import RequirementFactory

    requirement = RequirementFactory(item_group__name="Patrol boat",
                                     item_group__name_uk="Патрульний катер")
    group = requirement.item_group
    with translation.override("uk"):
        assert str(group) == "Патрульний катер"
    with translation.override("en-gb"):
        assert str(group) == "Patrol boat"
    client.force_login(member("coordinator"))
    for url in (reverse("catalog:group-list"), reverse("donations:requirement-list")):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="uk")
        assert "Патрульний катер" in page.text and "Patrol boat" not in page.text, url
    page = client.get(reverse("catalog:group-list"), {"q": "катер"}, HTTP_ACCEPT_LANGUAGE="uk")
    assert group.code in page.text
    assert "Поля пошуку: код, назва, назва українською" in page.text  # the search hint too


def test_dates_and_numbers_follow_the_language():
    from datetime import date
    from decimal import Decimal

    from convoy.web.tables import as_text

    with translation.override("uk"):
        assert as_text(date(2026, 3, 31)) == "31.03.2026"
        assert as_text(1234567) == "1\xa0234\xa0567"
        assert as_text(Decimal("1234.50")) == "1\xa0234,50"
    with translation.override("en-gb"):
        assert as_text(date(2026, 3, 31)) == "2026-03-31"
        assert as_text(1234567) == "1,234,567"

