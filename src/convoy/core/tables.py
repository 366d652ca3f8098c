"""Columns of the nation, organisation, user and membership tables."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from convoy.web.tables import Column


def roles_of(user: Any) -> str:
    return "; ".join(f"{m.get_role_display()}, {m.organisation}" for m in user.memberships.all())


NATION_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("name", _("Name"), sort="name", link=True),
    Column("kind", _("Kind"), sort="kind"),
    Column("participation", _("Participation"), sort="participation"),
    Column("gdp_usd", _("GDP (current USD)"), sort="gdp_usd", numeric=True),
    Column("gdp_year", _("GDP year"), sort="gdp_year"),
]

ORGANISATION_COLUMNS = [
    Column("name", _("Name"), sort="name", link=True),
    Column("short_name", _("Short name"), sort="short_name"),
    Column("nation", _("Nation"), sort="nation__name", link=True),
    Column("kind", _("Kind"), sort="kind"),
]

USER_COLUMNS = [
    Column("username", _("Username"), sort="username", link=True),
    Column(lambda u: u.get_full_name(), _("Name"), sort="last_name"),
    Column("email", "E-mail", sort="email"),
    Column(roles_of, _("Roles")),
    Column("is_active", _("Active"), sort="is_active"),
    Column("last_login", _("Last signed in"), sort="last_login"),
]

MEMBERSHIP_COLUMNS = [
    Column(lambda m: m.get_role_display(), _("Role"), link=True),
    Column("organisation", _("Organisation"), link=True),
    Column("organisation.nation", _("Nation")),
]
