"""Columns of the repair order table."""

from django.utils.translation import gettext_lazy as _

from convoy.web.tables import Column

REPAIR_ORDER_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("item.name", _("Item"), sort="item__name"),
    Column("quantity", _("Quantity"), sort="quantity", numeric=True),
    Column("facility.name", _("Facility"), sort="facility__name"),
    Column("status", _("Status"), sort="status"),
    Column("requested_on", _("Requested"), sort="requested_on"),
    Column("received_on", _("Received"), sort="received_on"),
    Column("returned_on", _("Returned"), sort="returned_on"),
]

FACILITY_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("name", _("Name"), sort="name", link=True),
    Column("nation.name", _("Nation"), sort="nation__name"),
    Column("operator", _("Operator"), sort="operator__name", link=True),
    Column("capacity_per_week", _("Units per week"), sort="capacity_per_week", numeric=True),
    Column("turnaround_weeks", _("Turnaround (weeks)"), sort="turnaround_weeks", numeric=True),
]
