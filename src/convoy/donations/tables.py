"""Columns of the requirement, pledge and allocation tables (pages and exports)."""

from convoy.web.tables import Column

REQUIREMENT_COLUMNS = [
    Column("code", "Code", sort="code", link=True),
    Column("item_group.name", "Item group", sort="item_group__name"),
    Column("item_group.area.name", "Capability area", sort="item_group__area__name"),
    Column("quantity", "Quantity", sort="quantity", numeric=True),
    Column("priority", "Priority", sort="priority", numeric=True),
    Column("needed_by", "Needed by", sort="needed_by"),
    Column("destination.name", "Destination", sort="destination__name"),
    Column("status", "Status", sort="status"),
]

PLEDGE_COLUMNS = [
    Column("code", "Code", sort="code", link=True),
    Column("donor.name", "Donor", sort="donor__name"),
    Column("item.name", "Item", sort="item__name"),
    Column("quantity", "Quantity", sort="quantity", numeric=True),
    Column("available_from", "Available from", sort="available_from"),
    Column("origin.name", "Origin", sort="origin__name"),
    Column("source", "Source", sort="source"),
    Column("status", "Status", sort="status"),
    Column("announced_on", "Announced", sort="announced_on"),
]

ALLOCATION_COLUMNS = [
    Column(lambda a: f"Allocation {a.pk}", "Allocation", sort="id", link=True),
    Column("pledge", "Pledge", sort="pledge__code", link=True),
    Column("pledge.donor.name", "Donor", sort="pledge__donor__name"),
    Column("pledge.item.name", "Item", sort="pledge__item__name"),
    Column("requirement", "Requirement", sort="requirement__code", link=True),
    Column("quantity", "Quantity", sort="quantity", numeric=True),
    Column("created_at", "Created", sort="created_at"),
]
