"""Columns of the shipment, discrepancy and node tables."""

from django.utils.translation import gettext_lazy as _

from convoy.web.tables import Column

SHIPMENT_COLUMNS = [
    Column(lambda s: _("Shipment %(pk)s") % {"pk": s.pk}, _("Shipment"), sort="id", link=True),
    Column("allocation.pledge.code", _("Pledge"), sort="allocation__pledge__code"),
    Column("allocation.pledge.item.name", _("Item"), sort="allocation__pledge__item__name"),
    Column("quantity", _("Quantity"), sort="quantity", numeric=True),
    Column("origin.code", _("From"), sort="origin__code"),
    Column("node.name", _("Node"), sort="node__name"),
    Column("destination.code", _("To"), sort="destination__code"),
    Column("planned_departure", _("Leaves node"), sort="planned_departure"),
    Column("planned_arrival", _("Arrives"), sort="planned_arrival"),
    Column("status", _("Status"), sort="status"),
]

SHIPMENT_SELECT = ("allocation__pledge__item", "node", "origin", "destination")

NODE_COLUMNS = [
    Column("name", _("Node"), sort="name", link=True),
    Column("code", _("Code"), sort="code"),
    Column("nation.name", _("Nation"), sort="nation__name"),
    Column("place", _("Place"), sort="place"),
    Column("operator", _("Operator"), sort="operator__name"),
    Column("capacity_t_per_week", _(
        "Capacity (t/week)"
    ), sort="capacity_t_per_week", numeric=True),
]

BOARD_COLUMNS = [
    Column(lambda s: _("Shipment %(pk)s") % {"pk": s.pk}, _("Shipment"), link=True),
    Column("allocation.pledge.item.name", _("Item")),
    Column("quantity", _("Quantity"), numeric=True),
    Column("origin.code", _("From")),
    Column("destination.code", _("To")),
    Column("planned_departure", _("Leaves node")),
    Column("status", _("Status")),
]

LANE_COLUMNS = [
    Column(str, _("Lane"), link=True),
    Column("node", _("Node"), sort="node__name", link=True),
    Column("direction", _("Direction"), sort="direction"),
    Column("location", _("Depot or destination"), sort="location__code"),
    Column("transit_weeks", _("Transit (weeks)"), sort="transit_weeks", numeric=True),
    Column("cost_per_t", _("Cost per tonne (EUR)"), sort="cost_per_t", numeric=True),
]

DISCREPANCY_COLUMNS = [
    Column(lambda d: _(
        "Discrepancy %(pk)s"
    ) % {"pk": d.pk}, _("Discrepancy"), sort="id", link=True),
    Column(lambda d: _(
        "Shipment %(shipment_id)s"
    ) % {"shipment_id": d.shipment_id}, _("Shipment"), sort="shipment_id"),
    Column("quantity", _("Units missing"), sort="quantity", numeric=True),
    Column("reason", _("Reason"), sort="reason"),
    Column("raised_at", _("Raised"), sort="raised_at"),
    Column("status", _("Status"), sort="status"),
    Column("resolution_note", _("Resolution")),
]
