"""Columns of the financial pledge table."""

from convoy.web.tables import Column

FINANCIAL_PLEDGE_COLUMNS = [
    Column("code", "Code", sort="code", link=True),
    Column("donor.name", "Donor", sort="donor__name"),
    Column("kind", "Kind", sort="kind"),
    Column("first_year", "From", sort="first_year", numeric=True),
    Column("last_year", "To", sort="last_year", numeric=True),
    Column("amount", "Amount", sort="amount", numeric=True),
    Column("currency", "Currency", sort="currency"),
    Column("amount_eur", "Amount (EUR)", sort="amount_eur", numeric=True),
    Column("disbursed_eur", "Disbursed (EUR)", sort="disbursed_eur", numeric=True),
    Column("announced_on", "Announced", sort="announced_on"),
]
