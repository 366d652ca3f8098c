"""The yearly baseline of EUR 40 bn for 2025 and 2026, each donor's multi-year financial pledge
and its disbursements.

Real: each donor's 2025 amount is its military aid allocated in 2025 as Kiel reports it. The
2026 amount (90-115 % of that), the split into kinds, currencies, rates and the disbursement
dates are illustrative.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from convoy.core.models import Nation
from convoy.donations.models import Pledge
from convoy.donations.services import pledge_update
from convoy.funding.models import Disbursement, FinancialPledge, PooledFund, YearlyBaseline
from convoy.funding.services import (
    baseline_set,
    disbursement_record,
    financial_pledge_create,
    pooled_fund_create,
)
from convoy.intake.demo.base import SYSTEM, TODAY, Loader

BASELINE_EUR = Decimal("40000000000")
# Illustrative rates (units of the currency per EUR) for pledges made in national currency.
CURRENCIES = {
    "GBR": ("GBP", "0.85"), "USA": ("USD", "1.08"), "NOR": ("NOK", "11.7"),
    "SWE": ("SEK", "11.3"), "DNK": ("DKK", "7.46"), "POL": ("PLN", "4.30"),
    "CAN": ("CAD", "1.48"), "CZE": ("CZK", "25.0"), "AUS": ("AUD", "1.65"),
    "JPN": ("JPY", "163"),
}
# Donors that channel part of their money through procurement funds (buying from industry,
# some of it in the recipient's own industry), and one that lends.
PROCUREMENT_FUND = {"DNK", "NLD", "NOR", "SWE", "CAN", "DEU"}
LOAN = {"GBR"}
MIN_EUR_BN = 0.02  # donors below this in 2025 make no multi-year pledge in the demo
WASHINGTON_SUMMIT = date(2024, 7, 10)
HAGUE_SUMMIT = date(2025, 6, 25)
FUND_PLEDGES = 3
PAYMENT_DATES = [date(2025, 6, 30), date(2025, 12, 15), date(2026, 6, 30)]


def load_funding(loader: Loader, nations: dict[str, Nation]) -> None:
    rng = loader.rng_for("funding")
    fund = _pooled_fund(loader, nations)
    for year, note in ((2025, "Long-term pledge, Washington summit 2024"),
                       (2026, "Long-term pledge, renewed at The Hague summit 2025")):
        loader.ensure(YearlyBaseline, {"year": year}, baseline_set, actor=SYSTEM, year=year,
                      amount_eur=BASELINE_EUR, note=note)
    for code, figures in sorted(loader.kiel_donors.items()):
        nation = nations.get(code)
        eur_2025 = figures.get("military_eur_bn_2025", 0)
        if nation is None or eur_2025 < MIN_EUR_BN or nation.participation != "takes_part":
            continue
        eur_2026 = eur_2025 * rng.uniform(0.9, 1.15)
        kind = ("loan" if code in LOAN else
                "procurement_fund" if code in PROCUREMENT_FUND else "grant")
        amount_eur = Decimal(round((eur_2025 + eur_2026) * 1e9, -5))
        currency, rate = CURRENCIES.get(code, ("EUR", "1"))
        pledge, made = loader.ensure(
            FinancialPledge, {"code": f"FP-{code}-2025-26"}, financial_pledge_create,
            actor=SYSTEM, code=f"FP-{code}-2025-26", donor=nation, first_year=2025,
            last_year=2026, amount=(amount_eur * Decimal(rate)).quantize(Decimal("1")),
            currency=currency, amount_eur=amount_eur, kind=kind, announced_on=WASHINGTON_SUMMIT,
            fund=fund if kind == "procurement_fund" else None,
            notes=f"2025: EUR {eur_2025:.2f} bn, military aid allocated in 2025 (Kiel). "
                  f"2026: EUR {eur_2026:.2f} bn, illustrative.",
        )
        if made:
            _disburse(loader, pledge, eur_2025, eur_2026)


def _pooled_fund(loader: Loader, nations: dict[str, Nation]) -> PooledFund | None:
    """The International Fund for Ukraine (real; administered by the United Kingdom): the
    procurement-fund donors pay into it, and a few of the United Kingdom's equipment pledges are
    bought through it (illustrative), so burden sharing counts that equipment once."""
    if "GBR" not in nations:
        return None
    fund, made = loader.ensure(PooledFund, {"code": "IFU"}, pooled_fund_create, actor=SYSTEM,
                               code="IFU", name="International Fund for Ukraine",
                               administered_by=nations["GBR"])
    if made:
        bought = (Pledge.objects.filter(donor=nations["GBR"], source="donation",
                                        value_eur__isnull=False,
                                        status__in=["announced", "committed"])
                  .order_by("code")[:FUND_PLEDGES])
        for pledge in bought:
            pledge_update(actor=SYSTEM, pledge=pledge, bought_through=fund)
    return fund


def _disburse(loader: Loader, pledge: FinancialPledge, eur_2025: float, eur_2026: float) -> None:
    """Two payments of the 2025 part and the first half of the 2026 part so far."""
    for day in PAYMENT_DATES:
        if day > TODAY:
            continue
        share = eur_2025 / 2 if day.year == 2025 else eur_2026 / 2
        amount = Decimal(round(share * 1e9, -5))
        if amount <= 0:
            continue
        loader.ensure(Disbursement, {"financial_pledge": pledge, "date": day},
                      disbursement_record, actor=SYSTEM, financial_pledge=pledge, date=day,
                      amount_eur=amount, note=f"H{(day.month - 1) // 6 + 1} {day.year}")
