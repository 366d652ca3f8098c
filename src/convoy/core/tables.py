"""Columns of the nation, organisation, user and membership tables."""

from typing import Any

from convoy.web.tables import Column


def roles_of(user: Any) -> str:
    return "; ".join(f"{m.get_role_display()}, {m.organisation}" for m in user.memberships.all())


NATION_COLUMNS = [
    Column("code", "Code", sort="code", link=True),
    Column("name", "Name", sort="name", link=True),
    Column("kind", "Kind", sort="kind"),
    Column("participation", "Participation", sort="participation"),
    Column("gdp_usd", "GDP (current USD)", sort="gdp_usd", numeric=True),
    Column("gdp_year", "GDP year", sort="gdp_year"),
]

ORGANISATION_COLUMNS = [
    Column("name", "Name", sort="name", link=True),
    Column("short_name", "Short name", sort="short_name"),
    Column("nation", "Nation", sort="nation__name", link=True),
    Column("kind", "Kind", sort="kind"),
]

USER_COLUMNS = [
    Column("username", "Username", sort="username", link=True),
    Column(lambda u: u.get_full_name(), "Name", sort="last_name"),
    Column("email", "E-mail", sort="email"),
    Column(roles_of, "Roles"),
    Column("is_active", "Active", sort="is_active"),
    Column("last_login", "Last signed in", sort="last_login"),
]

MEMBERSHIP_COLUMNS = [
    Column(lambda m: m.get_role_display(), "Role", link=True),
    Column("organisation", "Organisation", link=True),
    Column("organisation.nation", "Nation"),
]
