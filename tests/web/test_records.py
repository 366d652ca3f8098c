"""Detail pages, create and edit forms and lifecycle buttons: each role's main path works, every
refusal is a clear message, and a refused step writes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from convoy.core.audit import history
from convoy.core.models import AuditRecord
from convoy.donations.models import Allocation, Pledge
from convoy.logistics.models import Handover
from convoy.repairs.models import RepairOrder
from convoy.training.models import Enrolment

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow_post(client, url, data=None):
    return client.post(url, data or {}, follow=True)


# Detail pages and history


def test_detail_page_shows_fields_related_records_and_history(as_user, world):
    from convoy.donations.services import pledge_commit

    pledge_commit(actor=world.users["liaison"], pledge=world.pledge_deu)
    response = as_user("liaison").get(
        reverse("donations:pledge-detail", kwargs={"pk": world.pledge_deu.pk}))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Marder 1A3" in content and "R-IFV-1" in content
    assert "History" in content and "Announced → Committed" in content  # the step, by its labels
    assert "liaison_deu" in content


def test_donor_cannot_open_another_nations_pledge(as_user, world):
    url = reverse("donations:pledge-detail", kwargs={"pk": world.pledge_pol.pk})
    response = as_user("liaison").get(url)
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()
    assert "P-POL-1" not in response.content.decode()


def test_history_is_shown_only_with_the_record_a_user_may_see(as_user, world):
    url = reverse("logistics:shipment-detail", kwargs={"pk": world.shipment_pol.pk})
    assert as_user("liaison").get(url).status_code == 404
    assert as_user("liaison_pol").get(url).status_code == 200


@pytest.mark.parametrize(
    ("name", "attr"),
    [
        ("donations:requirement-detail", "requirement"),
        ("donations:allocation-detail", "allocation_deu"),
        ("logistics:shipment-detail", "shipment_deu"),
        ("logistics:node-board", "node"),
        ("repairs:order-detail", "repair_order"),
        ("training:session-detail", "session"),
        ("training:request-detail", "training_request"),
        ("funding:pledge-detail", "fin_deu"),
        ("manning:post-detail", "post"),
    ],
)
def test_detail_pages_open_for_a_coordinator(as_user, world, name, attr,
                                             django_assert_max_num_queries):
    client = as_user("coordinator")
    with django_assert_max_num_queries(20):
        response = client.get(reverse(name, kwargs={"pk": getattr(world, attr).pk}))
    assert response.status_code == 200


# Donor liaison: record and commit a pledge


def test_donor_liaison_records_a_pledge_through_the_form(as_user, world):
    client = as_user("liaison")
    form = client.get(reverse("donations:pledge-create"))
    assert list(form.context["form"].fields["donor"].queryset) == [world.deu]
    response = follow_post(client, reverse("donations:pledge-create"), {
        "code": "P-DEU-NEW", "donor": world.deu.pk, "item": world.item.pk, "quantity": 12,
        "available_from": "2026-12-01", "origin": world.depot_deu.pk, "notes": "<b>bold</b>",
    })
    pledge = Pledge.objects.get(quantity=12)  # a donor liaison's codes are given by Convoy
    assert pledge.code != "P-DEU-NEW" and pledge.code.startswith("P-")
    assert pledge.status == "announced" and pledge.donor == world.deu
    assert f"Pledge {pledge.code} recorded (announced)." in messages_of(response)
    assert "&lt;b&gt;bold&lt;/b&gt;" in response.content.decode()
    assert [r.source for r in history(pledge)] == ["ui"]


def test_pledge_form_refuses_another_nation_as_donor(as_user, world):
    response = as_user("liaison").post(reverse("donations:pledge-create"), {
        "code": "P-POL-NEW", "donor": world.pol.pk, "item": world.item.pk, "quantity": 12,
        "available_from": "2026-12-01", "origin": world.depot_pol.pk,
    })
    assert response.status_code == 400
    assert "donor" in response.context["form"].errors
    assert not Pledge.objects.filter(code="P-POL-NEW").exists()


def test_pledge_form_shows_field_level_messages_and_writes_nothing(as_user, world):
    before = AuditRecord.objects.count()
    response = as_user("liaison").post(reverse("donations:pledge-create"), {
        "code": "bad code!", "donor": world.deu.pk, "item": world.item.pk, "quantity": 0,
        "available_from": "not a date", "origin": world.depot_deu.pk,
    })
    errors = response.context["form"].errors
    assert response.status_code == 400
    assert {"quantity", "available_from"} <= set(errors)
    assert "code" not in errors  # Convoy gives a donor liaison's pledge its code
    content = response.content.decode()
    assert 'id="id_quantity_error"' in content
    assert 'aria-describedby="id_quantity_error"' in content  # read out with the field
    assert 'aria-invalid="true"' in content
    assert AuditRecord.objects.count() == before


def test_donor_liaison_commits_their_pledge(as_user, world):
    url = reverse("donations:pledge-commit", kwargs={"pk": world.pledge_deu.pk})
    response = follow_post(as_user("liaison"), url)
    world.pledge_deu.refresh_from_db()
    assert world.pledge_deu.status == "committed"
    assert "Pledge P-DEU-1 committed." in messages_of(response)


def test_committing_twice_is_refused_with_the_rule(as_user, world):
    client = as_user("liaison")
    url = reverse("donations:pledge-commit", kwargs={"pk": world.pledge_deu.pk})
    follow_post(client, url)
    before = AuditRecord.objects.count()
    response = client.post(url)
    assert response.status_code == 400
    assert "cannot go from" in " ".join(response.context["form"].non_field_errors())
    assert "Refused:" in response.content.decode()
    assert AuditRecord.objects.count() == before


@pytest.mark.parametrize("role", ["viewer", "planner", "node_operator", "facility_operator"])
def test_roles_that_may_not_commit_a_pledge_are_refused(as_user, world, role):
    before = AuditRecord.objects.count()
    url = reverse("donations:pledge-commit", kwargs={"pk": world.pledge_deu.pk})
    client = as_user(role)
    response = follow_post(client, url)
    world.pledge_deu.refresh_from_db()
    assert world.pledge_deu.status == "announced"
    assert AuditRecord.objects.count() == before
    # 403 for a role that sees the pledge, 404 for one that may not even see it.
    assert response.status_code in (403, 404)
    assert client.get(url).status_code in (403, 404)


def test_another_donor_cannot_commit_a_pledge_it_cannot_see(as_user, world):
    url = reverse("donations:pledge-commit", kwargs={"pk": world.pledge_deu.pk})
    assert as_user("liaison_pol").post(url).status_code == 404
    world.pledge_deu.refresh_from_db()
    assert world.pledge_deu.status == "announced"


def test_lifecycle_buttons_appear_only_for_allowed_steps(as_user, world):
    url = reverse("donations:pledge-detail", kwargs={"pk": world.pledge_deu.pk})
    assert "Commit pledge" in as_user("liaison").get(url).content.decode()
    viewer_page = as_user("viewer").get(url).content.decode()
    assert "Commit pledge" not in viewer_page
    assert "may view this record but not change it" in viewer_page


def test_a_step_asks_for_confirmation_and_changes_nothing_on_get(as_user, world):
    url = reverse("donations:pledge-commit", kwargs={"pk": world.pledge_deu.pk})
    page = as_user("liaison").get(url)
    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()
    world.pledge_deu.refresh_from_db()
    assert world.pledge_deu.status == "announced"


def test_forms_and_buttons_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["liaison"])
    url = reverse("donations:pledge-commit", kwargs={"pk": world.pledge_deu.pk})
    response = client.post(url)
    assert response.status_code == 403
    assert "form has expired" in response.content.decode()
    world.pledge_deu.refresh_from_db()
    assert world.pledge_deu.status == "announced"


def test_create_page_refuses_a_role_that_may_not_add(as_user):
    response = as_user("viewer").get(reverse("donations:pledge-create"))
    assert response.status_code == 403
    assert "Your role may not add a pledge." in response.content.decode()


def test_service_refusal_is_shown_beside_its_field(as_user, world):
    response = as_user("coordinator").post(reverse("donations:allocation-create"), {
        "pledge": "P-DEU-1", "requirement": "R-IFV-1", "quantity": 500,
    })
    assert response.status_code == 400
    assert "units left" in " ".join(response.context["form"].errors["quantity"])
    assert Allocation.objects.count() == 2


def test_coordinator_allocates_a_pledge(as_user, world):
    response = follow_post(as_user("coordinator"), reverse("donations:allocation-create"), {
        "pledge": "P-DEU-1", "requirement": "R-IFV-1", "quantity": 5,
    })
    assert Allocation.objects.filter(pledge=world.pledge_deu, quantity=5).exists()
    assert response.status_code == 200


# Node operator: record an arrival


def dispatched(world, shipment):
    from convoy.logistics.services import shipment_dispatch

    shipment_dispatch(actor=world.users["coordinator"], shipment=shipment)
    return shipment


def test_node_operator_records_an_arrival(as_user, world):
    shipment = dispatched(world, world.shipment_deu)
    response = follow_post(as_user("node_operator"),
                           reverse("logistics:shipment-arrive", kwargs={"pk": shipment.pk}))
    shipment.refresh_from_db()
    assert shipment.status == "at_node" and shipment.arrived_at_node_at is not None
    assert any("arrived at the node" in m for m in messages_of(response))
    assert "Arrived at node" in response.content.decode()


def test_donor_liaison_may_not_record_an_arrival(as_user, world):
    shipment = dispatched(world, world.shipment_deu)
    response = as_user("liaison").post(
        reverse("logistics:shipment-arrive", kwargs={"pk": shipment.pk}))
    shipment.refresh_from_db()
    assert shipment.status == "in_transit"
    assert response.status_code == 403


def test_shipment_page_shows_its_timeline(as_user, world):
    shipment = dispatched(world, world.shipment_deu)
    content = as_user("node_operator").get(
        reverse("logistics:shipment-detail", kwargs={"pk": shipment.pk})).content.decode()
    assert "Journey" in content
    assert 'class="done"' in content and 'class="current"' in content


# Recipient planner: record a handover and a repair order


def at_onward(world, shipment):
    from convoy.logistics.services import shipment_record_arrival, shipment_record_departure

    dispatched(world, shipment)
    coordinator = world.users["coordinator"]
    shipment_record_arrival(actor=coordinator, shipment=shipment)
    shipment_record_departure(actor=coordinator, shipment=shipment)
    return shipment


def test_recipient_planner_records_a_handover(as_user, world):
    shipment = at_onward(world, world.shipment_deu)
    client = as_user("planner")
    url = reverse("logistics:shipment-handover", kwargs={"pk": shipment.pk})
    assert client.get(url).status_code == 200
    response = follow_post(client, url, {
        "received_quantity": 20, "receiving_unit": "47th Mechanised Brigade",
        "signed_by": "Maj. Kovalenko",
    })
    shipment.refresh_from_db()
    assert shipment.status == "delivered"
    assert Handover.objects.get(shipment=shipment).signed_by == "Maj. Kovalenko"
    assert "47th Mechanised Brigade" in response.content.decode()


def test_handover_of_more_than_shipped_is_refused_beside_the_field(as_user, world):
    shipment = at_onward(world, world.shipment_deu)
    response = as_user("planner").post(
        reverse("logistics:shipment-handover", kwargs={"pk": shipment.pk}),
        {"received_quantity": 99, "receiving_unit": "Unit", "signed_by": "Someone"},
    )
    assert response.status_code == 400
    assert "carries only 20" in " ".join(response.context["form"].errors["received_quantity"])
    assert not Handover.objects.exists()


def test_node_operator_may_not_record_a_handover(as_user, world):
    shipment = at_onward(world, world.shipment_deu)
    response = as_user("node_operator").get(
        reverse("logistics:shipment-handover", kwargs={"pk": shipment.pk}))
    assert response.status_code == 403
    assert "may not record handovers" in response.content.decode()


def test_recipient_planner_requests_a_repair_and_the_facility_returns_it(as_user, world):
    response = follow_post(as_user("planner"), reverse("repairs:order-create"), {
        "code": "RO-NEW", "recipient": world.ukr.pk, "item": world.item.pk, "quantity": 2,
        "facility": world.repair_facility.pk, "requested_on": "2026-11-01",
    })
    order = RepairOrder.objects.get(code="RO-NEW")
    assert order.status == "requested"
    assert "Repair order RO-NEW requested." in messages_of(response)
    operator = as_user("facility_operator")
    for step in ("order-receive", "order-start", "order-return"):
        follow_post(operator, reverse(f"repairs:{step}", kwargs={"pk": order.pk}))
    order.refresh_from_db()
    assert order.status == "returned" and order.returned_as is not None


def test_donor_liaison_may_not_receive_a_repair_order(as_user, world):
    response = as_user("liaison").post(
        reverse("repairs:order-receive", kwargs={"pk": world.repair_order.pk}))
    world.repair_order.refresh_from_db()
    assert world.repair_order.status == "requested"
    assert response.status_code in (403, 404)


# Facility operator: enrol crews


def test_facility_operator_enrols_crews_in_a_session(as_user, world):
    client = as_user("facility_operator")
    url = reverse("training:session-detail", kwargs={"pk": world.session.pk})
    assert "Enrol crews" in client.get(url).content.decode()
    response = follow_post(client, reverse("training:session-enrol",
                                           kwargs={"pk": world.session.pk}),
                           {"request": world.training_request.pk, "crews": 3})
    assert Enrolment.objects.get(session=world.session).crews == 3
    assert "3 crews of TR-1 enrolled in session S-1." in messages_of(response)


def test_enrolling_more_crews_than_seats_is_refused(as_user, world):
    from tests.training.factories import TrainingRequestFactory

    big = TrainingRequestFactory(code="TR-BIG", recipient=world.ukr, course=world.course,
                                 crews_needed=10)
    response = follow_post(as_user("facility_operator"),
                           reverse("training:session-enrol", kwargs={"pk": world.session.pk}),
                           {"request": big.pk, "crews": 8})
    assert not Enrolment.objects.exists()
    assert any(m.startswith("Refused:") and "seat" in m for m in messages_of(response))


def test_another_nations_donor_may_not_enrol_crews(as_user, world):
    client = as_user("liaison_pol")
    url = reverse("training:session-enrol", kwargs={"pk": world.session.pk})
    assert client.post(url, {"request": world.training_request.pk, "crews": 1}).status_code == 404
    assert not Enrolment.objects.exists()


# Error pages


def test_unknown_page_is_a_plain_404(as_user):
    response = as_user("viewer").get("/no/such/page/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_server_error_page_shows_no_stack_trace(world, settings, monkeypatch):
    from convoy.reports import picture as views

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.dashboard, "headline", explode)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("home"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong" in content
    assert "secret internals" not in content and "Traceback" not in content
