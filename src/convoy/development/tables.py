"""Columns of the capability target table."""

from convoy.web.tables import Column

TARGET_COLUMNS = [
    Column("description", "Target", sort="description", link=True),
    Column("area.name", "Capability area", sort="area__name"),
    Column("year", "Year", sort="year"),
    Column("target_quantity", "Target quantity", sort="target_quantity", numeric=True),
    Column("target_level", "Target level", sort="target_level"),
    Column("achieved_quantity", "Achieved", sort="achieved_quantity", numeric=True),
]
