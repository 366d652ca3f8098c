"""Repair orders: from request through the facility's weekly intake to the returned pledge."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from convoy.core.audit import history
from convoy.core.errors import DomainError
from convoy.core.models import AuditRecord
from convoy.donations.models import Pledge
from convoy.repairs import services
from convoy.repairs.models import RepairOrder
from tests.catalog.factories import ItemFactory
from tests.core.factories import NationFactory, OrganisationFactory, member
from tests.repairs.factories import RepairFacilityFactory, RepairOrderFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 7, 8)
SUNDAY = MONDAY + datetime.timedelta(days=6)


@pytest.fixture
def item():
    return ItemFactory()


@pytest.fixture
def facility(item):
    return RepairFacilityFactory(item_groups=[item.group], capacity_per_week=10)


@pytest.fixture
def coordinator():
    return member("coordinator")


@pytest.fixture
def operator(facility):
    return member("facility_operator", facility.operator)


@pytest.fixture
def planner():
    return member("recipient_planner")


def order_at(facility, item, quantity=2, status=RepairOrder.Status.REQUESTED, **fields):
    return RepairOrderFactory(facility=facility, item=item, quantity=quantity, status=status,
                              requested_on=datetime.date(2024, 7, 1), **fields)


def in_repair(facility, item, actor, quantity=2):
    order = order_at(facility, item, quantity)
    services.repair_order_receive(actor=actor, order=order, on=MONDAY)
    services.repair_order_start(actor=actor, order=order, on=MONDAY)
    return order


def request_fields(item, facility, **extra):
    recipient = NationFactory(code="UKR", name="Ukraine", kind="recipient")
    return {"code": "RO-7", "recipient": recipient, "item": item, "quantity": 3,
            "facility": facility, **extra}


# Requesting


def test_recipient_planner_requests_a_repair(planner, item, facility):
    order = services.repair_order_create(actor=planner, **request_fields(item, facility))
    assert order.status == RepairOrder.Status.REQUESTED
    assert order.requested_on is not None
    assert history(order).get().actor == planner


def test_facility_must_repair_the_items_group(planner, item):
    elsewhere = RepairFacilityFactory(item_groups=[ItemFactory().group])
    audits = AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.repair_order_create(actor=planner, **request_fields(item, elsewhere))
    message = error.value.message_dict["facility"][0]
    assert "RO-7" in message and str(item.group) in message
    assert not RepairOrder.objects.exists()
    assert AuditRecord.objects.count() == audits


def test_repair_is_requested_for_the_recipients_equipment(planner, item, facility):
    fields = request_fields(item, facility, recipient=NationFactory(code="DEU"))
    with pytest.raises(DomainError) as error:
        services.repair_order_create(actor=planner, **fields)
    assert "RO-7" in error.value.message_dict["recipient"][0]
    assert not RepairOrder.objects.exists()


def test_lifecycle_fields_cannot_be_set_when_requesting(planner, item, facility):
    with pytest.raises(DomainError) as error:
        services.repair_order_create(actor=planner,
                                     **request_fields(item, facility, status="returned"))
    assert "status" in error.value.message_dict
    assert not RepairOrder.objects.exists()


@pytest.mark.parametrize("role", ["donor_liaison", "node_operator", "viewer"])
def test_roles_that_may_not_request_repairs_are_refused(role, item, facility):
    refused = member(role)
    audits = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        services.repair_order_create(actor=refused, **request_fields(item, facility))
    assert not RepairOrder.objects.exists()
    assert AuditRecord.objects.count() == audits


def test_facility_operator_requests_only_at_their_own_facility(operator, item, facility):
    other = RepairFacilityFactory(item_groups=[item.group])
    with pytest.raises(PermissionDenied):
        services.repair_order_create(actor=operator, **request_fields(item, other))
    assert not RepairOrder.objects.exists()
    own = services.repair_order_create(actor=operator, **request_fields(item, facility, code=""))
    assert own.facility == facility


# Weekly intake


def test_receiving_is_refused_beyond_the_weeks_intake(operator, item, facility):
    first, second = order_at(facility, item, 6), order_at(facility, item, 5)
    services.repair_order_receive(actor=operator, order=first, on=MONDAY)
    audits = AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.repair_order_receive(actor=operator, order=second, on=SUNDAY)
    message = error.value.message_dict["received_on"][0]
    assert str(second) in message and "6 of 10" in message
    second.refresh_from_db()
    assert (second.status, second.received_on) == (RepairOrder.Status.REQUESTED, None)
    assert AuditRecord.objects.count() == audits
    # The next week (from Monday) has its own intake.
    services.repair_order_receive(actor=operator, order=second, on=SUNDAY + datetime.timedelta(1))
    assert second.status == RepairOrder.Status.RECEIVED


def test_receiving_fills_the_intake_exactly(operator, item, facility):
    services.repair_order_receive(actor=operator, order=order_at(facility, item, 6), on=MONDAY)
    last = order_at(facility, item, 4)
    services.repair_order_receive(actor=operator, order=last, on=SUNDAY)
    assert last.received_on == SUNDAY


def test_intake_counts_only_this_facility(operator, coordinator, item, facility):
    other = RepairFacilityFactory(item_groups=[item.group], capacity_per_week=10)
    services.repair_order_receive(actor=coordinator, order=order_at(other, item, 10), on=MONDAY)
    services.repair_order_receive(actor=operator, order=order_at(facility, item, 10), on=MONDAY)
    assert RepairOrder.objects.filter(status="received").count() == 2


def test_received_on_cannot_precede_the_request(operator, item, facility):
    order = order_at(facility, item)
    with pytest.raises(DomainError) as error:
        services.repair_order_receive(actor=operator, order=order,
                                      on=datetime.date(2024, 6, 30))
    assert str(order) in error.value.message_dict["on"][0]


# Lifecycle and return


def test_return_creates_a_committed_pledge_of_the_recipient_from_the_facility(
    operator, item, facility
):
    order = in_repair(facility, item, operator, quantity=3)
    returned_on = MONDAY + datetime.timedelta(weeks=4)
    services.repair_order_return(actor=operator, order=order, on=returned_on)
    assert (order.status, order.returned_on) == (RepairOrder.Status.RETURNED, returned_on)
    pledge = order.returned_as
    assert pledge.source == Pledge.Source.REPAIR_RETURN
    assert pledge.status == Pledge.Status.COMMITTED
    assert pledge.committed_on == pledge.available_from == returned_on
    assert pledge.donor == order.recipient
    assert pledge.origin == facility.location
    assert (pledge.item, pledge.quantity) == (item, 3)


def test_return_is_audited_on_the_order_and_the_pledge(operator, item, facility):
    order = in_repair(facility, item, operator)
    services.repair_order_return(actor=operator, order=order, on=MONDAY)
    returned = history(order).order_by("-id").first()
    assert returned.actor == operator
    assert returned.changes["status"] == ("in_repair", "returned")
    created = history(order.returned_as).get()
    assert (created.action, created.actor) == ("create", operator)


@pytest.mark.parametrize(
    ("status", "step"),
    [
        ("requested", services.repair_order_start),
        ("requested", services.repair_order_return),
        ("received", services.repair_order_receive),
        ("received", services.repair_order_return),
        ("in_repair", services.repair_order_cancel),
        ("in_repair", services.repair_order_receive),
        ("returned", services.repair_order_cancel),
        ("cancelled", services.repair_order_receive),
    ],
)
def test_illegal_repair_step_is_refused_naming_order_and_status(coordinator, item, facility,
                                                               status, step):
    order = order_at(facility, item, status=status, received_on=MONDAY,
                     repair_started_on=MONDAY, returned_on=MONDAY)
    audits = AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        step(actor=coordinator, order=order)
    assert str(order) in error.value.message_dict["status"][0]
    order.refresh_from_db()
    assert order.status == status
    assert not Pledge.objects.exists()
    assert AuditRecord.objects.count() == audits


@pytest.mark.parametrize("status", ["requested", "received"])
def test_order_can_be_cancelled_before_repair(planner, item, facility, status):
    order = order_at(facility, item, status=status, received_on=MONDAY)
    services.repair_order_cancel(actor=planner, order=order, reason="No longer needed.")
    assert order.status == RepairOrder.Status.CANCELLED


def test_cancelled_order_frees_the_weeks_intake(operator, item, facility):
    first = order_at(facility, item, 10)
    services.repair_order_receive(actor=operator, order=first, on=MONDAY)
    services.repair_order_cancel(actor=operator, order=first, reason="No longer needed.")
    second = order_at(facility, item, 10)
    services.repair_order_receive(actor=operator, order=second, on=MONDAY)
    assert second.status == RepairOrder.Status.RECEIVED


# Permissions of the facility's steps


@pytest.mark.parametrize("step", ["receive", "return"])
def test_facility_operator_cannot_take_steps_at_another_facility(item, facility, coordinator,
                                                                 step):
    stranger = member("facility_operator", RepairFacilityFactory().operator)
    order = order_at(facility, item) if step == "receive" else in_repair(facility, item,
                                                                          coordinator)
    status = order.status
    audits = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        getattr(services, f"repair_order_{step}")(actor=stranger, order=order, on=MONDAY)
    order.refresh_from_db()
    assert order.status == status
    assert not Pledge.objects.exists()
    assert AuditRecord.objects.count() == audits


@pytest.mark.parametrize("role", ["viewer", "donor_liaison", "node_operator"])
@pytest.mark.parametrize("step", ["receive", "start", "return", "cancel"])
def test_roles_without_repair_rights_can_take_no_step(item, facility, coordinator, role, step):
    organisation = OrganisationFactory(nation=facility.nation) if role == "donor_liaison" else None
    refused = member(role, organisation)
    order = {
        "receive": lambda: order_at(facility, item),
        "start": lambda: order_at(facility, item, status="received", received_on=MONDAY),
        "return": lambda: in_repair(facility, item, coordinator),
        "cancel": lambda: order_at(facility, item),
    }[step]()
    status = order.status
    audits = AuditRecord.objects.count()
    step_function = getattr(services, f"repair_order_{step}")
    with pytest.raises(PermissionDenied):
        if step == "cancel":
            step_function(actor=refused, order=order)
        else:
            step_function(actor=refused, order=order, on=MONDAY)
    order.refresh_from_db()
    assert order.status == status
    assert not Pledge.objects.exists()
    assert AuditRecord.objects.count() == audits
