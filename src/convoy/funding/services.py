"""Writes to funding: the yearly baseline, financial pledges and their disbursements."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from convoy.core.errors import DomainError
from convoy.core.permissions import ensure_allowed
from convoy.core.services import create_record, update_record
from convoy.funding.models import Disbursement, FinancialPledge, PooledFund, YearlyBaseline


def baseline_set(*, actor: Any, year: int, amount_eur: Decimal, note: str = "") -> YearlyBaseline:
    """Set what the coalition aims to provide in `year`, creating the baseline or changing it."""
    ensure_allowed(actor, "add", YearlyBaseline(year=year, amount_eur=amount_eur, note=note))
    if amount_eur is None or Decimal(str(amount_eur)) <= 0:
        raise DomainError({"amount_eur": _(
            "Baseline %(year)s: the amount must be more than EUR 0."
        ) % {"year": year}})
    with transaction.atomic():
        baseline = YearlyBaseline.objects.select_for_update().filter(year=year).first()
        if baseline is None:
            return create_record(actor=actor, model=YearlyBaseline, year=year,
                                 amount_eur=amount_eur, note=note)
        return update_record(actor=actor, obj=baseline, amount_eur=amount_eur, note=note)


def pooled_fund_create(*, actor: Any, **fields: Any) -> PooledFund:
    return create_record(actor=actor, model=PooledFund, **fields)


def pooled_fund_update(*, actor: Any, fund: PooledFund, **changes: Any) -> PooledFund:
    return update_record(actor=actor, obj=fund, **changes)


def financial_pledge_create(*, actor: Any, **fields: Any) -> FinancialPledge:
    pledge = FinancialPledge(**fields)
    ensure_allowed(actor, "add", pledge)
    check_pledge(pledge)
    return create_record(actor=actor, model=FinancialPledge, **fields)


def financial_pledge_update(
    *, actor: Any, pledge: FinancialPledge, **changes: Any
) -> FinancialPledge:
    """Change a pledge; never to less (in EUR) than has been disbursed of it."""
    with transaction.atomic():
        ensure_allowed(actor, "change", pledge)
        locked = FinancialPledge.objects.select_for_update().get(pk=pledge.pk)
        for name, value in changes.items():
            setattr(locked, name, value)
        check_pledge(locked)
        paid = disbursed(locked)
        if locked.amount_eur is not None and Decimal(locked.amount_eur) < paid:
            raise DomainError({"amount_eur": _(
                "Financial pledge %(locked)s: EUR %(paid)s has been disbursed, so it cannot "
                "be EUR %(amount_eur)s."
            ) % {"locked": locked, "paid": paid, "amount_eur": locked.amount_eur}})
        update_record(actor=actor, obj=locked)
    pledge.refresh_from_db()
    return pledge


def check_pledge(pledge: FinancialPledge) -> None:
    """Raise DomainError naming the field for the rules full_clean would report without one (it
    reports check constraints as errors of the whole record)."""
    if (pledge.first_year is not None and pledge.last_year is not None
            and pledge.last_year < pledge.first_year):
        raise DomainError({"last_year": _(
            "Financial pledge %(pledge)s: the last year (%(last_year)s) is before the first "
            "(%(first_year)s)."
        ) % {"pledge": pledge, "last_year": pledge.last_year, "first_year": pledge.first_year}})
    if (pledge.currency == "EUR" and pledge.amount is not None and pledge.amount_eur is not None
            and Decimal(pledge.amount) != Decimal(pledge.amount_eur)):
        raise DomainError({"amount_eur": _(
            "Financial pledge %(pledge)s: pledged in EUR, so the amount in EUR is the amount "
            "itself."
        ) % {"pledge": pledge}})


def disbursed(pledge: FinancialPledge) -> Decimal:
    """What has been paid out of the pledge so far, in EUR."""
    return Disbursement.objects.filter(financial_pledge=pledge).aggregate(
        total=Coalesce(Sum("amount_eur"), Decimal(0))
    )["total"]


def disbursement_record(
    *,
    actor: Any,
    financial_pledge: FinancialPledge,
    date: date,
    amount_eur: Decimal,
    note: str = "",
) -> Disbursement:
    """Record a payment out of a pledge; all payments together stay within its amount in EUR.

    The pledge row is locked before the payments are summed, so two payments recorded at the same
    time cannot together overdraw it.
    """
    ensure_allowed(actor, "add", Disbursement(financial_pledge=financial_pledge, date=date,
                                              amount_eur=amount_eur, note=note))
    with transaction.atomic():
        pledge = FinancialPledge.objects.select_for_update().get(pk=financial_pledge.pk)
        amount = Decimal(str(amount_eur))
        check_disbursement(pledge, amount)
        return create_record(actor=actor, model=Disbursement, financial_pledge=pledge, date=date,
                             amount_eur=amount, note=note)


def check_disbursement(pledge: FinancialPledge, amount_eur: Decimal) -> None:
    """Raise DomainError unless `amount_eur` is more than 0 and within what is left of `pledge`."""
    if amount_eur <= 0:
        raise DomainError({"amount_eur": _(
            "Disbursement of %(pledge)s: the amount must be more than EUR 0."
        ) % {"pledge": pledge}})
    left = pledge.amount_eur - disbursed(pledge)
    if amount_eur > left:
        raise DomainError({"amount_eur": _(
            "Disbursement of %(pledge)s: EUR %(amount_eur)s is more than the EUR %(left)s "
            "left of the pledge."
        ) % {"pledge": pledge, "amount_eur": amount_eur, "left": left}})
