"""The figures of the other reports, recomputed from the records the test makes."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from convoy.development.services import target_record_progress
from convoy.logistics.models import Handover, Shipment
from convoy.manning.models import Post
from convoy.repairs.models import RepairOrder
from convoy.reports import manning, repair, scorecard, targets
from convoy.reports.common import SYSTEM_READER
from tests.development.factories import CapabilityTargetFactory
from tests.manning.factories import PostFactory
from tests.training.factories import EnrolmentFactory

TODAY = datetime.date.today()


def hand_over(shipment, units, on=None):
    signed = timezone.make_aware(datetime.datetime.combine(on or TODAY, datetime.time(12)))
    Shipment.objects.filter(pk=shipment.pk).update(status="delivered")
    return Handover.objects.create(shipment=shipment, received_quantity=units,
                                   receiving_unit="1st brigade", signed_by="Col. K.",
                                   signed_at=signed)


def row_of(report, target):
    return next(r for r in report.rows if r["description"] == target.description)


def test_target_progress_is_computed_from_handovers(world):
    target = CapabilityTargetFactory(recipient=world.ukr, area=world.group.area,
                                     year=TODAY.year + 1, description="IFV in service",
                                     target_quantity=40, measured_item_group=world.group)
    hand_over(world.shipment_deu, 18)
    hand_over(world.shipment_pol, 10)
    row = row_of(targets.build(SYSTEM_READER), target)
    assert row["achieved"] == 28
    assert row["progress"] == Decimal("0.7000")
    years = [r for r in targets.build(SYSTEM_READER).table("trajectory").rows
             if r["description"] == target.description]
    assert [r["year"] for r in years] == [TODAY.year, TODAY.year + 1]
    assert years[-1]["trajectory"] == 40 and years[0]["achieved"] == 28


def test_target_progress_is_computed_from_crews_trained(world):
    target = CapabilityTargetFactory(recipient=world.ukr, area=world.group.area,
                                     year=TODAY.year + 2, description="Marder crews",
                                     target_quantity=8, measured_course=world.course)
    EnrolmentFactory(request=world.training_request, session=world.session, crews=3,
                     status="trained")
    EnrolmentFactory(request=world.training_request, crews=2)  # enrolled, not yet trained
    row = row_of(targets.build(SYSTEM_READER), target)
    assert row["achieved"] == 3 and row["computed"] is True


def test_typed_progress_is_refused_for_a_measured_target(world):
    target = CapabilityTargetFactory(recipient=world.ukr, area=world.group.area,
                                     measured_course=world.course)
    with pytest.raises(ValidationError) as refused:
        target_record_progress(actor=world.users["planner"], target=target, achieved_quantity=5)
    assert "achieved_quantity" in refused.value.message_dict


def test_a_target_no_record_measures_shows_its_typed_progress(world):
    rows = targets.build(SYSTEM_READER).rows
    assert rows[0]["measured_by"].startswith("typed by hand")
    assert rows[0]["achieved"] == world.target.achieved_quantity


def test_manning_counts_fill_rates_ending_tours_and_idle_nations(world):
    PostFactory(code="J4-002", filled_by=world.deu, filled_from=TODAY - timedelta(days=300),
                filled_to=TODAY + timedelta(days=30), next_filled_by=world.pol,
                next_filled_from=TODAY + timedelta(days=31))
    PostFactory(code="J4-003", filled_by=world.deu, filled_from=TODAY - timedelta(days=10),
                filled_to=TODAY + timedelta(days=200))
    report = manning.build(SYSTEM_READER)
    assert report.facts["posts"] == Post.objects.count() == 3
    assert report.facts["fill_rate"] == Decimal("0.6667")
    assert report.table("ending").rows == [{
        "post": "J4-002", "title": Post.objects.get(code="J4-002").title, "nation": "DEU",
        "ends": TODAY + timedelta(days=30), "next_nation": "POL",
        "next_from": TODAY + timedelta(days=31)}]
    assert {r["nation"] for r in report.table("no_post").rows} == {"POL"}
    j4 = next(r for r in report.table("branches").rows if r["posts"] == 3)
    assert j4["filled"] == 2


def test_repair_orders_are_expected_back_after_the_turnaround(world):
    order = world.repair_order
    RepairOrder.objects.filter(pk=order.pk).update(requested_on=TODAY - timedelta(weeks=30))
    order.refresh_from_db()
    report = repair.build(SYSTEM_READER)
    row = report.table("orders").rows[0]
    expected = order.requested_on + timedelta(weeks=order.facility.turnaround_weeks)
    assert row["expected_back"] == expected
    assert row["overdue_days"] == (TODAY - expected).days > 0
    assert [r["code"] for r in report.table("overdue").rows] == [order.code]
    assert report.table("back_by_month").rows[0]["units"] == order.quantity


def test_repair_orders_of_another_operator_are_counted_but_not_named(world):
    report = repair.build(world.users["node_operator"])
    assert report.facts["open_orders"] == 1
    assert report.table("orders").rows[0]["code"] != world.repair_order.code


def test_scorecard_on_time_delivery_is_the_share_signed_by_the_planned_arrival(world):
    Shipment.objects.filter(pk=world.shipment_pol.pk).update(
        planned_arrival=TODAY + timedelta(days=5))
    hand_over(world.shipment_deu, 20)
    hand_over(world.shipment_pol, 10)
    month = scorecard.build(SYSTEM_READER).rows[-1]
    assert month["month"] == TODAY.strftime("%Y-%m")
    assert month["handed_over"] == 2 and month["on_time_rate"] == Decimal("0.5000")


def test_scorecard_fill_rate_by_priority_counts_units_allocated(world):
    # R-IFV-1: priority 1, 100 units, 30 allocated; its month is when it is needed.
    month = world.requirement.needed_by.strftime("%Y-%m")
    rows = {r["month"]: r for r in scorecard.build(SYSTEM_READER,
                                                   as_of=world.requirement.needed_by).rows}
    assert rows[month]["fill_p1"] == Decimal("0.3000")
