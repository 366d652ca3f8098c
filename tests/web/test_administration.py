"""The reference-data pages coordinators use instead of the admin: every list and record page
renders, every form saves through its service (audited, saved unchanged too), and the roles
that may not change reference data are refused."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from convoy.catalog.models import CapabilityCoalition, Item, ItemGroup
from convoy.core.models import AuditRecord, Membership, Nation, Organisation
from convoy.development.models import CapabilityTarget
from convoy.logistics.models import Lane
from convoy.repairs.models import RepairFacility
from convoy.training.models import Course, TrainingFacility
from tests.development.factories import CapabilityTargetFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

LISTS = [
    "core:nation-list", "core:organisation-list", "core:user-list", "catalog:area-list",
    "catalog:group-list", "catalog:item-list", "catalog:coalition-list",
    "development:target-list", "logistics:lane-list", "training:course-list",
    "training:facility-list", "repairs:facility-list",
]


def audited(obj) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)))


def records(world):
    """One record of every kind, with the edit form's URL name and its unchanged form data."""
    target = CapabilityTargetFactory(recipient=world.ukr, area=world.group.area)
    coalition = CapabilityCoalition.objects.create(name="IFV coalition", area=world.group.area)
    coalition.lead_nations.set([world.deu])
    lane = Lane.objects.get(node=world.node, location=world.kyiv)
    membership = Membership.objects.get(user=world.users["viewer"])
    return [
        ("core:nation-edit", world.deu, {"code": "DEU", "name": "Germany", "kind": "ally",
                                         "participation": "takes_part"}),
        ("core:organisation-edit", world.node_org, {
            "name": world.node_org.name, "nation": world.pol.pk, "kind": "node_operator"}),
        ("core:user-edit", world.users["viewer"], {"first_name": "", "last_name": "",
                                                   "email": ""}),
        ("core:membership-edit", membership, {"user": membership.user_id,
                                              "organisation": membership.organisation_id,
                                              "role": "viewer"}),
        ("catalog:area-edit", world.group.area, {"code": world.group.area.code,
                                                 "name": world.group.area.name}),
        ("catalog:group-edit", world.group, {"code": "ifv", "name": world.group.name,
                                             "area": world.group.area_id}),
        ("catalog:item-edit", world.item, {"code": "marder", "name": "Marder 1A3",
                                           "group": world.group.pk, "unit_mass_t": "30"}),
        ("catalog:coalition-edit", coalition, {"name": "IFV coalition",
                                               "area": world.group.area_id,
                                               "lead_nations": [world.deu.pk]}),
        ("development:target-edit", target, {
            "recipient": world.ukr.pk, "area": target.area_id, "year": target.year,
            "description": target.description, "target_quantity": target.target_quantity or "",
            "target_level": target.target_level, "achieved_quantity": target.achieved_quantity}),
        ("logistics:lane-edit", lane, {"node": world.node.pk, "direction": "outbound",
                                       "location": world.kyiv.pk,
                                       "transit_weeks": lane.transit_weeks,
                                       "cost_per_t": lane.cost_per_t}),
        ("training:course-edit", world.course, {
            "code": "marder-crew", "name": world.course.name,
            "capability_area": world.course.capability_area_id,
            "duration_weeks": world.course.duration_weeks, "language": world.course.language,
            "host_nation": world.deu.pk}),
        ("training:facility-edit", world.training_facility, {
            "code": "TRN-DEU", "name": world.training_facility.name, "nation": world.deu.pk,
            "place": world.training_facility.place, "operator": world.facility_org.pk}),
        ("repairs:facility-edit", world.repair_facility, {
            "code": "REP-DEU", "name": "Repair works Germany", "nation": world.deu.pk,
            "location": world.depot_deu.pk, "operator": world.facility_org.pk,
            "item_groups": [world.group.pk],
            "capacity_per_week": world.repair_facility.capacity_per_week,
            "turnaround_weeks": world.repair_facility.turnaround_weeks}),
    ]


@pytest.mark.parametrize("role", ["coordinator", "viewer", "liaison", "node_operator"])
def test_every_reference_list_and_its_records_render_for_every_role(as_user, world, role):
    client = as_user(role)
    records(world)
    assert client.get(reverse("core:administration")).status_code == 200
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        for row in response.context["rows"][:3]:
            url = row[0]["url"]
            assert url, f"{name}: the first column links to the record"
            assert client.get(url).status_code == 200, url


