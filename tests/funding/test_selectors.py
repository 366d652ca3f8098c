"""Burden sharing: what each donor pledged for a year against its GDP share of the baseline."""

from decimal import Decimal

import pytest

from convoy.core.models import Nation
from convoy.funding.selectors import (
    disbursements_for,
    fair_shares,
    financial_pledges_for,
    pledged_by_year,
)
from tests.core.factories import NationFactory, UserFactory
from tests.funding.factories import (
    DisbursementFactory,
    FinancialPledgeFactory,
    YearlyBaselineFactory,
)

pytestmark = pytest.mark.django_db


def pledge(donor, amount, first=2025, last=2025):
    return FinancialPledgeFactory(donor=donor, amount=amount, amount_eur=amount,
                                  first_year=first, last_year=last)


def test_a_multi_year_pledge_counts_evenly_in_each_of_its_years(coordinator, germany, poland):
    pledge(germany, 3000, 2024, 2026)
    pledge(germany, 500)
    pledge(poland, 100, 2026, 2027)
    rows = pledged_by_year(coordinator, 2025)
    assert [(r.donor, r.amount_eur) for r in rows] == [(germany, Decimal("1500.00"))]
    rows = pledged_by_year(coordinator, 2026)
    assert [(r.donor, r.amount_eur) for r in rows] == [(germany, Decimal("1000.00")),
                                                       (poland, Decimal("50.00"))]


def test_uneven_division_is_rounded_to_cents(coordinator, germany):
    pledge(germany, 100, 2025, 2027)
    assert pledged_by_year(coordinator, 2026)[0].amount_eur == Decimal("33.33")


def test_donor_liaison_sees_every_nations_totals_but_only_their_pledges(german_liaison, germany,
                                                                        poland):
    own, other = pledge(germany, 10), pledge(poland, 20)
    assert {r.donor for r in pledged_by_year(german_liaison, 2025)} == {germany, poland}
    assert list(financial_pledges_for(german_liaison)) == [own]
    DisbursementFactory(financial_pledge=other, amount_eur=5)
    assert list(disbursements_for(german_liaison, other)) == []


def test_user_without_a_role_sees_no_totals(germany):
    pledge(germany, 10)
    assert pledged_by_year(UserFactory(), 2025) == []


def test_fair_share_is_the_baseline_split_by_gdp(coordinator, germany, poland):
    YearlyBaselineFactory(year=2025, amount_eur=Decimal(1000))
    pledge(germany, 1000)
    pledge(poland, 100)
    rows = {r.nation: r for r in fair_shares(coordinator, 2025)}
    assert rows[germany].fair_share_eur == Decimal("800.00")  # 4000 of 5000 GDP
    assert rows[poland].fair_share_eur == Decimal("200.00")
    assert rows[germany].pledged_eur == Decimal("1000.00")
    assert rows[germany].ratio == Decimal("1.2500")
    assert rows[poland].ratio == Decimal("0.5000")
    assert rows[germany].gdp_share == Decimal("0.8000")


def test_nations_that_do_not_take_part_are_left_out_of_the_shares(coordinator, germany, poland):
    YearlyBaselineFactory(year=2025, amount_eur=Decimal(1000))
    abstaining = NationFactory(code="HUN", gdp_usd=Decimal(5000),
                               participation=Nation.Participation.ABSTAINS)
    pledge(abstaining, 999)
    rows = {r.nation: r for r in fair_shares(coordinator, 2025)}
    assert abstaining not in rows
    # Without Hungary in the sum of GDP, Germany's share is still 4000 / 5000.
    assert rows[germany].fair_share_eur == Decimal("800.00")


def test_partners_recipients_and_allies_without_gdp_are_left_out(coordinator, germany):
    YearlyBaselineFactory(year=2025, amount_eur=Decimal(1000))
    NationFactory(code="AUS", kind=Nation.Kind.PARTNER, gdp_usd=Decimal(4000))
    NationFactory(code="UKR", kind=Nation.Kind.RECIPIENT, gdp_usd=Decimal(4000))
    NationFactory(code="ISL")
    rows = fair_shares(coordinator, 2025)
    assert [(r.nation, r.fair_share_eur) for r in rows] == [(germany, Decimal("1000.00"))]


def test_an_ally_that_pledged_nothing_has_ratio_zero(coordinator, germany, poland):
    YearlyBaselineFactory(year=2025, amount_eur=Decimal(1000))
    rows = {r.nation: r for r in fair_shares(coordinator, 2025)}
    assert rows[poland].pledged_eur == Decimal("0.00")
    assert rows[poland].ratio == Decimal("0.0000")


def test_without_a_baseline_the_shares_are_unknown(coordinator, germany):
    pledge(germany, 10)
    (row,) = fair_shares(coordinator, 2025)
    assert row.fair_share_eur is None and row.ratio is None
    assert row.pledged_eur == Decimal("10.00")


def test_fair_shares_are_hidden_from_users_without_a_role(germany):
    YearlyBaselineFactory(year=2025, amount_eur=Decimal(1000))
    assert fair_shares(UserFactory(), 2025) == []
