"""The pledge lifecycle: announced -> committed -> in delivery -> delivered, or cancelled from
announced or committed; each step dated; illegal steps refused naming the pledge and the field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from convoy.core.audit import history
from convoy.core.errors import DomainError
from convoy.donations import services
from convoy.donations.models import Pledge
from tests.donations.factories import AllocationFactory, PledgeFactory
from tests.donations.helpers import message_of, refused_leaving_nothing
from tests.logistics.factories import LocationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_pledge_create_announces_today_by_default(liaison, deu, item):
    pledge = services.pledge_create(
        actor=liaison, donor=deu, item=item, quantity=20,
        available_from=D(2024, 8, 1), origin=LocationFactory(nation=deu),
    )
    assert pledge.status == Pledge.Status.ANNOUNCED
    assert pledge.announced_on == timezone.localdate()
    record = history(pledge).get()
    assert record.action == "create" and record.actor == liaison
    assert record.before is None and record.after["status"] == "announced"


def test_pledge_create_refuses_a_status_or_step_date(liaison, deu, item):
    with refused_leaving_nothing(DomainError, Pledge) as info:
        services.pledge_create(
            actor=liaison, code="P-NEW", donor=deu, item=item, quantity=20,
            available_from=D(2024, 8, 1), origin=LocationFactory(nation=deu),
            status="committed", committed_on=D(2024, 7, 1),
        )
    assert set(info.value.message_dict) == {"status", "committed_on"}
    assert "P-NEW" in message_of(info, "status")


def test_pledge_create_refuses_a_destination_as_origin(liaison, deu, item):
    destination = LocationFactory(nation=deu, kind="destination")
    with refused_leaving_nothing(DomainError, Pledge) as info:
        services.pledge_create(actor=liaison, code="P-NEW", donor=deu, item=item, quantity=20,
                               available_from=D(2024, 8, 1), origin=destination)
    assert "P-NEW" in message_of(info, "origin")


def test_full_lifecycle_records_the_date_of_each_step(liaison, pledge):
    services.pledge_commit(actor=liaison, pledge=pledge, on=D(2024, 6, 20))
    services.pledge_start_delivery(actor=liaison, pledge=pledge, on=D(2024, 7, 2))
    services.pledge_mark_delivered(actor=liaison, pledge=pledge, on=D(2024, 7, 20))
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DELIVERED
    assert (pledge.committed_on, pledge.delivery_started_on, pledge.delivered_on) == (
        D(2024, 6, 20), D(2024, 7, 2), D(2024, 7, 20),
    )
    assert pledge.cancelled_on is None


def test_step_without_a_date_is_dated_today(liaison, pledge):
    services.pledge_commit(actor=liaison, pledge=pledge)
    assert pledge.committed_on == timezone.localdate()


def test_commit_is_audited_with_before_and_after(liaison, pledge):
    services.pledge_commit(actor=liaison, pledge=pledge, on=D(2024, 6, 20))
    record = history(pledge).get()
    assert record.action == "update" and record.actor == liaison
    assert record.changes == {
        "status": ("announced", "committed"),
        "committed_on": (None, "2024-06-20"),
    }
    assert "announced → committed" in record.summary


@pytest.mark.parametrize("status", ["announced", "committed"])
def test_pledge_can_be_cancelled_before_delivery(liaison, pledge, status):
    Pledge.objects.filter(pk=pledge.pk).update(status=status, committed_on=D(2024, 6, 20))
    services.pledge_cancel(actor=liaison, pledge=pledge, on=D(2024, 6, 30),
                           reason="No longer needed.")
    assert pledge.status == Pledge.Status.CANCELLED
    assert pledge.cancelled_on == D(2024, 6, 30)


ILLEGAL_STEPS = [
    ("announced", services.pledge_start_delivery),
    ("announced", services.pledge_mark_delivered),
    ("committed", services.pledge_commit),
    ("committed", services.pledge_mark_delivered),
    ("in_delivery", services.pledge_cancel),
    ("in_delivery", services.pledge_commit),
    ("delivered", services.pledge_cancel),
    ("delivered", services.pledge_start_delivery),
    ("cancelled", services.pledge_commit),
]


@pytest.mark.parametrize(("status", "step"), ILLEGAL_STEPS)
def test_illegal_step_is_refused_naming_the_pledge_and_the_field(liaison, deu, status, step):
    dates = {"committed_on": D(2024, 6, 20), "delivery_started_on": D(2024, 7, 1),
             "delivered_on": D(2024, 7, 9), "cancelled_on": D(2024, 6, 21)}
    pledge = PledgeFactory(code="P-STUCK", donor=deu, status=status, **dates)
    with refused_leaving_nothing(DomainError) as info:
        step(actor=liaison, pledge=pledge, on=D(2024, 8, 1))
    assert "P-STUCK" in message_of(info, "status")
    pledge.refresh_from_db()
    assert pledge.status == status


def test_step_dated_before_the_previous_step_is_refused(liaison, pledge):
    services.pledge_commit(actor=liaison, pledge=pledge, on=D(2024, 6, 20))
    with refused_leaving_nothing(DomainError) as info:
        services.pledge_start_delivery(actor=liaison, pledge=pledge, on=D(2024, 6, 19))
    assert pledge.code in message_of(info, "on")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.COMMITTED


def test_pledge_with_allocations_cannot_be_cancelled(liaison, pledge, requirement):
    AllocationFactory(pledge=pledge, requirement=requirement, quantity=10)
    with refused_leaving_nothing(DomainError) as info:
        services.pledge_cancel(actor=liaison, pledge=pledge, reason="No longer needed.")
    assert "10 units are allocated" in message_of(info, "status")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ANNOUNCED


def test_pledge_update_changes_and_audits(liaison, pledge):
    services.pledge_update(actor=liaison, pledge=pledge, quantity=120, notes="two batches")
    assert (pledge.quantity, pledge.notes) == (120, "two batches")
    assert history(pledge).get().changes == {
        "quantity": (100, 120), "notes": ("", "two batches"),
    }


def test_pledge_quantity_cannot_go_below_what_is_allocated(liaison, pledge, requirement):
    AllocationFactory(pledge=pledge, requirement=requirement, quantity=60)
    with refused_leaving_nothing(DomainError) as info:
        services.pledge_update(actor=liaison, pledge=pledge, quantity=59)
    assert "60 units" in message_of(info, "quantity")
    pledge.refresh_from_db()
    assert pledge.quantity == 100


def test_pledge_item_cannot_change_while_allocated(liaison, pledge, requirement, item):
    AllocationFactory(pledge=pledge, requirement=requirement, quantity=10)
    other_item = type(item).objects.create(code="leopard", name="Leopard 1A5",
                                           group=item.group, unit_mass_t="40")
    with refused_leaving_nothing(DomainError) as info:
        services.pledge_update(actor=liaison, pledge=pledge, item=other_item)
    assert pledge.code in message_of(info, "item")


@pytest.mark.parametrize("status", ["delivered", "cancelled"])
def test_pledge_cannot_be_changed_after_delivery_or_cancellation(liaison, deu, status):
    pledge = PledgeFactory(donor=deu, status=status, delivered_on=D(2024, 7, 9),
                           cancelled_on=D(2024, 7, 9), committed_on=D(2024, 6, 20),
                           delivery_started_on=D(2024, 7, 1))
    with refused_leaving_nothing(DomainError) as info:
        services.pledge_update(actor=liaison, pledge=pledge, quantity=5)
    assert pledge.code in message_of(info, "status")


def test_pledge_update_refuses_to_set_the_status(liaison, pledge):
    with refused_leaving_nothing(DomainError) as info:
        services.pledge_update(actor=liaison, pledge=pledge, status="delivered")
    assert pledge.code in message_of(info, "status")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ANNOUNCED


def test_invalid_pledge_update_leaves_nothing(liaison, pledge):
    with refused_leaving_nothing(ValidationError):
        services.pledge_update(actor=liaison, pledge=pledge, quantity=0)
    pledge.refresh_from_db()
    assert pledge.quantity == 100


def test_system_actor_may_run_the_lifecycle_and_is_audited_without_a_user(pledge):
    services.pledge_commit(actor=None, pledge=pledge, on=D(2024, 6, 20))
    record = history(pledge).get()
    assert record.actor is None and record.source == "test"