def test_coordinator_sees_the_administration_menu_and_others_do_not(as_user, world):
    home = as_user("coordinator").get(reverse("home"))
    assert reverse("core:administration") in home.content.decode()
    for role in ("viewer", "liaison", "planner"):
        page = as_user(role).get(reverse("home")).content.decode()
        assert reverse("core:administration") not in page, role


def test_every_edit_form_saves_unchanged(as_user, world):
    client = as_user("coordinator")
    for url_name, obj, data in records(world):
        url = reverse(url_name, kwargs={"pk": obj.pk})
        assert client.get(url).status_code == 200, url_name
        response = client.post(url, data)
        assert response.status_code == 302, (url_name, response.context
                                              and response.context["form"].errors)


@pytest.mark.parametrize("role", ["liaison", "viewer", "node_operator"])
def test_roles_that_do_not_keep_reference_data_are_refused_every_form(as_user, world, role):
    client = as_user(role)
    create_forms = ["core:nation-create", "core:organisation-create", "core:user-invite",
                    "core:membership-create", "catalog:area-create", "catalog:group-create",
                    "catalog:item-create", "catalog:coalition-create", "logistics:lane-create",
                    "training:course-create", "training:facility-create"]
    for name in create_forms:
        assert client.get(reverse(name)).status_code == 403, name
        assert client.post(reverse(name), {"name": "X", "code": "X"}).status_code == 403, name
    for url_name, obj, data in records(world):
        if url_name == "core:user-edit" and role == "viewer":
            continue  # checked below: the viewer's own account
        if url_name == "repairs:facility-edit" and role == "liaison":
            continue  # a donor liaison keeps the repair facilities of their nation
        url = reverse(url_name, kwargs={"pk": obj.pk})
        response = client.post(url, data)
        assert response.status_code in (403, 404), (role, url_name)
    assert Nation.objects.filter(code="X").count() == 0


def test_viewer_may_not_edit_even_their_own_account_or_deactivate_anyone(as_user, world):
    client = as_user("viewer")
    me = world.users["viewer"]
    response = client.post(reverse("core:user-edit", kwargs={"pk": me.pk}),
                           {"first_name": "Me", "last_name": "", "email": ""})
    assert response.status_code == 403
    client.post(reverse("core:user-deactivate", kwargs={"pk": me.pk}))
    me.refresh_from_db()
    assert me.is_active and me.first_name == ""


def test_recipient_planner_keeps_capability_targets_but_not_nations(as_user, world):
    client = as_user("planner")
    response = client.post(reverse("development:target-create"), {
        "recipient": world.ukr.pk, "area": world.group.area_id, "year": 2030,
        "description": "Mechanised brigades", "target_quantity": 12, "achieved_quantity": 0,
    })
    assert response.status_code == 302
    assert CapabilityTarget.objects.filter(description="Mechanised brigades").exists()
    assert client.get(reverse("core:nation-create")).status_code == 403


def test_donor_liaison_records_a_repair_facility_of_their_nation_only(as_user, world):
    client = as_user("liaison")
    form = client.get(reverse("repairs:facility-create")).context["form"]
    assert list(form.fields["nation"].queryset) == [world.deu]
    # The code field is Convoy's to fill for a liaison (it sees only its own nation's).
    data = {"name": "Polish works", "nation": world.pol.pk,
            "location": world.depot_pol.pk, "operator": world.facility_org.pk,
            "item_groups": [world.group.pk], "capacity_per_week": 5, "turnaround_weeks": 3}
    assert client.post(reverse("repairs:facility-create"), data).status_code == 400
    assert not RepairFacility.objects.filter(nation=world.pol, name="Polish works").exists()
    data.update(nation=world.deu.pk, location=world.depot_deu.pk)
    assert client.post(reverse("repairs:facility-create"), data).status_code == 302
    facility = RepairFacility.objects.get(nation=world.deu, name="Polish works")
    assert facility.code.startswith("REP-")
    assert list(facility.item_groups.all()) == [world.group]


