"""Capability targets: created by the recipient's planners, progress recorded and audited."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from convoy.core.audit import history
from convoy.core.errors import DomainError
from convoy.development.models import CapabilityTarget
from convoy.development.selectors import progress_by_area, targets_for
from convoy.development.services import target_create, target_record_progress
from tests.catalog.factories import CapabilityAreaFactory
from tests.core.factories import NationFactory, UserFactory
from tests.development.factories import CapabilityTargetFactory
from tests.training.helpers import leaves_nothing_written

pytestmark = pytest.mark.django_db


def target_fields(recipient, **overrides):
    return {"recipient": recipient, "area": CapabilityAreaFactory(code="air-defence"),
            "year": 2027, "description": "Air defence batteries", "target_quantity": 12,
            **overrides}


def test_recipient_planner_creates_a_capability_target(planner, ukraine):
    target = target_create(actor=planner, **target_fields(ukraine))
    assert target.achieved_quantity == 0
    assert history(target).get().actor == planner


@pytest.mark.parametrize("role", ["viewer", "liaison", "operator"])
def test_other_roles_cannot_create_capability_targets(role, request, ukraine):
    actor = request.getfixturevalue(role)
    fields = target_fields(ukraine)
    with leaves_nothing_written(CapabilityTarget), pytest.raises(PermissionDenied):
        target_create(actor=actor, **fields)


def test_a_target_needs_a_quantity_or_a_level(planner, ukraine):
    fields = target_fields(ukraine, target_quantity=None, target_level="")
    with leaves_nothing_written(CapabilityTarget), pytest.raises(DomainError) as error:
        target_create(actor=planner, **fields)
    assert "Air defence batteries" in error.value.message_dict["target_quantity"][0]
    target = target_create(actor=planner, **{**fields, "target_level": "brigade-level"})
    assert target.target_quantity is None


def test_a_target_is_for_a_recipient_nation(planner):
    fields = target_fields(NationFactory(code="DEU"))
    with leaves_nothing_written(CapabilityTarget), pytest.raises(DomainError) as error:
        target_create(actor=planner, **fields)
    assert "recipient" in error.value.message_dict


def test_progress_is_recorded_and_audited(planner):
    target = CapabilityTargetFactory(target_quantity=10)
    target_record_progress(actor=planner, target=target, achieved_quantity=4)
    assert CapabilityTarget.objects.get(pk=target.pk).achieved_quantity == 4
    record = history(target).get()
    assert record.actor == planner
    assert record.changes == {"achieved_quantity": (0, 4)}


def test_achieved_quantity_cannot_be_negative(planner):
    target = CapabilityTargetFactory(achieved_quantity=3)
    with leaves_nothing_written(CapabilityTarget), pytest.raises(DomainError) as error:
        target_record_progress(actor=planner, target=target, achieved_quantity=-1)
    assert str(target) in error.value.message_dict["achieved_quantity"][0]


@pytest.mark.parametrize("role", ["viewer", "liaison", "operator"])
def test_other_roles_cannot_record_progress(role, request):
    actor = request.getfixturevalue(role)
    target = CapabilityTargetFactory()
    with leaves_nothing_written(CapabilityTarget), pytest.raises(PermissionDenied):
        target_record_progress(actor=actor, target=target, achieved_quantity=1)


def test_progress_by_area_caps_each_target_at_its_quantity(coordinator):
    air, land = CapabilityAreaFactory(name="Air defence"), CapabilityAreaFactory(name="Land")
    CapabilityTargetFactory(area=air, target_quantity=10, achieved_quantity=15)
    CapabilityTargetFactory(area=air, target_quantity=10, achieved_quantity=5)
    CapabilityTargetFactory(area=air, target_quantity=None, target_level="brigade-level")
    CapabilityTargetFactory(area=land, target_quantity=None, target_level="corps-level")
    CapabilityTargetFactory(area=land, target_quantity=4, year=2028)
    rows = {row.area: row for row in progress_by_area(coordinator, 2027)}
    assert (rows[air].targets, rows[air].targets_met) == (3, 1)
    assert (rows[air].target_quantity, rows[air].achieved_quantity) == (20, 15)
    assert rows[air].ratio == Decimal("0.7500")
    assert rows[land].targets == 1 and rows[land].ratio is None


def test_progress_is_hidden_from_users_without_a_role():
    CapabilityTargetFactory()
    assert progress_by_area(UserFactory(), 2027) == []
    assert list(targets_for(UserFactory())) == []


def test_admin_lists_targets_and_names_the_missing_quantity(admin_client, ukraine):
    CapabilityTargetFactory()
    assert admin_client.get(
        reverse("admin:development_capabilitytarget_changelist")).status_code == 200
    area = CapabilityAreaFactory()
    with leaves_nothing_written(CapabilityTarget):
        page = admin_client.post(reverse("admin:development_capabilitytarget_add"), {
            "recipient": ukraine.pk, "area": area.pk, "year": 2027, "description": "Drones",
            "achieved_quantity": 0, "target_level": ""})
    assert "target_quantity" in page.context["adminform"].form.errors
