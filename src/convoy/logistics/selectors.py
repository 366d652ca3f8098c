"""Reusable reads of the logistics app.

`node_load` and `node_capacity` are totals the planner and the capacity checks need whoever asks
(every role may read aggregates), so they take no user; lists of records take the user first and
go through `restrict`.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum

from convoy.core.dates import add_weeks, monday_of
from convoy.logistics.models import CapacityException, Handover, Node, Shipment

S = Shipment.Status
TONNES = DecimalField(max_digits=20, decimal_places=4)


def week_of(day: date) -> tuple[date, date]:
    """The Monday of `day`'s week and the Monday after it."""
    monday = monday_of(day)
    return monday, add_weeks(monday, 1)


def node_load(node: Node, week_start: date) -> Decimal:
    """Tonnes planned to leave `node` in the week of `week_start`, from shipments not cancelled
    (a follow-up of a short handover left the node within its shipment)."""
    monday, next_monday = week_of(week_start)
    mass = ExpressionWrapper(F("quantity") * F("allocation__pledge__item__unit_mass_t"),
                             output_field=TONNES)
    total = (
        Shipment.objects.filter(
            node=node, planned_departure__gte=monday, planned_departure__lt=next_monday,
            follow_up_of__isnull=True,
        )
        .exclude(status=S.CANCELLED)
        .aggregate(total=Sum(mass, output_field=TONNES))["total"]
    )
    return Decimal(total or 0)


def node_capacity(node: Node, week_start: date) -> Decimal:
    """The node's capacity (t) in the week of `week_start`: its exception if any, else the usual."""
    monday, _ = week_of(week_start)
    exception = CapacityException.objects.filter(node=node, week_start=monday).first()
    return Decimal(exception.capacity_t if exception else node.capacity_t_per_week)


def shipments_for(user: Any) -> QuerySet[Shipment]:
    """The shipments `user` may see, with what their lists show."""
    return Shipment.objects.restrict(user, "view").select_related(
        "node", "origin", "destination", "allocation__pledge__item",
        "allocation__requirement",
    )


@dataclass(frozen=True)
class NodeBoard:
    """What a node handles in one week, as its operator's board shows it."""

    week_start: date
    inbound: list[Shipment]  # planned or on the way in, due to leave the node by the week's end
    at_node: list[Shipment]  # at the node now
    outbound: list[Shipment]  # left the node during the week


def node_board(user: Any, node: Node, week_start: date) -> NodeBoard:
    monday, next_monday = week_of(week_start)
    visible = shipments_for(user).filter(node=node)
    return NodeBoard(
        week_start=monday,
        inbound=list(
            visible.filter(status__in=[S.PLANNED, S.IN_TRANSIT],
                           planned_departure__lt=next_monday)
        ),
        at_node=list(visible.filter(status=S.AT_NODE)),
        outbound=list(
            visible.filter(
                status__in=[S.ONWARD, S.DELIVERED],
                left_node_at__date__gte=monday,
                left_node_at__date__lt=next_monday,
            )
        ),
    )


# What needs attention (each through `restrict()`; web.attention shows them)

#: Shipments that have not yet left their node, and those not yet handed over.
NOT_LEFT_NODE = (S.PLANNED, S.IN_TRANSIT, S.AT_NODE)
NOT_ARRIVED = (S.PLANNED, S.IN_TRANSIT, S.AT_NODE, S.ONWARD)
#: How far ahead node-weeks over capacity are looked for.
CAPACITY_WEEKS_AHEAD = 8


def late_departures(user: Any, today: date) -> QuerySet[Shipment]:
    """Shipments past their planned departure from the node that have not left it."""
    return Shipment.objects.restrict(user, "view").filter(
        status__in=NOT_LEFT_NODE, planned_departure__lt=today)


def late_arrivals(user: Any, today: date) -> QuerySet[Shipment]:
    """Shipments past their planned arrival that have not been handed over."""
    return Shipment.objects.restrict(user, "view").filter(
        status__in=NOT_ARRIVED, planned_arrival__lt=today)


def short_handovers(user: Any, today: date) -> QuerySet[Shipment]:
    """Shipments handed over with fewer units received than shipped (read through the
    handovers the user may see, so the received quantity stays within its scope)."""
    short = Handover.objects.restrict(user, "view").filter(
        received_quantity__lt=F("shipment__quantity"))
    return Shipment.objects.restrict(user, "view").filter(pk__in=short.values("shipment"))


@dataclass(frozen=True)
class NodeWeek:
    node: Node
    week_start: date
    load_t: Decimal
    capacity_t: Decimal


def node_weeks_over_capacity(user: Any, today: date,
                             weeks: int = CAPACITY_WEEKS_AHEAD) -> list[NodeWeek]:
    """This week and the next `weeks - 1`: each week a node the user may see is planned to move
    more tonnes than its capacity that week. Loads are totals over every nation's shipments."""
    monday, _ = week_of(today)
    end = add_weeks(monday, weeks)
    nodes = {n.pk: n for n in Node.objects.restrict(user, "view")}
    mass = ExpressionWrapper(F("quantity") * F("allocation__pledge__item__unit_mass_t"),
                             output_field=TONNES)
    loads: dict[tuple[int, date], Decimal] = {}
    for node_id, day, tonnes in (
        Shipment.objects.restrict(user, "aggregate")
        .filter(node__in=list(nodes), planned_departure__gte=monday, planned_departure__lt=end)
        .exclude(status=S.CANCELLED).values_list("node", "planned_departure")
        .annotate(t=Sum(mass, output_field=TONNES)).order_by()
    ):
        key = (node_id, week_of(day)[0])
        loads[key] = loads.get(key, Decimal(0)) + Decimal(tonnes or 0)
    exceptions = dict(
        ((node_id, week), capacity) for node_id, week, capacity in
        CapacityException.objects.filter(node__in=list(nodes), week_start__gte=monday,
                                         week_start__lt=end)
        .values_list("node", "week_start", "capacity_t")
    )
    over = []
    for (node_id, week), load in sorted(loads.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        node = nodes[node_id]
        capacity = Decimal(exceptions.get((node_id, week), node.capacity_t_per_week))
        if load > capacity:
            over.append(NodeWeek(node, week, load, capacity))
    return over


def nodes_over_capacity(user: Any, today: date) -> QuerySet[Node]:
    """Nodes with a week over capacity, this week or in the next few."""
    over = {w.node.pk for w in node_weeks_over_capacity(user, today)}
    return Node.objects.restrict(user, "view").filter(pk__in=over)

