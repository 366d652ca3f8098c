"""Columns of the requirement, pledge and allocation tables (pages and exports)."""

from django.utils.translation import gettext_lazy as _

from convoy.web.tables import Column

REQUIREMENT_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("item_group.name", _("Item group"), sort="item_group__name"),
    Column("item_group.area.name", _("Capability area"), sort="item_group__area__name"),
    Column("quantity", _("Quantity"), sort="quantity", numeric=True),
    Column("priority", _("Priority"), sort="priority", numeric=True),
    Column("needed_by", _("Needed by"), sort="needed_by"),
    Column("destination.name", _("Destination"), sort="destination__name"),
    Column("status", _("Status"), sort="status"),
]

PLEDGE_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("donor.name", _("Donor"), sort="donor__name"),
    Column("item.name", _("Item"), sort="item__name"),
    Column("quantity", _("Quantity"), sort="quantity", numeric=True),
    Column("available_from", _("Available from"), sort="available_from"),
    Column("origin.name", _("Origin"), sort="origin__name"),
    Column("source", _("Source"), sort="source"),
    Column("status", _("Status"), sort="status"),
    Column("announced_on", _("Announced"), sort="announced_on"),
]

ALLOCATION_COLUMNS = [
    Column(lambda a: _("Allocation %(pk)s") % {"pk": a.pk}, _("Allocation"), sort="id", link=True),
    Column("pledge", _("Pledge"), sort="pledge__code", link=True),
    Column("pledge.donor.name", _("Donor"), sort="pledge__donor__name"),
    Column("pledge.item.name", _("Item"), sort="pledge__item__name"),
    Column("requirement", _("Requirement"), sort="requirement__code", link=True),
    Column("quantity", _("Quantity"), sort="quantity", numeric=True),
    Column("created_at", _("Created"), sort="created_at"),
]
