"""Reusable reads of the logistics app.

`node_load` and `node_capacity` are totals the planner and the capacity checks need whoever asks
(every role may read aggregates), so they take no user; lists of records take the user first and
go through `restrict`.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum

from convoy.logistics.models import CapacityException, Node, Shipment

S = Shipment.Status
TONNES = DecimalField(max_digits=20, decimal_places=4)


def week_of(day: date) -> tuple[date, date]:
    """The Monday of `day`'s week and the Monday after it."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(weeks=1)


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
