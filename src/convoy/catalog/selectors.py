"""Reads of the catalog, through the permission rule (the catalog is shared reference data)."""

from typing import Any

from django.db.models import Q, QuerySet

from convoy.catalog.models import CapabilityArea, CapabilityCoalition, Item, ItemGroup


def capability_areas_for(user: Any) -> QuerySet[CapabilityArea]:
    return CapabilityArea.objects.restrict(user, "view")


def coalitions_for(user: Any) -> QuerySet[CapabilityCoalition]:
    return (
        CapabilityCoalition.objects.restrict(user, "view")
        .select_related("area")
        .prefetch_related("lead_nations", "members")
    )


def item_groups_for(user: Any, *, area: CapabilityArea | None = None) -> QuerySet[ItemGroup]:
    groups = ItemGroup.objects.restrict(user, "view").select_related("area")
    return groups.filter(area=area) if area is not None else groups


def items_for(
    user: Any, *, group: ItemGroup | None = None, search: str = ""
) -> QuerySet[Item]:
    """Items the user may see, optionally of one group or matching code, name or NSN."""
    items = Item.objects.restrict(user, "view").select_related("group", "training_course")
    if group is not None:
        items = items.filter(group=group)
    if search:
        items = items.filter(
            Q(code__icontains=search)
            | Q(name__icontains=search)
            | Q(nato_stock_number__icontains=search)
        )
    return items
