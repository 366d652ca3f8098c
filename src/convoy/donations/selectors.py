"""Reads of donations: what is left of pledges and requirements, and lists through the
permission rule."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, F, IntegerField, OuterRef, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from convoy.donations.models import Allocation, Pledge, Requirement

#: Pledges that can still be allocated from (a delivered or cancelled pledge has nothing left).
ALLOCATABLE_PLEDGE_STATUSES = (
    Pledge.Status.ANNOUNCED,
    Pledge.Status.COMMITTED,
    Pledge.Status.IN_DELIVERY,
)

_allocated_total = Coalesce(Sum("allocations__quantity"), Value(0), output_field=IntegerField())


def pledge_allocated(pledge: Pledge) -> int:
    """Units of the pledge assigned to requirements so far."""
    total = Allocation.objects.filter(pledge_id=pledge.pk).aggregate(total=Sum("quantity"))
    return int(total["total"] or 0)


def requirement_allocated(requirement: Requirement) -> int:
    total = Allocation.objects.filter(requirement_id=requirement.pk).aggregate(
        total=Sum("quantity")
    )
    return int(total["total"] or 0)


def pledge_left(pledge: Pledge) -> int:
    """Units of the pledge that can still be allocated (0 once delivered or cancelled).

    Reads the allocations from the database; under concurrency call it after locking the pledge
    row (allocation_create does).
    """
    if pledge.status not in ALLOCATABLE_PLEDGE_STATUSES:
        return 0
    return max(pledge.quantity - pledge_allocated(pledge), 0)


def requirement_left(requirement: Requirement) -> int:
    """Units the requirement still needs (0 once cancelled)."""
    if requirement.status == Requirement.Status.CANCELLED:
        return 0
    return max(requirement.quantity - requirement_allocated(requirement), 0)


def pledges_for(
    user: Any, *, status: str | None = None, donor: Any = None
) -> QuerySet[Pledge]:
    """Pledges the user may see, each annotated with `allocated` (units assigned so far)."""
    pledges = Pledge.objects.restrict(user, "view").select_related("donor", "item", "origin")
    if status is not None:
        pledges = pledges.filter(status=status)
    if donor is not None:
        pledges = pledges.filter(donor=donor)
    return pledges.annotate(allocated=_allocated_total)


def allocatable_pledges_for(user: Any) -> QuerySet[Pledge]:
    """Pledges the user may see that still have units to allocate."""
    return (
        pledges_for(user)
        .filter(status__in=ALLOCATABLE_PLEDGE_STATUSES)
        .filter(allocated__lt=F("quantity"))
    )


def requirements_for(user: Any, *, status: str | None = None) -> QuerySet[Requirement]:
    """Requirements the user may see, each annotated with `allocated`."""
    requirements = Requirement.objects.restrict(user, "view").select_related(
        "recipient", "item_group", "destination"
    )
    if status is not None:
        requirements = requirements.filter(status=status)
    return requirements.annotate(allocated=_allocated_total)


def allocations_for(
    user: Any, *, pledge: Pledge | None = None, requirement: Requirement | None = None
) -> QuerySet[Allocation]:
    allocations = Allocation.objects.restrict(user, "view").select_related(
        "pledge", "pledge__donor", "requirement"
    )
    if pledge is not None:
        allocations = allocations.filter(pledge=pledge)
    if requirement is not None:
        allocations = allocations.filter(requirement=requirement)
    return allocations


# What needs attention (each through `restrict()`; web.attention shows them)

#: A requirement is due when it is needed within this many days (or its date has passed).
DUE_WITHIN_DAYS = 30
#: An announced pledge not committed after this many days is followed up.
COMMIT_WITHIN_DAYS = 60


def requirements_due_unallocated(user: Any, today: date,
                                 days: int = DUE_WITHIN_DAYS) -> QuerySet[Requirement]:
    """Open requirements needed within `days` (or already past) with nothing allocated to them
    (by any nation: an allocation's existence is a total, not another nation's record)."""
    return (
        Requirement.objects.restrict(user, "view")
        .filter(status=Requirement.Status.OPEN, needed_by__lte=today + timedelta(days=days))
        .filter(~Exists(Allocation.objects.filter(requirement=OuterRef("pk"))))
    )


def pledges_not_committed(user: Any, today: date,
                          days: int = COMMIT_WITHIN_DAYS) -> QuerySet[Pledge]:
    """Pledges announced more than `days` ago and still not committed."""
    return Pledge.objects.restrict(user, "view").filter(
        status=Pledge.Status.ANNOUNCED, announced_on__lt=today - timedelta(days=days))
