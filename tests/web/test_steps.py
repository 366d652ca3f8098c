"""Lifecycle steps on the pages: each asks for confirmation with its date (and a cancellation for
its reason), back-dating holds to the rules at the field, and a step not allowed now is neither
offered nor taken when posted anyway."""

import datetime

import pytest
from django.urls import reverse

from convoy.core.audit import history
from convoy.core.models import AuditRecord
from convoy.donations.models import Pledge
from convoy.logistics.models import Discrepancy, Handover, Shipment
from convoy.repairs.models import RepairOrder
from convoy.training.models import Enrolment
from convoy.training.services import enrolment_create

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)


def url(name, obj):
    return reverse(name, kwargs={"pk": obj.pk})


def onward(world, shipment):
    Shipment.objects.filter(pk=shipment.pk).update(status="onward")
    shipment.refresh_from_db()
    return shipment


def enrolment_in(world, session):
    return enrolment_create(actor=world.users["facility_operator"], request=world.training_request,
                            session=session, crews=1)


# (role, URL name, the world's record, states to put it in first, asks for a reason)
STEPS = [
    ("liaison", "donations:pledge-commit", "pledge_deu", {}, False),
    ("liaison", "donations:pledge-cancel", "pledge_pol", {}, True),
    ("planner", "donations:requirement-cancel", "requirement", {}, True),
    ("coordinator", "donations:allocation-cancel", "allocation_deu", {}, True),
    ("node_operator", "logistics:shipment-dispatch", "shipment_deu", {}, False),
    ("node_operator", "logistics:shipment-arrive", "shipment_deu", {"status": "in_transit"},
     False),
    ("node_operator", "logistics:shipment-depart", "shipment_deu", {"status": "at_node"}, False),
    ("planner", "logistics:shipment-handover", "shipment_deu", {"status": "onward"}, False),
    ("coordinator", "logistics:shipment-cancel", "shipment_deu", {}, True),
    ("facility_operator", "repairs:order-receive", "repair_order", {}, False),
    ("facility_operator", "repairs:order-cancel", "repair_order", {}, True),
    ("facility_operator", "training:session-cancel", "session", {}, True),
    ("planner", "training:request-cancel", "training_request", {}, True),
]


@pytest.mark.parametrize(("role", "name", "attr", "state", "asks_reason"), STEPS,
                         ids=[s[1] for s in STEPS])
def test_each_step_shows_a_confirmation_page_with_its_date(as_user, world, role, name, attr,
                                                           state, asks_reason):
    if attr == "pledge_pol":
        role = "liaison_pol"
    obj = getattr(world, attr)
    if state:
        type(obj).objects.filter(pk=obj.pk).update(**state)
    before = AuditRecord.objects.count()
    page = as_user(role).get(url(name, obj))
    assert page.status_code == 200
    content = page.content.decode()
    assert "cannot be undone" in content
    form = page.context["form"]
    assert form["on"].value() == TODAY
    assert ("reason" in form.fields) is asks_reason
    assert AuditRecord.objects.count() == before


def test_detail_page_buttons_lead_to_the_confirmation_page(as_user, world):
    content = as_user("liaison").get(url("donations:pledge-detail", world.pledge_deu)
                                     ).content.decode()
    assert f'href="{url("donations:pledge-commit", world.pledge_deu)}"' in content


def test_a_back_dated_step_within_the_rules_is_recorded_on_that_day(as_user, world):
    response = as_user("liaison").post(url("donations:pledge-commit", world.pledge_deu),
                                       {"on": YESTERDAY.isoformat()})
    assert response.status_code == 302
    world.pledge_deu.refresh_from_db()
    assert (world.pledge_deu.status, world.pledge_deu.committed_on) == ("committed", YESTERDAY)


