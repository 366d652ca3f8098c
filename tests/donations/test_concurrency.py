"""Two people allocating the last units at the same moment cannot both succeed.

Each test runs two real transactions on two database connections, released together by a
barrier. Reading what is left is slowed down, so without the row locks both would read the same
number and both would write; with the locks the second waits for the first to commit and then
sees its allocation. Only PostgreSQL has row locks (SQLite serialises whole-database writes).
"""

import time
from collections.abc import Callable

import pytest

from convoy.core.errors import DomainError
from convoy.donations import selectors, services
from convoy.donations.models import Allocation, Pledge, Requirement
from tests.concurrency import POSTGRES_RACE, race
from tests.donations.factories import AllocationFactory, PledgeFactory, RequirementFactory

pytestmark = POSTGRES_RACE


@pytest.fixture
def slow_reads(monkeypatch):
    """Widen the window between reading what is left and writing the allocation."""

    def slowed(read: Callable[..., int]) -> Callable[..., int]:
        def read_slowly(record):
            left = read(record)
            time.sleep(0.3)
            return left

        return read_slowly

    monkeypatch.setattr(services, "pledge_left", slowed(selectors.pledge_left))
    monkeypatch.setattr(services, "requirement_left", slowed(selectors.requirement_left))


def allocating(actor, pledge_pk: int, requirement_pk: int, quantity: int):
    """An attempt that reads its own copies of the rows on its own connection."""

    def attempt():
        return services.allocation_create(
            actor=actor,
            pledge=Pledge.objects.get(pk=pledge_pk),
            requirement=Requirement.objects.get(pk=requirement_pk),
            quantity=quantity,
        )

    return attempt


def test_two_allocations_of_a_pledges_last_10_units_cannot_both_succeed(
    coordinator, pledge, group, slow_reads
):
    first, second = (RequirementFactory(item_group=group, quantity=50) for _ in range(2))
    AllocationFactory(pledge=pledge, requirement=RequirementFactory(item_group=group), quantity=90)

    outcomes = race(
        allocating(coordinator, pledge.pk, first.pk, 10),
        allocating(coordinator, pledge.pk, second.pk, 10),
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["Allocation", "DomainError"]
    error = next(o for o in outcomes if isinstance(o, DomainError))
    assert "has 0 units left" in " ".join(error.message_dict["quantity"])
    assert selectors.pledge_allocated(pledge) == 100
    assert Allocation.objects.filter(pledge=pledge).count() == 2


@pytest.mark.parametrize(
    "already_allocated",
    [
        90,  # the last 10 units: the winner also marks the requirement filled
        85,  # 15 left: 10 + 10 do not fit, and the requirement stays open
    ],
)
def test_two_allocations_to_a_requirements_last_units_cannot_both_succeed(
    coordinator, deu, item, requirement, slow_reads, already_allocated
):
    first, second = (PledgeFactory(donor=deu, item=item, quantity=50) for _ in range(2))
    AllocationFactory(
        pledge=PledgeFactory(donor=deu, item=item),
        requirement=requirement,
        quantity=already_allocated,
    )

    outcomes = race(
        allocating(coordinator, first.pk, requirement.pk, 10),
        allocating(coordinator, second.pk, requirement.pk, 10),
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["Allocation", "DomainError"]
    error = next(o for o in outcomes if isinstance(o, DomainError))
    # The loser sees the winner's allocation: the requirement is filled or has 5 units left.
    assert "R-IFV-1" in " ".join(error.messages)
    assert selectors.requirement_allocated(requirement) == already_allocated + 10
    requirement.refresh_from_db()
    filled = already_allocated + 10 == requirement.quantity
    assert requirement.status == ("filled" if filled else "open")
