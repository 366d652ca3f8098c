"""Errors and links reveal nothing outside the caller's scope: codes of record types a writer
sees only part of are Convoy's to give, repair orders are read by the nation whose facility
holds them, and no answer names a record the reader cannot open."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from convoy.donations.models import Pledge
from convoy.donations.services import pledge_create
from convoy.intake.spreadsheets.importer import import_file
from convoy.intake.spreadsheets.registry import sheet_type
from convoy.repairs.models import RepairFacility
from tests.repairs.factories import RepairFacilityFactory, RepairOrderFactory

pytestmark = pytest.mark.django_db


def pledge_payload(world, **extra):
    return {"donor": "DEU", "item": "marder", "quantity": 3, "available_from": "2030-01-01",
            "origin": "DEPOT-DEU", **extra}


def test_a_donor_liaison_gets_the_same_answer_for_a_taken_and_a_free_code(world, api_as):
    client = api_as("liaison")
    taken = client.post("/api/pledges/", pledge_payload(world, code="P-POL-1"), format="json")
    free = client.post("/api/pledges/", pledge_payload(world, code="P-FREE-9"), format="json")
    assert taken.status_code == free.status_code == 400
    assert taken.json() == free.json()
    assert list(taken.json()) == ["code"]
    assert Pledge.objects.count() == 2


def test_a_donor_liaisons_pledge_gets_its_code_from_convoy(world, api_as):
    response = api_as("liaison").post("/api/pledges/", pledge_payload(world), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["code"].startswith("P-")
    assert Pledge.objects.get(code=response.json()["code"]).donor == world.deu


def test_a_coordinator_who_sees_every_pledge_is_told_the_code_is_taken(world, api_as):
    response = api_as("coordinator").post("/api/pledges/",
                                          pledge_payload(world, code="P-POL-1"), format="json")
    assert response.status_code == 400
    assert "code" in response.json()
    chosen = api_as("coordinator").post("/api/pledges/", pledge_payload(world, code="P-DEU-77"),
                                        format="json")
    assert chosen.status_code == 201 and chosen.json()["code"] == "P-DEU-77"


def test_the_service_refuses_a_blind_writers_code_in_the_same_words_taken_or_free(world):
    answers = []
    for code in ("P-POL-1", "P-FREE-9"):
        with pytest.raises(ValidationError) as refused:
            pledge_create(actor=world.users["liaison"], code=code, donor=world.deu,
                          item=world.item, quantity=2, available_from=world.today,
                          origin=world.depot_deu)
        answers.append(refused.value.message_dict["code"][0].replace(code, "X"))
    assert answers[0] == answers[1]
    assert "exists" not in answers[0] and "Convoy gives the code" in answers[0]
    assert Pledge.objects.get(code="P-POL-1").donor == world.pol
    assert Pledge.objects.count() == 2


def test_the_pledge_page_shows_a_donor_liaison_the_code_without_letting_it_change(client,
                                                                                   world):
    client.force_login(world.users["liaison"])
    page = client.get(reverse("donations:pledge-create"))
    form = page.context["form"]
    assert form.fields["code"].disabled
    response = client.post(reverse("donations:pledge-create"), {
        "code": "P-POL-1", "donor": world.deu.pk, "item": world.item.pk, "quantity": 2,
        "available_from": "2030-01-01", "origin": world.depot_deu.pk,
        "announced_on": world.today.isoformat()})
    assert response.status_code == 302, response.context["form"].errors
    assert Pledge.objects.filter(donor=world.deu).count() == 2
    assert Pledge.objects.filter(code="P-POL-1").get().donor == world.pol


@pytest.fixture
def polish_order(world):
    facility = RepairFacilityFactory(code="REP-POL", name="Repair works Poland", nation=world.pol,
                                     location=world.depot_pol, item_groups=[world.group])
    return RepairOrderFactory(code="RO-POL", recipient=world.ukr, item=world.item,
                              facility=facility, serial_numbers="SN-1")


@pytest.mark.parametrize(("role", "seen"), [
    ("liaison", {"RO-1"}), ("liaison_pol", {"RO-POL"}), ("coordinator", {"RO-1", "RO-POL"}),
    ("planner", {"RO-1", "RO-POL"}), ("viewer", {"RO-1", "RO-POL"}),
    ("facility_operator", {"RO-1"}), ("node_operator", set()),
])
def test_repair_orders_are_read_by_the_nation_of_their_facility(world, api_as, client,
                                                                polish_order, role, seen):
    listed = {o["code"] for o in api_as(role).get("/api/repair-orders/").json()["results"]}
    assert listed == seen
    client.force_login(world.users[role])
    page = client.get(reverse("repairs:order-list"))
    assert page.status_code == 200
    html = page.content.decode()
    for code in ("RO-1", "RO-POL"):
        assert (f">{code}<" in html) == (code in seen), (role, code)
    detail = client.get(reverse("repairs:order-detail", kwargs={"pk": polish_order.pk}))
    assert detail.status_code == (200 if "RO-POL" in seen else 404)


def test_an_api_answer_does_not_name_a_record_the_reader_cannot_open(world, api_as):
    shipment = api_as("node_operator").get(f"/api/shipments/{world.shipment_deu.pk}/").json()
    assert shipment["allocation"] is None  # the node operator may not open the allocation
    assert shipment["node"] == "RZE"
    seen_by_coordinator = api_as("coordinator").get(f"/api/shipments/{world.shipment_deu.pk}/")
    assert seen_by_coordinator.json()["allocation"] == world.allocation_deu.pk


def facility_payload(world, **extra):
    return {"name": "Repair works Poland", "nation": "DEU", "location": "DEPOT-DEU",
            "operator": world.facility_org.name, "item_groups": ["ifv"],
            "capacity_per_week": 4, "turnaround_weeks": 2, **extra}


def test_a_facilitys_name_and_code_confirm_no_other_nations_facility(world, api_as,
                                                                     polish_order):
    """Another nation's facility name is free for a liaison's own facility (names are unique
    within a nation and operator, which the writer sees), and its code is Convoy's to give."""
    client = api_as("liaison")
    taken = client.post("/api/repair-facilities/", facility_payload(world, code="REP-POL"),
                        format="json")
    free = client.post("/api/repair-facilities/", facility_payload(world, code="REP-FREE"),
                       format="json")
    assert taken.status_code == free.status_code == 400
    assert taken.json() == free.json() and list(taken.json()) == ["code"]
    created = client.post("/api/repair-facilities/", facility_payload(world), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["code"].startswith("REP-")
    assert RepairFacility.objects.filter(name="Repair works Poland").count() == 2
    own = client.post("/api/repair-facilities/", facility_payload(
        world, name="Repair works Germany"), format="json")
    assert own.status_code == 400 and list(own.json()) == ["name"]  # its own nation's: seen


def test_a_liaisons_facility_file_cannot_name_a_code_and_the_page_gives_it(world, client,
                                                                           polish_order):
    header = ("code,name,nation,location,operator,item_groups,capacity_per_week,"
              "turnaround_weeks\n")
    line = "{code},Repair works Poland,DEU,DEPOT-DEU,{op},ifv,4,2\n"
    text = header + line.format(code="REP-POL", op=world.facility_org.pk) + line.format(
        code="REP-FREE", op=world.facility_org.pk)
    outcome = import_file(sheet_type("repair-facilities"), io.BytesIO(text.encode()), "f.csv",
                          actor=world.users["liaison"])
    messages = [m.replace("REP-POL", "X").replace("REP-FREE", "X").replace("row 3", "row 2")
                for m in outcome.messages()]
    assert outcome.errors == 2 and not outcome.written
    assert messages[0].startswith("row 2, column code: Code X cannot be used")
    assert messages[0] == messages[1] and "exist" not in messages[0]
    client.force_login(world.users["liaison"])
    form = client.get(reverse("repairs:facility-create")).context["form"]
    assert form.fields["code"].disabled
