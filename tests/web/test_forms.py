"""The other create, edit and step forms: each writes through its service and names the field a
rule refuses."""

import datetime

import pytest
from django.urls import reverse

from convoy.donations.models import Requirement
from convoy.funding.models import Disbursement, FinancialPledge
from convoy.logistics.models import Shipment
from convoy.manning.models import Post
from convoy.training.models import CourseSession, TrainingRequest

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_recipient_planner_records_edits_and_cancels_a_requirement(as_user, world):
    client = as_user("planner")
    client.post(reverse("donations:requirement-create"), {
        "code": "R-NEW", "recipient": world.ukr.pk, "item_group": world.group.pk,
        "quantity": 5, "priority": 2, "needed_by": "2027-01-01", "destination": world.kyiv.pk,
    })
    requirement = Requirement.objects.get(code="R-NEW")
    client.post(reverse("donations:requirement-edit", kwargs={"pk": requirement.pk}), {
        "code": "ignored", "recipient": world.ukr.pk, "item_group": world.group.pk,
        "quantity": 8, "priority": 1, "needed_by": "2027-01-01", "destination": world.kyiv.pk,
    })
    requirement.refresh_from_db()
    assert (requirement.code, requirement.quantity, requirement.priority) == ("R-NEW", 8, 1)
    client.post(reverse("donations:requirement-cancel", kwargs={"pk": requirement.pk}),
                {"reason": "Covered by the national budget."})
    requirement.refresh_from_db()
    assert requirement.status == "cancelled"
    # A cancelled requirement is no longer editable.
    edit = client.get(reverse("donations:requirement-edit", kwargs={"pk": requirement.pk}))
    assert edit.status_code == 403


def test_requirement_priority_out_of_range_is_named(as_user, world):
    response = as_user("planner").post(reverse("donations:requirement-create"), {
        "code": "R-BAD", "recipient": world.ukr.pk, "item_group": world.group.pk,
        "quantity": 5, "priority": 9, "needed_by": "2027-01-01", "destination": world.kyiv.pk,
    })
    assert response.status_code == 400
    assert not Requirement.objects.filter(code="R-BAD").exists()


def test_donor_liaison_edits_their_pledge_but_not_below_what_is_allocated(as_user, world):
    client = as_user("liaison")
    url = reverse("donations:pledge-edit", kwargs={"pk": world.pledge_deu.pk})
    data = {"code": "P-DEU-1", "donor": world.deu.pk, "item": world.item.pk, "quantity": 10,
            "available_from": "2024-07-01", "origin": world.depot_deu.pk}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "already allocated" in " ".join(response.context["form"].errors["quantity"])
    data["quantity"] = 35
    client.post(url, data)
    world.pledge_deu.refresh_from_db()
    assert world.pledge_deu.quantity == 35


def test_coordinator_plans_a_shipment_from_an_allocation(as_user, world):
    response = as_user("coordinator").post(reverse("logistics:shipment-create"), {
        "allocation": world.allocation_deu.pk, "quantity": 20, "node": world.node.pk,
        "planned_departure": "2027-02-01",
    })
    # 20 of 20 units of that allocation are already on a shipment: the service names the rule.
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Shipment.objects.count() == 2


def test_node_board_moves_by_week(as_user, world):
    client = as_user("node_operator")
    url = reverse("logistics:node-board", kwargs={"pk": world.node.pk})
    response = client.get(url + "?week=2024-07-10")
    assert response.context["monday"] == datetime.date(2024, 7, 8)
    lanes = {heading: rows for heading, _, rows in response.context["lanes"]}
    assert len(lanes["Inbound"]) == 2  # both planned shipments leave the node that week
    assert client.get(url + "?week=not-a-date").status_code == 200


def test_facility_operator_offers_a_session(as_user, world):
    client = as_user("facility_operator")
    form = client.get(reverse("training:session-create")).context["form"]
    assert list(form.fields["facility"].queryset) == [world.training_facility]
    client.post(reverse("training:session-create"), {
        "code": "S-NEW", "course": world.course.pk, "facility": world.training_facility.pk,
        "start_date": "2027-03-01", "seats": 8,
    })
    # A facility operator sees only its own facilities' sessions: Convoy gives the code.
    assert not CourseSession.objects.filter(code="S-NEW").exists()
    assert CourseSession.objects.get(start_date="2027-03-01").seats == 8


def test_recipient_planner_requests_training(as_user, world):
    as_user("planner").post(reverse("training:request-create"), {
        "code": "TR-NEW", "recipient": world.ukr.pk, "recipient_unit": "3rd Assault Brigade",
        "course": world.course.pk, "crews_needed": 2, "needed_by": "2027-04-01",
        "requirement": "R-IFV-1",
    })
    request = TrainingRequest.objects.get(code="TR-NEW")
    assert request.requirement == world.requirement


