"""Charts compare like with like, and draw no limit where none is set."""

import datetime

import pytest
from django.urls import reverse

from convoy.web.charts import Series, hbar_chart
from tests.catalog.factories import ItemFactory, ItemGroupFactory
from tests.donations.factories import PledgeFactory, RequirementFactory
from tests.funding.factories import FinancialPledgeFactory


def test_a_category_without_a_limit_draws_no_marker_and_is_never_over_it():
    chart = hbar_chart("Load", ["none", "zero", "set"],
                       [Series("Load", [50, 50, 150])], limits=[None, 0, 100],
                       limit_label="capacity")
    assert chart.svg.count('class="limit"') == 1
    assert chart.svg.count('class="over"') == 1  # only the 150 against 100
    assert [row[-1] for row in chart.rows] == ["—", "—", "100"]


def test_without_any_limit_the_legend_offers_no_over_swatch():
    chart = hbar_chart("Load", ["a"], [Series("Load", [5])], limits=[None])
    assert ("over capacity", "over") not in chart.legend
    assert 'class="limit"' not in chart.svg


@pytest.mark.django_db
def test_capability_areas_are_shares_of_each_requirement_with_units_in_the_table(
        as_user, world):
    # Shells and vehicles: 10,000 shells needed, 2,500 pledged; 100 vehicles needed, 70 pledged.
    shells = ItemGroupFactory(code="arty155", name="155 mm shells")
    shell = ItemFactory(code="shell155", name="155 mm shell", group=shells)
    RequirementFactory(code="R-ART-1", recipient=world.ukr, item_group=shells,
                       quantity=10_000, destination=world.kyiv)
    PledgeFactory(code="P-DEU-ART", donor=world.deu, item=shell, quantity=2_500,
                  origin=world.depot_deu)
    chart = as_user("coordinator").get(reverse("picture")).context["areas"]
    assert "share of the requirement" in chart.title
    rows = {row[0]: row for row in chart.rows}
    vehicles, artillery = world.group.area.name, shells.area.name
    assert rows[vehicles][1:3] == ["100", "70"] and rows[vehicles][-1] == "70 %"
    assert rows[artillery][1:3] == ["10,000", "2,500"] and rows[artillery][-1] == "25 %"
    assert "70 %" in chart.svg and "25 %" in chart.svg
    assert "units" not in chart.svg  # units only in the table
    assert list(rows) == [artillery, vehicles]  # the least filled first


@pytest.mark.django_db
def test_baseline_chart_draws_only_years_that_have_a_baseline(as_user, world):
    next_year = datetime.date.today().year + 1
    FinancialPledgeFactory(code="FP-DEU-2", donor=world.deu, first_year=next_year,
                           last_year=next_year, amount=5_000_000, amount_eur=5_000_000)
    chart = as_user("coordinator").get(reverse("picture")).context["funding"]
    assert chart.svg.count('class="limit"') == 1  # only this year has a baseline
    assert 'class="over"' not in chart.svg  # next year has none: not "over baseline"
    row = {r[0]: r for r in chart.rows}[str(next_year)]
    assert row[-1] == "—"
