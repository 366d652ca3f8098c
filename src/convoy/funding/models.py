"""Long-term financial pledges against the coalition's yearly baseline, and their disbursement."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from convoy.core.models import ConvoyModel, Nation, code_validator
from convoy.core.validators import date_window, year_range

currency_code = RegexValidator(r"^[A-Z]{3}$", _("Use an ISO 4217 code, e.g. EUR."))


class YearlyBaseline(ConvoyModel):
    """What the coalition aims to provide in a year (e.g. EUR 40 bn), set by coordinators."""

    year = models.PositiveSmallIntegerField(
        unique=True, validators=year_range(), verbose_name=_("year")
    )
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=18, decimal_places=2)
    note = models.CharField(max_length=200, blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("yearly baseline")
        verbose_name_plural = _("yearly baselines")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__gt=0),
                name="baseline_positive",
                violation_error_message=_("The baseline must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"Baseline {self.year}"


class PooledFund(ConvoyModel):
    """A fund that several donors pay into and that buys equipment for the recipient (e.g. the
    International Fund for Ukraine). Money paid into it is counted once, as its donors'
    financial pledges; the equipment it buys links back to it and is not counted again."""

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    name = models.CharField(max_length=120, unique=True, verbose_name=_("name"))
    administered_by = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="administered_funds",
        verbose_name=_("administered by"),
    )

    class Meta:
        verbose_name = _("pooled fund")
        verbose_name_plural = _("pooled funds")
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
        GRANT = "grant", _("Grant")
        PROCUREMENT_FUND = "procurement_fund", _("Procurement fund")
        LOAN = "loan", _("Loan")

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    donor = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="financial_pledges", verbose_name=_("donor")
    )
    first_year = models.PositiveSmallIntegerField(
        validators=year_range(), verbose_name=_("first year")
    )
    last_year = models.PositiveSmallIntegerField(
        validators=year_range(), verbose_name=_("last year")
    )
    amount = models.DecimalField(max_digits=18, decimal_places=2, verbose_name=_("amount"))
    currency = models.CharField(
        max_length=3, default="EUR", validators=[currency_code], verbose_name=_("currency")
    )
    amount_eur = models.DecimalField(
        _("amount (EUR)"), max_digits=18, decimal_places=2,
        help_text=_("As converted when pledged."),
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.COMMITTED,
        help_text=_("An announced pledge is shown in burden sharing but counted only once "
                    "committed."),
        verbose_name=_("status"),
    )
    fund = models.ForeignKey(
        PooledFund, null=True, blank=True, on_delete=models.PROTECT,
        related_name="financial_pledges",
        help_text=_("The pooled fund that spends this money, if any."),
        verbose_name=_("fund"),
    )
    announced_on = models.DateField(validators=[date_window], verbose_name=_("announced on"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))

    class Meta:
        verbose_name = _("financial pledge")
        verbose_name_plural = _("financial pledges")
        ordering = ["-announced_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="financial_amount_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(amount_eur__gt=0),
                name="financial_eur_positive",
                violation_error_message=_("The amount in EUR must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="financial_years_ordered",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["grant", "procurement_fund", "loan"]),
                name="financial_kind_valid",
                violation_error_message=_("Choose grant, procurement fund or loan."),
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
        FinancialPledge, on_delete=models.PROTECT, related_name="disbursements",
        verbose_name=_("financial pledge"),
    )
    date = models.DateField(validators=[date_window], verbose_name=_("date"))
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=18, decimal_places=2)
    note = models.CharField(max_length=200, blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__gt=0),
                name="disbursement_positive",
                violation_error_message=_("A disbursement must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount_eur} EUR on {self.date}"
