"""The funding admin saves through the services: disbursements stay within their pledge."""

from decimal import Decimal

import pytest
from django.urls import reverse

from convoy.funding.models import Disbursement, FinancialPledge, YearlyBaseline
from tests.funding.factories import DisbursementFactory, FinancialPledgeFactory
from tests.training.helpers import leaves_nothing_written

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["yearlybaseline", "financialpledge", "disbursement"])
def test_admin_lists_and_add_pages_open(admin_client, model):
    DisbursementFactory()
    assert admin_client.get(reverse(f"admin:funding_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:funding_{model}_add")).status_code == 200


def test_pledge_page_shows_its_disbursements(admin_client):
    disbursement = DisbursementFactory()
    url = reverse("admin:funding_financialpledge_change", args=[disbursement.financial_pledge_id])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert page.context["inline_admin_formsets"][0].formset.queryset.count() == 1


def test_admin_disbursement_beyond_the_pledge_is_a_form_error(admin_client):
    pledge = FinancialPledgeFactory(amount=100, amount_eur=100)
    with leaves_nothing_written(Disbursement):
        page = admin_client.post(reverse("admin:funding_disbursement_add"), {
            "financial_pledge": pledge.pk, "date": "2025-03-01", "amount_eur": "100.01"})
    assert page.status_code == 200
    assert "left of the pledge" in str(page.context["adminform"].form.errors["amount_eur"])


def test_admin_disbursement_within_the_pledge_is_recorded(admin_client):
    pledge = FinancialPledgeFactory(amount=100, amount_eur=100)
    page = admin_client.post(reverse("admin:funding_disbursement_add"), {
        "financial_pledge": pledge.pk, "date": "2025-03-01", "amount_eur": "100"})
    assert page.status_code == 302
    assert Disbursement.objects.get().amount_eur == Decimal(100)


def test_admin_baseline_for_a_year(admin_client):
    page = admin_client.post(reverse("admin:funding_yearlybaseline_add"),
                             {"year": 2026, "amount_eur": "40000000000", "note": ""})
    assert page.status_code == 302
    assert YearlyBaseline.objects.get(year=2026).amount_eur == Decimal("40000000000")


def test_admin_pledge_in_euros_with_another_euro_amount_is_a_form_error(admin_client):
    donor = FinancialPledgeFactory().donor
    with leaves_nothing_written(FinancialPledge):
        page = admin_client.post(reverse("admin:funding_financialpledge_add"), {
            "code": "FP-X", "donor": donor.pk, "first_year": 2025, "last_year": 2025,
            "amount": "100", "currency": "EUR", "amount_eur": "90", "kind": "grant",
            "status": "committed",
            "announced_on": "2025-01-10", "notes": "",
            "disbursements-TOTAL_FORMS": 0, "disbursements-INITIAL_FORMS": 0})
    assert page.status_code == 200
    assert "amount_eur" in page.context["adminform"].form.errors


def test_admin_pledge_with_years_out_of_order_names_the_last_year(admin_client):
    donor = FinancialPledgeFactory().donor
    with leaves_nothing_written(FinancialPledge):
        page = admin_client.post(reverse("admin:funding_financialpledge_add"), {
            "code": "FP-Y", "donor": donor.pk, "first_year": 2027, "last_year": 2025,
            "amount": "100", "currency": "EUR", "amount_eur": "100", "kind": "grant",
            "status": "committed",
            "announced_on": "2025-01-10", "notes": "",
            "disbursements-TOTAL_FORMS": 0, "disbursements-INITIAL_FORMS": 0})
    assert "last_year" in page.context["adminform"].form.errors
