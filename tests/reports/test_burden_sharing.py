"""Burden sharing recomputed from the records: fair shares, counting rules, the permission rule."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from convoy.core.models import Nation
from convoy.funding.models import FinancialPledge, PooledFund
from convoy.reports import burden_sharing
from convoy.reports.common import SYSTEM_READER, to_json
from tests.donations.factories import PledgeFactory
from tests.funding.factories import FinancialPledgeFactory

YEAR = datetime.date.today().year


@pytest.fixture
def shares(world):
    """GDP for the two donors and an abstaining ally with a larger GDP than both."""
    Nation.objects.filter(code="DEU").update(gdp_usd=3_000, gdp_year=2023)
    Nation.objects.filter(code="POL").update(gdp_usd=1_000, gdp_year=2023)
    world.hun = Nation.objects.create(code="HUN", name="Hungary", kind="ally",
                                      participation="abstains", gdp_usd=9_000, gdp_year=2023)
    return world


def by_nation(report):
    return {row["nation"]: row for row in report.rows}


def test_fair_shares_sum_to_the_baseline_and_follow_gdp(shares):
    rows = by_nation(burden_sharing.build(SYSTEM_READER, year=YEAR))
    assert rows["DEU"]["fair_share_eur"] == Decimal("30000000000.00")
    assert rows["POL"]["fair_share_eur"] == Decimal("10000000000.00")
    total = sum(r["fair_share_eur"] for r in rows.values() if r["fair_share_eur"] is not None)
    assert total == Decimal("40000000000.00")


def test_the_abstaining_ally_is_listed_but_in_neither_shares_nor_totals(shares):
    report = burden_sharing.build(SYSTEM_READER, year=YEAR)
    hun = by_nation(report)["HUN"]
    assert hun["takes_part"] is False
    assert hun["fair_share_eur"] is None and hun["counted_eur"] is None
    assert report.table("not_taking_part").rows == [{"nation": "HUN", "name": "Hungary"}]
    assert report.facts["counted_eur"] == Decimal("11000000000.00")


def test_shares_of_a_baseline_that_does_not_divide_evenly_still_add_up():
    gdp = {1: Decimal(1), 2: Decimal(1), 3: Decimal(1)}
    split = burden_sharing.fair_shares(Decimal("100.00"), gdp)
    assert sum(split.values()) == Decimal("100.00")
    assert sorted(split.values()) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]


def test_announced_pledges_are_shown_but_not_counted(shares):
    FinancialPledgeFactory(code="FP-DEU-2", donor=shares.deu, first_year=YEAR, last_year=YEAR,
                           amount=500, amount_eur=500, status="announced")
    deu = by_nation(burden_sharing.build(SYSTEM_READER, year=YEAR))["DEU"]
    assert deu["financial_announced_eur"] == Decimal("500.00")
    assert deu["counted_eur"] == Decimal("8000000000.00")


def test_in_kind_counts_at_its_value_when_committed(shares):
    today = datetime.date.today()
    PledgeFactory(donor=shares.pol, item=shares.item, status="committed", value_eur=700,
                  announced_on=today, committed_on=today)
    PledgeFactory(donor=shares.pol, item=shares.item, value_eur=900, announced_on=today)
    pol = by_nation(burden_sharing.build(SYSTEM_READER, year=YEAR))["POL"]
    assert pol["in_kind_committed_eur"] == Decimal("700.00")
    assert pol["in_kind_announced_eur"] == Decimal("900.00")
    assert pol["counted_eur"] == Decimal("3000000700.00")


def test_money_through_a_pooled_fund_is_counted_once(shares):
    fund = PooledFund.objects.create(code="IFU", name="International Fund",
                                     administered_by=shares.deu)
    FinancialPledge.objects.filter(code="FP-POL-1").update(fund=fund)
    today = datetime.date.today()
    PledgeFactory(donor=shares.deu, item=shares.item, status="committed", value_eur=2_000_000,
                  announced_on=today, committed_on=today, bought_through=fund)
    rows = by_nation(burden_sharing.build(SYSTEM_READER, year=YEAR))
    assert rows["DEU"]["in_kind_via_fund_eur"] == Decimal("2000000.00")
    assert rows["DEU"]["counted_eur"] == Decimal("8000000000.00")
    assert rows["POL"]["counted_eur"] == Decimal("3000000000.00")


def test_json_rows_carry_the_agreed_fields(shares):
    row = json.loads(to_json(burden_sharing.build(SYSTEM_READER, year=YEAR)))["rows"][0]
    for key in ("nation", "gdp", "fair_share_eur", "counted_eur", "share_of_gdp", "takes_part"):
        assert key in row
    assert row["nation"] == "DEU"
    assert row["gdp_unit"] == "USD"


def test_a_liaison_sees_its_own_nation_detail_beside_the_totals(shares):
    report = burden_sharing.build(shares.users["liaison"], year=YEAR)
    assert [r["record"] for r in report.table("detail").rows] == ["FP-DEU-1"]
    assert by_nation(report)["POL"]["counted_eur"] == Decimal("3000000000.00")


def test_a_liaison_is_refused_another_nations_detail(shares):
    with pytest.raises(PermissionDenied):
        burden_sharing.build(shares.users["liaison"], year=YEAR, nation=shares.pol)


def test_the_command_writes_json_for_the_year(shares, tmp_path):
    out = tmp_path / "bs.json"
    call_command("report", "burden-sharing", "--year", str(YEAR), "--format", "json",
                 "-o", str(out))
    data = json.loads(out.read_text())
    assert {r["nation"] for r in data["rows"]} >= {"DEU", "POL", "HUN"}
    assert data["facts"]["fair_share_eur"] == 40_000_000_000


def test_the_command_refuses_another_nations_detail_for_a_liaison(shares):
    with pytest.raises(CommandError) as refused:
        call_command("report", "burden-sharing", "--user", "liaison_deu", "--nation", "POL")
    assert refused.value.returncode == 2
    assert "Poland" in str(refused.value)


@pytest.mark.parametrize("args, field", [
    (["burden-sharing", "--year", "1900"], "--year"),
    (["nonsense"], "report"),
    (["burden-sharing", "--format", "xlsx"], "-o"),
    (["manning", "--year", "2025"], "--year"),
])
def test_the_command_refuses_bad_input_naming_the_option(shares, args, field):
    with pytest.raises(CommandError) as refused:
        call_command("report", *args)
    assert refused.value.returncode == 2
    assert str(refused.value).startswith(field)
