"""Reusable reads of the repairs app."""

from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum

from convoy.catalog.models import Item
from convoy.core.dates import add_weeks, monday_of
from convoy.repairs.models import RepairFacility, RepairOrder


def repair_orders_for(user: Any) -> QuerySet[RepairOrder]:
    """The repair orders `user` may see."""
    return RepairOrder.objects.restrict(user, "view").select_related(
        "facility", "item", "recipient", "returned_as"
    )


def facilities_for_item(user: Any, item: Item) -> QuerySet[RepairFacility]:
    """The facilities `user` may see that repair `item`'s group."""
    return RepairFacility.objects.restrict(user, "view").filter(item_groups=item.group_id)


def units_received_in_week(facility: RepairFacility, day: date) -> int:
    """Units the facility received in the week (Monday to Sunday) that contains `day`.

    A total the intake check needs whoever records the receipt, so it takes no user.
    """
    monday = monday_of(day)
    total = RepairOrder.objects.filter(
        facility=facility,
        received_on__gte=monday,
        received_on__lt=add_weeks(monday, 1),
    ).exclude(status=RepairOrder.Status.CANCELLED).aggregate(total=Sum("quantity"))["total"]
    return total or 0
