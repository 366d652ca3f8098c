"""Funding: the yearly baseline, financial pledges by donor liaisons, disbursements within them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from convoy.core.audit import history
from convoy.core.errors import DomainError
from convoy.funding.models import Disbursement, FinancialPledge, YearlyBaseline
from convoy.funding.services import (
    baseline_set,
    disbursed,
    disbursement_record,
    financial_pledge_create,
    financial_pledge_update,
)
from tests.funding.factories import FinancialPledgeFactory
from tests.training.helpers import leaves_nothing_written

pytestmark = pytest.mark.django_db

WRITTEN = (YearlyBaseline, FinancialPledge, Disbursement)


def pledge_fields(donor, code="FP-DEU-2025", **overrides):
    return {"code": code, "donor": donor, "first_year": 2025, "last_year": 2027,
            "amount": Decimal("9000000000"), "currency": "EUR",
            "amount_eur": Decimal("9000000000"), "kind": "grant",
            "announced_on": datetime.date(2024, 12, 2), **overrides}


def test_baseline_set_creates_then_changes_the_years_baseline(coordinator):
    first = baseline_set(actor=coordinator, year=2025, amount_eur=Decimal("40e9"))
    second = baseline_set(actor=coordinator, year=2025, amount_eur=Decimal("45e9"), note="Summit")
    assert first.pk == second.pk
    assert YearlyBaseline.objects.get(year=2025).amount_eur == Decimal("45e9")
    assert [r.action for r in history(second).order_by("id")] == ["create", "update"]


@pytest.mark.parametrize("amount", [Decimal(0), Decimal(-1)])
def test_baseline_must_be_positive(coordinator, amount):
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError):
        baseline_set(actor=coordinator, year=2025, amount_eur=amount)


@pytest.mark.parametrize("role", ["german_liaison", "viewer", "planner"])
def test_only_coordinators_set_the_baseline(role, request):
    actor = request.getfixturevalue(role)
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        baseline_set(actor=actor, year=2025, amount_eur=Decimal("40e9"))


def test_donor_liaison_records_a_financial_pledge_for_their_nation(german_liaison, germany):
    pledge = financial_pledge_create(actor=german_liaison, **pledge_fields(germany, code=""))
    assert pledge.donor == germany
    assert history(pledge).get().actor == german_liaison


def test_donor_liaison_cannot_pledge_for_another_nation(german_liaison, poland):
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        financial_pledge_create(actor=german_liaison, **pledge_fields(poland))


@pytest.mark.parametrize("role", ["viewer", "planner"])
def test_viewer_and_planner_cannot_record_financial_pledges(role, request, germany):
    actor = request.getfixturevalue(role)
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        financial_pledge_create(actor=actor, **pledge_fields(germany))


def test_pledge_years_must_be_in_order(german_liaison, germany):
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        financial_pledge_create(actor=german_liaison,
                                **pledge_fields(germany, first_year=2027, last_year=2025))
    assert "FP-DEU-2025" in error.value.message_dict["last_year"][0]


def test_a_pledge_in_euros_has_the_same_amount_in_euros(german_liaison, germany):
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        financial_pledge_create(actor=german_liaison,
                                **pledge_fields(germany, amount_eur=Decimal("8000000000")))
    assert "amount_eur" in error.value.message_dict


def test_a_pledge_in_another_currency_keeps_its_conversion(german_liaison, germany):
    pledge = financial_pledge_create(actor=german_liaison, **pledge_fields(
        germany, code="", currency="USD", amount=Decimal("1100"), amount_eur=Decimal("1000")))
    assert pledge.amount_eur == Decimal("1000")


def test_disbursements_stay_within_the_pledge(german_liaison, germany):
    pledge = FinancialPledgeFactory(donor=germany, amount=1000, amount_eur=1000)
    disbursement_record(actor=german_liaison, financial_pledge=pledge,
                        date=datetime.date(2025, 2, 1), amount_eur=Decimal("600"))
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        disbursement_record(actor=german_liaison, financial_pledge=pledge,
                            date=datetime.date(2025, 3, 1), amount_eur=Decimal("400.01"))
    assert pledge.code in error.value.message_dict["amount_eur"][0]
    disbursement_record(actor=german_liaison, financial_pledge=pledge,
                        date=datetime.date(2025, 3, 1), amount_eur=Decimal("400"))
    assert disbursed(pledge) == Decimal("1000")


@pytest.mark.parametrize("amount", [Decimal(0), Decimal("-5")])
def test_a_disbursement_must_be_positive(coordinator, amount):
    pledge = FinancialPledgeFactory()
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        disbursement_record(actor=coordinator, financial_pledge=pledge,
                            date=datetime.date(2025, 2, 1), amount_eur=amount)
    assert "amount_eur" in error.value.message_dict


def test_donor_liaison_cannot_record_disbursements_of_another_nations_pledge(german_liaison,
                                                                             poland):
    pledge = FinancialPledgeFactory(donor=poland)
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        disbursement_record(actor=german_liaison, financial_pledge=pledge,
                            date=datetime.date(2025, 2, 1), amount_eur=Decimal("1"))


def test_viewer_cannot_record_disbursements(viewer, germany):
    pledge = FinancialPledgeFactory(donor=germany)
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        disbursement_record(actor=viewer, financial_pledge=pledge,
                            date=datetime.date(2025, 2, 1), amount_eur=Decimal("1"))


def test_pledge_cannot_shrink_below_what_was_disbursed(german_liaison, germany):
    pledge = FinancialPledgeFactory(donor=germany, amount=1000, amount_eur=1000)
    disbursement_record(actor=german_liaison, financial_pledge=pledge,
                        date=datetime.date(2025, 2, 1), amount_eur=Decimal("600"))
    with leaves_nothing_written(*WRITTEN), pytest.raises(DomainError) as error:
        financial_pledge_update(actor=german_liaison, pledge=pledge, amount=Decimal(500),
                                amount_eur=Decimal(500))
    assert "600" in error.value.message_dict["amount_eur"][0]
    financial_pledge_update(actor=german_liaison, pledge=pledge, amount=Decimal(600),
                            amount_eur=Decimal(600))
    assert FinancialPledge.objects.get(pk=pledge.pk).amount_eur == Decimal(600)


def test_donor_liaison_cannot_move_a_pledge_to_another_nation(german_liaison, germany, poland):
    pledge = FinancialPledgeFactory(donor=germany)
    with leaves_nothing_written(*WRITTEN), pytest.raises(PermissionDenied):
        financial_pledge_update(actor=german_liaison, pledge=pledge, donor=poland)
