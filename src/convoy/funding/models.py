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
        return _("Baseline %(year)s") % {"year": self.year}


class FinancialPledge(ConvoyModel):
    owner_nation_path = "donor"
    code_pattern = "FP-{year}-"

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
        return _(
            "%(amount_eur)s EUR on %(date)s"
        ) % {"amount_eur": self.amount_eur, "date": self.date}
