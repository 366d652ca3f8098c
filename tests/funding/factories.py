import datetime

import factory

from convoy.funding.models import Disbursement, FinancialPledge, YearlyBaseline
from tests.core.factories import NationFactory


class YearlyBaselineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyBaseline
        django_get_or_create = ("year",)

    year = 2025
    amount_eur = 40_000_000_000


class FinancialPledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialPledge

    code = factory.Sequence(lambda n: f"FP-{n}")
    donor = factory.SubFactory(NationFactory)
    first_year = 2025
    last_year = 2025
    amount = 1_000_000_000
    currency = "EUR"
    amount_eur = 1_000_000_000
    kind = FinancialPledge.Kind.GRANT
    announced_on = datetime.date(2024, 7, 10)


class DisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disbursement

    financial_pledge = factory.SubFactory(FinancialPledgeFactory)
    date = datetime.date(2025, 3, 1)
    amount_eur = 100_000_000
