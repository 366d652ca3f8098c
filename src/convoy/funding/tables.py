"""Columns of the financial pledge table."""

from django.utils.translation import gettext_lazy as _

from convoy.web.tables import Column

FINANCIAL_PLEDGE_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("donor.name", _("Donor"), sort="donor__name"),
    Column("kind", _("Kind"), sort="kind"),
    Column("first_year", _("From"), sort="first_year", numeric=True),
    Column("last_year", _("To"), sort="last_year", numeric=True),
    Column("amount", _("Amount"), sort="amount", numeric=True),
    Column("currency", _("Currency"), sort="currency"),
    Column("amount_eur", _("Amount (EUR)"), sort="amount_eur", numeric=True),
    Column("disbursed_eur", _("Disbursed (EUR)"), sort="disbursed_eur", numeric=True),
    Column("announced_on", _("Announced"), sort="announced_on"),
]
