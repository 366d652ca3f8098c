"""Columns of the repair order table."""

from convoy.web.tables import Column

REPAIR_ORDER_COLUMNS = [
    Column("code", "Code", sort="code", link=True),
    Column("item.name", "Item", sort="item__name"),
    Column("quantity", "Quantity", sort="quantity", numeric=True),
    Column("facility.name", "Facility", sort="facility__name"),
    Column("status", "Status", sort="status"),
    Column("requested_on", "Requested", sort="requested_on"),
    Column("received_on", "Received", sort="received_on"),
    Column("returned_on", "Returned", sort="returned_on"),
]

FACILITY_COLUMNS = [
    Column("code", "Code", sort="code", link=True),
    Column("name", "Name", sort="name", link=True),
    Column("nation.name", "Nation", sort="nation__name"),
    Column("operator", "Operator", sort="operator__name", link=True),
    Column("capacity_per_week", "Units per week", sort="capacity_per_week", numeric=True),
    Column("turnaround_weeks", "Turnaround (weeks)", sort="turnaround_weeks", numeric=True),
]
