"""Columns of the capability area, item group, item and coalition tables."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from convoy.web.tables import Column


def nation_codes(nations: Any) -> str:
    return ", ".join(n.code for n in nations.all())


AREA_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("name", _("Name"), sort="name", link=True),
]

GROUP_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("name", _("Name"), sort="name", link=True),
    Column("area.name", _("Capability area"), sort="area__name"),
]

ITEM_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("name", _("Name"), sort="name", link=True),
    Column("group", _("Item group"), sort="group__name", link=True),
    Column("nato_stock_number", _("NATO stock number"), sort="nato_stock_number"),
    Column("unit_mass_t", _("Unit mass (t)"), sort="unit_mass_t", numeric=True),
    # Not linked: most items need no course, and an empty cell must not be a link.
    Column("training_course", _("Training course"), sort="training_course__name"),
    Column("crews_per_unit", _("Crews per unit"), numeric=True),
]

COALITION_COLUMNS = [
    Column("name", _("Name"), sort="name", link=True),
    Column("area.name", _("Capability area"), sort="area__name"),
    Column(lambda c: nation_codes(c.lead_nations), _("Lead nations")),
    Column(lambda c: nation_codes(c.members), _("Members")),
]
