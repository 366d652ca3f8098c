"""Reads of funding: what each donor pledged for a year, and burden sharing against the baseline.

Both are totals over every nation's pledges, so they read through restrict(user, "aggregate").
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from convoy.core.models import Nation
from convoy.funding.models import Disbursement, FinancialPledge, YearlyBaseline

CENT = Decimal("0.01")
RATIO = Decimal("0.0001")


@dataclass(frozen=True)
class DonorYear:
    donor: Nation
    amount_eur: Decimal


@dataclass(frozen=True)
class FairShare:
    """One participating ally's share of the year's baseline, by GDP, against what it pledged.

    `fair_share_eur` and `ratio` are None when no baseline is set for the year; a ratio of 1 means
    the ally pledged exactly its share."""

    nation: Nation
    gdp_usd: Decimal
    gdp_share: Decimal
    fair_share_eur: Decimal | None
    pledged_eur: Decimal
    ratio: Decimal | None


def _pledged_per_donor(user: Any, year: int) -> dict[int, Decimal]:
    """Unrounded EUR per donor id for `year`: a pledge over several years counts evenly in each."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    pledges = FinancialPledge.objects.restrict(user, "aggregate").filter(
        first_year__lte=year, last_year__gte=year
    )
    for donor_id, amount, first, last in pledges.values_list(
        "donor_id", "amount_eur", "first_year", "last_year"
    ):
        totals[donor_id] += amount / (last - first + 1)
    return totals


def pledged_by_year(user: Any, year: int) -> list[DonorYear]:
    """Total EUR each donor pledged for `year`, largest first."""
    totals = _pledged_per_donor(user, year)
    donors = Nation.objects.restrict(user, "aggregate").in_bulk(list(totals))
    rows = [DonorYear(donors[pk], amount.quantize(CENT)) for pk, amount in totals.items()
            if pk in donors]
    return sorted(rows, key=lambda row: (-row.amount_eur, row.donor.name))


def fair_shares(user: Any, year: int) -> list[FairShare]:
    """For each ally that takes part and has a GDP: baseline x its GDP / the sum of those allies'
    GDP, what it pledged for the year, and pledged / fair share. Nations that do not take part,
    partners and allies without a GDP are left out (and out of the sum of GDP)."""
    allies = list(
        Nation.objects.restrict(user, "aggregate").filter(
            kind=Nation.Kind.ALLY, participation=Nation.Participation.TAKES_PART,
            gdp_usd__isnull=False,
        )
    )
    total_gdp = sum((nation.gdp_usd for nation in allies), Decimal(0))
    if not allies or total_gdp == 0:
        return []
    baseline = YearlyBaseline.objects.restrict(user, "aggregate").filter(year=year).first()
    pledged = _pledged_per_donor(user, year)
    rows = []
    for nation in allies:
        share = nation.gdp_usd / total_gdp
        fair = (baseline.amount_eur * share) if baseline is not None else None
        paid = pledged.get(nation.pk, Decimal(0))
        rows.append(FairShare(
            nation=nation,
            gdp_usd=nation.gdp_usd,
            gdp_share=share.quantize(RATIO),
            fair_share_eur=fair.quantize(CENT) if fair is not None else None,
            pledged_eur=paid.quantize(CENT),
            ratio=(paid / fair).quantize(RATIO) if fair else None,
        ))
    return sorted(rows, key=lambda row: (-row.gdp_usd, row.nation.name))


def financial_pledges_for(user: Any, *, year: int | None = None) -> QuerySet[FinancialPledge]:
    """The pledges the user may see record by record (a donor liaison: their nation's)."""
    pledges = FinancialPledge.objects.restrict(user, "view").select_related("donor")
    if year is not None:
        pledges = pledges.filter(first_year__lte=year, last_year__gte=year)
    return pledges


def disbursements_for(user: Any, pledge: FinancialPledge) -> QuerySet[Disbursement]:
    return Disbursement.objects.restrict(user, "view").filter(financial_pledge=pledge)
