"""Reads of development: progress towards the capability targets of a year, by area."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from convoy.catalog.models import CapabilityArea
from convoy.development.models import CapabilityTarget

RATIO = Decimal("0.0001")


@dataclass(frozen=True)
class AreaProgress:
    """Progress of one capability area in a year.

    Counts come from the targets with a quantity; each counts as achieved only up to its target,
    so one target over-achieved does not hide another behind. Targets with only a level count in
    `targets` alone. `ratio` is None when no target of the area has a quantity.
    """

    area: CapabilityArea
    targets: int
    targets_met: int
    target_quantity: int
    achieved_quantity: int
    ratio: Decimal | None


def progress_by_area(user: Any, year: int) -> list[AreaProgress]:
    targets = (
        CapabilityTarget.objects.restrict(user, "aggregate")
        .filter(year=year)
        .select_related("area")
        .order_by("area__name", "pk")
    )
    rows: dict[int, dict[str, Any]] = {}
    for target in targets:
        row = rows.setdefault(target.area_id, {"area": target.area, "targets": 0,
                                               "targets_met": 0, "target_quantity": 0,
                                               "achieved_quantity": 0, "counted": False})
        row["targets"] += 1
        if target.target_quantity is None:
            continue
        row["counted"] = True
        row["target_quantity"] += target.target_quantity
        row["achieved_quantity"] += min(target.achieved_quantity, target.target_quantity)
        row["targets_met"] += target.achieved_quantity >= target.target_quantity
    return [
        AreaProgress(
            area=row["area"],
            targets=row["targets"],
            targets_met=row["targets_met"],
            target_quantity=row["target_quantity"],
            achieved_quantity=row["achieved_quantity"],
            ratio=_ratio(row["achieved_quantity"], row["target_quantity"])
            if row["counted"] else None,
        )
        for row in rows.values()
    ]


def _ratio(achieved: int, target: int) -> Decimal:
    # A target of 0 is met by definition.
    return (Decimal(achieved) / target).quantize(RATIO) if target else Decimal(1)


def targets_for(user: Any, *, year: int | None = None) -> QuerySet[CapabilityTarget]:
    targets = CapabilityTarget.objects.restrict(user, "view").select_related("area", "recipient")
    return targets.filter(year=year) if year is not None else targets
