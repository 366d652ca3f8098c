"""Columns of the shipment, discrepancy and node tables."""

from convoy.web.tables import Column

SHIPMENT_COLUMNS = [
    Column(lambda s: f"Shipment {s.pk}", "Shipment", sort="id", link=True),
    Column("allocation.pledge.code", "Pledge", sort="allocation__pledge__code"),
    Column("allocation.pledge.item.name", "Item", sort="allocation__pledge__item__name"),
    Column("quantity", "Quantity", sort="quantity", numeric=True),
    Column("origin.code", "From", sort="origin__code"),
    Column("node.name", "Node", sort="node__name"),
    Column("destination.code", "To", sort="destination__code"),
    Column("planned_departure", "Leaves node", sort="planned_departure"),
    Column("planned_arrival", "Arrives", sort="planned_arrival"),
    Column("status", "Status", sort="status"),
]

SHIPMENT_SELECT = ("allocation__pledge__item", "node", "origin", "destination")

NODE_COLUMNS = [
    Column("name", "Node", sort="name", link=True),
    Column("code", "Code", sort="code"),
    Column("nation.name", "Nation", sort="nation__name"),
    Column("place", "Place", sort="place"),
    Column("operator", "Operator", sort="operator__name"),
    Column("capacity_t_per_week", "Capacity (t/week)", sort="capacity_t_per_week", numeric=True),
]

BOARD_COLUMNS = [
    Column(lambda s: f"Shipment {s.pk}", "Shipment", link=True),
    Column("allocation.pledge.item.name", "Item"),
    Column("quantity", "Quantity", numeric=True),
    Column("origin.code", "From"),
    Column("destination.code", "To"),
    Column("planned_departure", "Leaves node"),
    Column("status", "Status"),
]

LANE_COLUMNS = [
    Column(str, "Lane", link=True),
    Column("node", "Node", sort="node__name", link=True),
    Column("direction", "Direction", sort="direction"),
    Column("location", "Depot or destination", sort="location__code"),
    Column("transit_weeks", "Transit (weeks)", sort="transit_weeks", numeric=True),
    Column("cost_per_t", "Cost per tonne (EUR)", sort="cost_per_t", numeric=True),
]

DISCREPANCY_COLUMNS = [
    Column(lambda d: f"Discrepancy {d.pk}", "Discrepancy", sort="id", link=True),
    Column(lambda d: f"Shipment {d.shipment_id}", "Shipment", sort="shipment_id"),
    Column("quantity", "Units missing", sort="quantity", numeric=True),
    Column("reason", "Reason", sort="reason"),
    Column("raised_at", "Raised", sort="raised_at"),
    Column("status", "Status", sort="status"),
    Column("resolution_note", "Resolution"),
]