def test_a_step_in_the_future_is_refused_at_the_date_field(as_user, world):
    response = as_user("liaison").post(url("donations:pledge-commit", world.pledge_deu),
                                       {"on": TOMORROW.isoformat()})
    assert response.status_code == 400
    assert "in the future" in " ".join(response.context["form"].errors["on"])
    world.pledge_deu.refresh_from_db()
    assert world.pledge_deu.status == "announced"


def test_a_step_before_the_previous_one_is_refused_at_the_date_field(as_user, world):
    announced = world.pledge_deu.announced_on
    response = as_user("liaison").post(
        url("donations:pledge-commit", world.pledge_deu),
        {"on": (announced - datetime.timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    assert "before its previous step" in " ".join(response.context["form"].errors["on"])


def test_a_shipment_step_is_back_dated_but_not_before_the_previous_step(as_user, world):
    client = as_user("node_operator")
    shipment = world.shipment_deu
    client.post(url("logistics:shipment-dispatch", shipment), {"on": YESTERDAY.isoformat()})
    shipment.refresh_from_db()
    assert shipment.status == "in_transit" and shipment.dispatched_at.date() == YESTERDAY
    early = client.post(url("logistics:shipment-arrive", shipment),
                        {"on": (YESTERDAY - datetime.timedelta(days=1)).isoformat()})
    assert early.status_code == 400
    assert "before its previous step" in " ".join(early.context["form"].errors["on"])
    shipment.refresh_from_db()
    assert shipment.status == "in_transit"


def test_a_step_before_the_record_was_created_is_refused(as_user, world):
    # A requirement entered today (its creation is in the audit trail) was not cancelled before.
    client = as_user("planner")
    client.post(reverse("donations:requirement-create"), {
        "code": "R-NEW", "recipient": world.ukr.pk, "item_group": world.group.pk,
        "quantity": 5, "priority": 2, "needed_by": "2027-01-01", "destination": world.kyiv.pk,
    })
    from convoy.donations.models import Requirement

    requirement = Requirement.objects.get(code="R-NEW")
    response = client.post(url("donations:requirement-cancel", requirement),
                           {"on": YESTERDAY.isoformat(), "reason": "Entered by mistake."})
    assert response.status_code == 400
    assert "before the record was created" in " ".join(response.context["form"].errors["on"])


def test_a_cancellation_without_a_reason_is_refused_at_the_reason_field(as_user, world):
    before = AuditRecord.objects.count()
    response = as_user("coordinator").post(url("logistics:shipment-cancel", world.shipment_deu),
                                           {"on": TODAY.isoformat(), "reason": "   "})
    assert response.status_code == 400
    assert "give a reason" in " ".join(response.context["form"].errors["reason"])
    world.shipment_deu.refresh_from_db()
    assert world.shipment_deu.status == "planned"
    assert AuditRecord.objects.count() == before


def test_a_cancellations_reason_is_stored_and_shown_in_the_history(as_user, world):
    client = as_user("coordinator")
    client.post(url("logistics:shipment-cancel", world.shipment_deu),
                {"reason": "Rail strike at the border crossing."})
    world.shipment_deu.refresh_from_db()
    assert world.shipment_deu.status == "cancelled"
    assert "Rail strike at the border crossing." in history(world.shipment_deu).first().summary
    page = client.get(url("logistics:shipment-detail", world.shipment_deu)).content.decode()
    assert "Rail strike at the border crossing." in page


def test_a_role_that_may_not_take_the_step_gets_no_confirmation_page(as_user, world):
    assert as_user("viewer").get(url("donations:pledge-commit", world.pledge_deu)
                                 ).status_code == 403
    assert as_user("liaison_pol").get(url("donations:pledge-commit", world.pledge_deu)
                                      ).status_code == 404


# A step offered only when it is allowed now


def test_mark_trained_is_not_offered_before_the_session_ends_and_refused_if_posted(as_user,
                                                                                  world):
    enrolment = enrolment_in(world, world.session)
    client = as_user("facility_operator")
    page = client.get(url("training:session-detail", world.session)).content.decode()
    assert url("training:enrolment-trained", enrolment) not in page
    assert url("training:enrolment-withdraw", enrolment) in page
    response = client.post(url("training:enrolment-trained", enrolment))
    assert response.status_code == 400
    assert str(world.session.end_date) in " ".join(response.context["form"].errors["on"])
    assert Enrolment.objects.get(pk=enrolment.pk).status == "enrolled"


def test_mark_trained_is_offered_once_the_session_has_ended(as_user, world):
    session = world.session
    enrolment = enrolment_in(world, session)
    start = TODAY - datetime.timedelta(weeks=session.course.duration_weeks, days=1)
    type(session).objects.filter(pk=session.pk).update(start_date=start, status="running")
    session.refresh_from_db()
    client = as_user("facility_operator")
    page = client.get(url("training:session-detail", session)).content.decode()
    assert url("training:enrolment-trained", enrolment) in page
    response = client.post(url("training:enrolment-trained", enrolment))
    assert response.status_code == 302
    assert response["Location"] == url("training:session-detail", session)
    assert Enrolment.objects.get(pk=enrolment.pk).status == "trained"


def test_a_detail_page_offers_an_action_only_when_it_is_available(as_user, world, monkeypatch):
    from convoy.donations.views import PledgeDetailView
    from convoy.web.records import Action

    monkeypatch.setattr(PledgeDetailView, "actions", [
        Action("Commit pledge", "donations:pledge-commit", ("announced",),
               available=lambda pledge, today: pledge.available_from <= today),
    ])
    step = url("donations:pledge-commit", world.pledge_deu)
    client = as_user("liaison")

    def page_after(available_from):
        Pledge.objects.filter(pk=world.pledge_deu.pk).update(available_from=available_from)
        return client.get(url("donations:pledge-detail", world.pledge_deu)).content.decode()

    assert step in page_after(YESTERDAY)
    assert step not in page_after(TOMORROW)


def test_a_repair_receipt_is_not_offered_when_the_weeks_intake_is_full(as_user, world):
    order = world.repair_order
    facility = world.repair_facility
    type(facility).objects.filter(pk=facility.pk).update(capacity_per_week=order.quantity - 1)
    client = as_user("facility_operator")
    page = client.get(url("repairs:order-detail", order)).content.decode()
    assert url("repairs:order-receive", order) not in page
    response = client.post(url("repairs:order-receive", order))
    assert response.status_code == 400
    assert "would exceed the intake" in " ".join(response.context["form"].non_field_errors())
    order.refresh_from_db()
    assert order.status == "requested"
    type(facility).objects.filter(pk=facility.pk).update(capacity_per_week=order.quantity)
    assert url("repairs:order-receive", order) in client.get(
        url("repairs:order-detail", order)).content.decode()


# Short handovers and discrepancies on the pages


def test_a_short_handover_needs_its_reason_and_what_becomes_of_the_rest(as_user, world):
    shipment = onward(world, world.shipment_deu)
    response = as_user("planner").post(url("logistics:shipment-handover", shipment), {
        "received_quantity": 18, "receiving_unit": "47th Mechanised Brigade",
        "signed_by": "Maj. Kovalenko",
    })
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "say why" in " ".join(errors["short_reason"])
    assert "still to be delivered" in " ".join(errors["rest"])
    assert not Handover.objects.exists()
    shipment.refresh_from_db()
    assert shipment.status == "onward"


def test_a_short_handover_raises_a_discrepancy_the_node_operator_resolves(as_user, world):
    shipment = onward(world, world.shipment_deu)
    response = as_user("planner").post(url("logistics:shipment-handover", shipment), {
        "received_quantity": 18, "receiving_unit": "47th Mechanised Brigade",
        "signed_by": "Maj. Kovalenko", "short_reason": "damaged", "rest": "discrepancy",
        "remarks": "Two hulls cracked on the flatcar.",
    })
    assert response.status_code == 302
    discrepancy = Discrepancy.objects.get(shipment=shipment)
    assert (discrepancy.quantity, discrepancy.reason, discrepancy.status) == (2, "damaged", "open")
    detail = as_user("planner").get(url("logistics:shipment-detail", shipment)).content.decode()
    assert "18 of 20" in detail and "Damaged in transit" in detail
    operator = as_user("node_operator")
    page = operator.get(url("logistics:discrepancy-detail", discrepancy))
    assert url("logistics:discrepancy-resolve", discrepancy) in page.content.decode()
    refused = operator.post(url("logistics:discrepancy-resolve", discrepancy), {"reason": ""})
    assert refused.status_code == 400
    assert "how it was resolved" in " ".join(refused.context["form"].errors["reason"])
    operator.post(url("logistics:discrepancy-resolve", discrepancy),
                  {"reason": "Donor replaces both vehicles in the next shipment."})
    discrepancy.refresh_from_db()
    assert discrepancy.status == "resolved"
    assert discrepancy.resolved_by == world.users["node_operator"]
    assert discrepancy.resolved_on == TODAY
    assert discrepancy.resolution_note.startswith("Donor replaces")


def test_a_discrepancy_list_shows_only_what_the_role_may_see(as_user, world):
    shipment = onward(world, world.shipment_pol)
    from convoy.logistics.services import shipment_hand_over

    shipment_hand_over(actor=world.users["planner"], shipment=shipment, received_quantity=9,
                       receiving_unit="Unit", signed_by="Someone", short_reason="lost",
                       rest="discrepancy")
    listing = reverse("logistics:discrepancy-list")
    assert as_user("liaison_pol").get(listing).context["total"] == 1
    assert as_user("liaison").get(listing).context["total"] == 0
    discrepancy = Discrepancy.objects.get()
    assert as_user("liaison").get(url("logistics:discrepancy-detail", discrepancy)
                                  ).status_code == 404
    # A donor liaison may read their nation's discrepancy but not resolve it.
    assert as_user("liaison_pol").get(url("logistics:discrepancy-resolve", discrepancy)
                                      ).status_code == 403


def test_a_short_handover_with_a_follow_up_keeps_the_rest_open(as_user, world):
    shipment = onward(world, world.shipment_deu)
    as_user("planner").post(url("logistics:shipment-handover", shipment), {
        "received_quantity": 15, "receiving_unit": "Unit", "signed_by": "Someone",
        "short_reason": "missing", "rest": "follow_up",
    })
    follow_up = Shipment.objects.get(follow_up_of=shipment)
    assert (follow_up.quantity, follow_up.status) == (5, "onward")
    page = as_user("planner").get(url("logistics:shipment-detail", shipment)).content.decode()
    assert f"Shipment {follow_up.pk}" in page


# Partial repair returns on the pages


def test_a_partial_repair_return_writes_off_the_rest_with_its_reason(as_user, world):
    order = world.repair_order
    RepairOrder.objects.filter(pk=order.pk).update(
        status="in_repair", received_on=YESTERDAY, repair_started_on=YESTERDAY, quantity=3)
    client = as_user("facility_operator")
    page = client.get(url("repairs:order-return", order))
    assert page.context["form"]["returned_quantity"].value() == 3
    refused = client.post(url("repairs:order-return", order), {"returned_quantity": 2})
    assert refused.status_code == 400
    assert "say why" in " ".join(refused.context["form"].errors["short_reason"])
    client.post(url("repairs:order-return", order), {
        "returned_quantity": 2, "short_reason": "beyond_repair", "rest": "written_off",
        "note": "Hull cracked.",
    })
    order.refresh_from_db()
    assert (order.status, order.returned_quantity, order.written_off_quantity) == (
        "returned", 2, 1)
    assert Pledge.objects.get(pk=order.returned_as_id).quantity == 2
    detail = client.get(url("repairs:order-detail", order)).content.decode()
    assert "Beyond economic repair" in detail
