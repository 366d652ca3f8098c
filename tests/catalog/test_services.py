"""The catalog: items need a positive mass, and training courses and crews go together; only
coordinators maintain it; the database holds the rules even when validation is skipped."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from convoy.catalog import services
from convoy.catalog.models import CapabilityArea, CapabilityCoalition, Item
from convoy.core.audit import history
from convoy.core.errors import DomainError
from tests.catalog.factories import CapabilityAreaFactory, ItemFactory, ItemGroupFactory
from tests.core.factories import NationFactory, member
from tests.donations.helpers import message_of, refused_leaving_nothing
from tests.training.factories import CourseFactory

pytestmark = pytest.mark.django_db


def item_fields(**overrides):
    fields = {"code": "pzh-2000", "name": "Panzerhaubitze 2000", "group": ItemGroupFactory(),
              "unit_mass_t": Decimal("55.8")}
    return {**fields, **overrides}


def test_coordinator_creates_an_item_audited(coordinator):
    item = services.item_create(actor=coordinator, **item_fields(nato_stock_number=None))
    record = history(item).get()
    assert record.action == "create" and record.actor == coordinator
    assert Decimal(record.after["unit_mass_t"]) == Decimal("55.8")


@pytest.mark.parametrize("mass", [Decimal("0"), Decimal("-1.5")])
def test_item_needs_a_positive_mass(coordinator, mass):
    with refused_leaving_nothing(DomainError, Item) as info:
        services.item_create(actor=coordinator, **item_fields(unit_mass_t=mass))
    assert "pzh-2000" in message_of(info, "unit_mass_t")


def test_item_with_a_training_course_needs_at_least_one_crew_per_unit(coordinator):
    course = CourseFactory()
    for crews in (None, 0):
        with refused_leaving_nothing(DomainError, Item) as info:
            services.item_create(actor=coordinator,
                                 **item_fields(training_course=course, crews_per_unit=crews))
        assert "at least one crew" in message_of(info, "crews_per_unit")
    item = services.item_create(actor=coordinator,
                                **item_fields(training_course=course, crews_per_unit=2))
    assert item.crews_per_unit == 2


def test_crews_per_unit_need_a_training_course(coordinator):
    with refused_leaving_nothing(DomainError, Item) as info:
        services.item_create(actor=coordinator, **item_fields(crews_per_unit=1))
    assert "pzh-2000" in message_of(info, "training_course")


def test_item_update_keeps_the_rules(coordinator):
    item = ItemFactory(code="gepard", unit_mass_t="47.5")
    with refused_leaving_nothing(DomainError) as info:
        services.item_update(actor=coordinator, item=item, unit_mass_t=Decimal("0"))
    assert "gepard" in message_of(info, "unit_mass_t")
    item.refresh_from_db()
    assert item.unit_mass_t == Decimal("47.5")
    services.item_update(actor=coordinator, item=item, name="Flakpanzer Gepard")
    assert history(item).get().changes == {"name": ("Item gepard", "Flakpanzer Gepard")}


def test_malformed_nato_stock_number_is_refused(coordinator):
    with refused_leaving_nothing(ValidationError, Item) as info:
        services.item_create(actor=coordinator, **item_fields(nato_stock_number="12-34"))
    assert "nato_stock_number" in info.value.message_dict


def test_database_refuses_a_non_positive_mass_even_without_validation():
    item = ItemFactory.build(group=ItemGroupFactory(), unit_mass_t=Decimal("0"))
    with pytest.raises(IntegrityError, match="item_mass_positive"), transaction.atomic():
        item.save()
    assert not Item.objects.filter(code=item.code).exists()


def test_database_refuses_crews_without_a_course_even_without_validation():
    item = ItemFactory.build(group=ItemGroupFactory(), crews_per_unit=2)
    with pytest.raises(IntegrityError, match="item_training_needs_crews"), transaction.atomic():
        item.save()


@pytest.mark.parametrize("role", ["viewer", "donor_liaison", "recipient_planner",
                                  "node_operator", "facility_operator"])
def test_only_coordinators_maintain_the_catalog(role):
    user = member(role)
    with refused_leaving_nothing(PermissionDenied, Item):
        services.item_create(actor=user, **item_fields())
    with refused_leaving_nothing(PermissionDenied, CapabilityArea):
        services.capability_area_create(actor=user, code="space", name="Space")
    item = ItemFactory()
    with refused_leaving_nothing(PermissionDenied):
        services.item_update(actor=user, item=item, name="renamed")
    item.refresh_from_db()
    assert item.name != "renamed"


def test_coalition_create_sets_nations_and_audits_them(coordinator):
    deu, pol, est = (NationFactory(code=c) for c in ("DEU", "POL", "EST"))
    coalition = services.coalition_create(
        actor=coordinator, name="Armour Capability Coalition", area=CapabilityAreaFactory(),
        lead_nations=[deu, pol], members=[est],
    )
    assert set(coalition.lead_nations.all()) == {deu, pol}
    last = history(coalition).order_by("id").last()
    assert sorted(last.after["lead_nations"]) == sorted([deu.pk, pol.pk])


def test_coalition_needs_a_lead_nation(coordinator):
    with refused_leaving_nothing(DomainError, CapabilityCoalition) as info:
        services.coalition_create(actor=coordinator, name="Empty", area=CapabilityAreaFactory(),
                                  lead_nations=[])
    assert "Empty" in message_of(info, "lead_nations")


def test_coalition_update_changes_members_in_one_audit_record(coordinator):
    deu, pol = NationFactory(code="DEU"), NationFactory(code="POL")
    coalition = services.coalition_create(actor=coordinator, name="Drone Coalition",
                                          area=CapabilityAreaFactory(), lead_nations=[deu])
    before = history(coalition).count()
    services.coalition_update(actor=coordinator, coalition=coalition, members=[pol])
    assert list(coalition.members.all()) == [pol]
    new = history(coalition).order_by("id")[before:]
    assert [r.changes for r in new if r.changes] == [{"members": ([], [pol.pk])}]


def test_item_group_create_and_update(coordinator):
    group = services.item_group_create(actor=coordinator, code="mbt", name="Main battle tanks",
                                       area=CapabilityAreaFactory())
    services.item_group_update(actor=coordinator, group=group, name="Tanks")
    assert [r.action for r in history(group).order_by("id")] == ["create", "update"]