def test_donor_liaison_records_a_financial_pledge_and_a_disbursement(as_user, world):
    client = as_user("liaison")
    client.post(reverse("funding:pledge-create"), {
        "code": "FP-DEU-NEW", "donor": world.deu.pk, "kind": "grant",
        "status": "committed", "first_year": 2027,
        "last_year": 2028, "amount": "500000000", "currency": "EUR",
        "amount_eur": "500000000", "announced_on": "2026-11-01",
    })
    pledge = FinancialPledge.objects.get(donor=world.deu, first_year=2027)  # code by Convoy
    url = reverse("funding:disbursement-create", kwargs={"pk": pledge.pk})
    too_much = client.post(url, {"date": "2027-02-01", "amount_eur": "900000000"})
    assert too_much.status_code == 400 and not Disbursement.objects.exists()
    response = client.post(url, {"date": "2027-02-01", "amount_eur": "100000000"}, follow=True)
    assert Disbursement.objects.get().amount_eur == 100_000_000
    assert f"Disbursement of {pledge.code} recorded." in messages_of(response)


def test_another_donor_may_not_disburse_for_germany(as_user, world):
    url = reverse("funding:disbursement-create", kwargs={"pk": world.fin_deu.pk})
    assert as_user("liaison_pol").get(url).status_code == 404
    assert as_user("viewer").get(url).status_code == 403


def test_coordinator_creates_fills_and_vacates_a_post(as_user, world):
    client = as_user("coordinator")
    client.post(reverse("manning:post-create"), {
        "code": "J5-NEW", "title": "Plans officer", "branch": "J5", "rank_band": "OF3-4",
    })
    post = Post.objects.get(code="J5-NEW")
    client.post(reverse("manning:post-fill", kwargs={"pk": post.pk}),
                {"nation": world.pol.pk, "on": "2026-01-01"})
    post.refresh_from_db()
    assert post.filled_by == world.pol
    client.post(reverse("manning:post-vacate", kwargs={"pk": post.pk}), {"on": "2026-06-30"})
    post.refresh_from_db()
    assert post.filled_to == datetime.date(2026, 6, 30)


def test_viewer_may_not_create_posts(as_user):
    assert as_user("viewer").get(reverse("manning:post-create")).status_code == 403


def test_edit_forms_show_the_records_values_and_save_through_the_services(as_user, world):
    client = as_user("liaison")
    url = reverse("funding:pledge-edit", kwargs={"pk": world.fin_deu.pk})
    form = client.get(url).context["form"]
    assert form["code"].value() == "FP-DEU-1"
    assert str(form["amount_eur"].value()).startswith("8000000000")
    operator = as_user("facility_operator")
    session_url = reverse("training:session-edit", kwargs={"pk": world.session.pk})
    operator.post(session_url, {
        "code": "S-1", "course": world.course.pk, "facility": world.training_facility.pk,
        "start_date": world.session.start_date.isoformat(), "seats": 9,
    })
    world.session.refresh_from_db()
    assert world.session.seats == 9
    planner = as_user("planner")
    request_url = reverse("training:request-edit", kwargs={"pk": world.training_request.pk})
    planner.post(request_url, {
        "code": "TR-1", "recipient": world.ukr.pk, "recipient_unit": "Renamed unit",
        "course": world.course.pk, "crews_needed": 4, "needed_by": "2024-10-01",
        "requirement": "R-IFV-1",
    })
    world.training_request.refresh_from_db()
    assert world.training_request.recipient_unit == "Renamed unit"


def test_another_nation_may_not_edit_a_session(as_user, world):
    url = reverse("training:session-edit", kwargs={"pk": world.session.pk})
    assert as_user("liaison_pol").get(url).status_code == 404
    assert as_user("planner").get(url).status_code == 403


def test_node_operator_sets_a_weeks_capacity_from_the_board(as_user, world):
    from convoy.logistics.models import CapacityException

    client = as_user("node_operator")
    board = reverse("logistics:node-board", kwargs={"pk": world.node.pk})
    assert "Set this week" in client.get(board + "?week=2024-07-10").content.decode()
    response = client.post(reverse("logistics:node-capacity", kwargs={"pk": world.node.pk}),
                           {"week": "2024-07-10", "capacity_t": "120", "reason": "Rail works"},
                           follow=True)
    exception = CapacityException.objects.get(node=world.node)
    assert exception.week_start == datetime.date(2024, 7, 8) and exception.capacity_t == 120
    assert response.context["capacity"] == 120
    assert any("set to 120 t" in m for m in messages_of(response))


def test_donor_liaison_may_not_set_a_nodes_capacity(as_user, world):
    from convoy.logistics.models import CapacityException

    client = as_user("liaison")
    board = reverse("logistics:node-board", kwargs={"pk": world.node.pk})
    assert "Set this week" not in client.get(board).content.decode()
    response = client.post(reverse("logistics:node-capacity", kwargs={"pk": world.node.pk}),
                           {"week": "2024-07-10", "capacity_t": "0"}, follow=True)
    assert not CapacityException.objects.exists()
    assert any(m.startswith("Refused:") for m in messages_of(response))


def test_coordinator_sets_the_yearly_baseline(as_user, world):
    from convoy.funding.models import YearlyBaseline

    client = as_user("coordinator")
    assert "Set a yearly baseline" in client.get(reverse("funding:pledge-list")).content.decode()
    client.post(reverse("funding:baseline-set"), {"year": 2031, "amount_eur": "41000000000"})
    assert YearlyBaseline.objects.get(year=2031).amount_eur == 41_000_000_000
    liaison = as_user("liaison")
    assert "Set a yearly baseline" not in liaison.get(
        reverse("funding:pledge-list")).content.decode()
    assert liaison.get(reverse("funding:baseline-set")).status_code == 403
