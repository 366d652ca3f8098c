"""Columns of the capability target table."""

from django.utils.translation import gettext_lazy as _

from convoy.web.tables import Column

TARGET_COLUMNS = [
    Column("description", _("Target"), sort="description", link=True),
    Column("area.name", _("Capability area"), sort="area__name"),
    Column("year", _("Year"), sort="year"),
    Column("target_quantity", _("Target quantity"), sort="target_quantity", numeric=True),
    Column("target_level", _("Target level"), sort="target_level"),
    Column("achieved_quantity", _("Achieved"), sort="achieved_quantity", numeric=True),
]