def test_coordinator_adds_reference_data_and_each_write_is_audited(as_user, world):
    client = as_user("coordinator")
    posts = [
        ("core:nation-create", {"code": "NOR", "name": "Norway", "kind": "ally",
                                "participation": "takes_part"}),
        ("catalog:group-create", {"code": "mbt", "name": "Main battle tanks",
                                  "area": world.group.area_id}),
    ]
    for name, data in posts:
        response = client.post(reverse(name), data)
        assert response.status_code == 302, response.context and response.context["form"].errors
    norway = Nation.objects.get(code="NOR")
    tanks = ItemGroup.objects.get(code="mbt")
    for name, data in [
        ("core:organisation-create", {"name": "Norwegian MoD", "nation": norway.pk,
                                      "kind": "ministry"}),
        ("catalog:item-create", {"code": "leo2a4", "name": "Leopard 2A4", "group": tanks.pk,
                                 "unit_mass_t": "55", "nato_stock_number": "2350-12-345-6789"}),
        ("catalog:coalition-create", {"name": "Armour coalition", "area": tanks.area_id,
                                      "lead_nations": [norway.pk, world.deu.pk],
                                      "members": [world.pol.pk]}),
        ("logistics:lane-create", {"node": world.node.pk, "direction": "inbound",
                                   "location": world.kyiv.pk, "transit_weeks": 1,
                                   "cost_per_t": "10"}),
        ("training:course-create", {"code": "leo-crew", "name": "Leopard crew course",
                                    "capability_area": tanks.area_id, "item_group": tanks.pk,
                                    "duration_weeks": 6, "language": "English",
                                    "host_nation": norway.pk}),
        ("training:facility-create", {"code": "TRN-NOR", "name": "Rena camp", "nation": norway.pk,
                                      "operator": world.facility_org.pk}),
    ]:
        response = client.post(reverse(name), data)
        if name == "logistics:lane-create":
            # Kyiv is a destination: an inbound lane needs a depot, named at the field.
            assert response.status_code == 400
            assert response.context["form"].errors["location"]
            data["location"] = world.depot_deu.pk
            data["node"] = world.node.pk
            response = client.post(reverse(name), {**data, "direction": "inbound"})
            # The lane DEPOT-DEU → RZE exists already: refused, nothing written.
            assert response.status_code == 400
            continue
        assert response.status_code == 302, (name, response.context["form"].errors)
    created = [norway, tanks, Organisation.objects.get(name="Norwegian MoD"),
               Item.objects.get(code="leo2a4"), CapabilityCoalition.objects.get(
                   name="Armour coalition"), Course.objects.get(code="leo-crew"),
               TrainingFacility.objects.get(code="TRN-NOR")]
    for obj in created:
        history = audited(obj)
        assert history and history[-1].action == "create", obj
        assert history[-1].actor == world.users["coordinator"]
        assert history[-1].source == "ui"
    coalition = created[4]
    assert set(coalition.lead_nations.all()) == {norway, world.deu}
    assert Lane.objects.filter(location=world.kyiv, direction="inbound").count() == 0


def test_codes_do_not_change_on_edit(as_user, world):
    client = as_user("coordinator")
    client.post(reverse("catalog:item-edit", kwargs={"pk": world.item.pk}), {
        "code": "renamed", "name": "Marder 1A5", "group": world.group.pk, "unit_mass_t": "30"})
    world.item.refresh_from_db()
    assert (world.item.code, world.item.name) == ("marder", "Marder 1A5")


def test_item_rule_refuses_crews_without_a_course(as_user, world):
    response = as_user("coordinator").post(reverse("catalog:item-create"), {
        "code": "gepard", "name": "Gepard", "group": world.group.pk, "unit_mass_t": "47",
        "crews_per_unit": 2})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "training course" in " ".join(m for msgs in errors.values() for m in msgs)
    assert not Item.objects.filter(code="gepard").exists()


def test_user_list_shows_roles_and_is_private_to_roles_that_read_everything(as_user, world):
    page = as_user("coordinator").get(reverse("core:user-list"))
    usernames = [row[0]["text"] for row in page.context["rows"]]
    assert "liaison_deu" in usernames and "node_operator" in usernames
    roles = {row[0]["text"]: row[3]["text"] for row in page.context["rows"]}
    assert roles["liaison_deu"] == "Donor liaison, German MoD"
    own = as_user("liaison").get(reverse("core:user-list"))
    assert [row[0]["text"] for row in own.context["rows"]] == ["liaison_deu"]
    other = world.users["viewer"]
    assert as_user("liaison").get(
        reverse("core:user-detail", kwargs={"pk": other.pk})).status_code == 404
