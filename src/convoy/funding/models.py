"""Long-term financial pledges against the coalition's yearly baseline, and their disbursement."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from convoy.core.models import ConvoyModel, Nation, code_validator
from convoy.core.validators import date_window, year_range

currency_code = RegexValidator(r"^[A-Z]{3}$", "Use an ISO 4217 code, e.g. EUR.")


class YearlyBaseline(ConvoyModel):
    """What the coalition aims to provide in a year (e.g. EUR 40 bn), set by coordinators."""

    year = models.PositiveSmallIntegerField(unique=True, validators=year_range())
    amount_eur = models.DecimalField("amount (EUR)", max_digits=18, decimal_places=2)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__gt=0),
                name="baseline_positive",
                violation_error_message="The baseline must be more than zero.",
            ),
        ]

    def __str__(self) -> str:
        return f"Baseline {self.year}"


class PooledFund(ConvoyModel):
    """A fund that several donors pay into and that buys equipment for the recipient (e.g. the
    International Fund for Ukraine). Money paid into it is counted once, as its donors'
    financial pledges; the equipment it buys links back to it and is not counted again."""

    code = models.CharField(max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(max_length=120, unique=True)
    administered_by = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="administered_funds"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FinancialPledge(ConvoyModel):
    owner_nation_path = "donor"
    code_pattern = "FP-{year}-"

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        COMMITTED = "committed", _("Committed")

    class Kind(models.TextChoices):
        GRANT = "grant", "Grant"
        PROCUREMENT_FUND = "procurement_fund", "Procurement fund"
        LOAN = "loan", "Loan"

    code = models.CharField(max_length=40, unique=True, validators=[code_validator])
    donor = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="financial_pledges")
    first_year = models.PositiveSmallIntegerField(validators=year_range())
    last_year = models.PositiveSmallIntegerField(validators=year_range())
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    currency = models.CharField(max_length=3, default="EUR", validators=[currency_code])
    amount_eur = models.DecimalField(
        "amount (EUR)", max_digits=18, decimal_places=2, help_text="As converted when pledged."
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.COMMITTED,
        help_text=_("An announced pledge is shown in burden sharing but counted only once "
                    "committed."),
    )
    fund = models.ForeignKey(
        PooledFund, null=True, blank=True, on_delete=models.PROTECT,
        related_name="financial_pledges",
        help_text=_("The pooled fund that spends this money, if any."),
    )
    announced_on = models.DateField(validators=[date_window])
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-announced_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="financial_amount_positive",
                violation_error_message="The amount must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(amount_eur__gt=0),
                name="financial_eur_positive",
                violation_error_message="The amount in EUR must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="financial_years_ordered",
                violation_error_message="The last year cannot be before the first year.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["grant", "procurement_fund", "loan"]),
                name="financial_kind_valid",
                violation_error_message="Choose grant, procurement fund or loan.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["announced", "committed"]),
                name="financial_status_valid",
                violation_error_message=_("Choose announced or committed."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class Disbursement(ConvoyModel):
    owner_nation_path = "financial_pledge__donor"

    financial_pledge = models.ForeignKey(
        FinancialPledge, on_delete=models.PROTECT, related_name="disbursements"
    )
    date = models.DateField(validators=[date_window])
    amount_eur = models.DecimalField("amount (EUR)", max_digits=18, decimal_places=2)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__gt=0),
                name="disbursement_positive",
                violation_error_message="A disbursement must be more than zero.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount_eur} EUR on {self.date}"
