"""What needs attention in shipments and nodes (badges, list filters, start-page panels)."""

from django.utils.translation import gettext_lazy as _

from convoy.logistics import selectors
from convoy.web.attention import Rule

LATE_DEPARTURE = Rule(
    "late-departure", _("Late to leave"), _("Shipments past their planned departure from the node"),
    selectors.late_departures, "logistics:shipment-list")
LATE_ARRIVAL = Rule(
    "late-arrival", _("Overdue"), _("Shipments past their planned arrival, not handed over"),
    selectors.late_arrivals, "logistics:shipment-list")
SHORT_HANDOVER = Rule(
    "short-handover", _("Short handover"), _("Shipments handed over with fewer units than shipped"),
    selectors.short_handovers, "logistics:shipment-list")
OVER_CAPACITY = Rule(
    "over-capacity", _("Over capacity"), _("Nodes planned over their capacity in a coming week"),
    selectors.nodes_over_capacity, "logistics:node-list")

SHIPMENT_RULES = (LATE_DEPARTURE, LATE_ARRIVAL, SHORT_HANDOVER)
NODE_RULES = (OVER_CAPACITY,)
