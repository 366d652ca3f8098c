"""The admin base: an admin that names services saves through them, shows their refusals on the
form and writes nothing then; step actions report each refusal and go on with the others."""

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from convoy.core.adminbase import AuditedAdmin, step_action
from convoy.core.audit import history
from convoy.core.errors import DomainError
from convoy.core.models import AuditRecord, Nation
from convoy.core.services import create_record, update_record
from tests.core.factories import NationFactory, UserFactory
from tests.training.helpers import leaves_nothing_written

pytestmark = pytest.mark.django_db

ESTONIA = {
    "code": "EST",
    "name": "Estonia",
    "kind": "ally",
    "participation": "takes_part",
    "gdp_usd": "",
    "gdp_year": "",
}


def nation_create(*, actor: Any, **fields: Any) -> Nation:
    return create_record(actor=actor, model=Nation, summary="nation_create", **fields)


def nation_create_refused(*, actor: Any, **fields: Any) -> Nation:
    nation = create_record(actor=actor, model=Nation, **fields)
    raise DomainError({"name": f"Nation {nation}: refused after it was written."})


def nation_update(*, actor: Any, nation: Nation, **changes: Any) -> Nation:
    if changes.get("name", "").startswith("X"):
        raise DomainError({"name": f"Nation {nation}: no name starts with X."})
    return update_record(actor=actor, obj=nation, summary=f"was {nation.name}", **changes)


def nation_abstain(*, actor: Any, nation: Nation) -> Nation:
    update_record(actor=actor, obj=nation, participation=Nation.Participation.ABSTAINS)
    if nation.kind == Nation.Kind.RECIPIENT:
        raise DomainError({"participation": f"Nation {nation}: a recipient takes part."})
    return nation


def nation_step_refused_plainly(*, actor: Any, nation: Nation) -> None:
    raise ValidationError("Not now.")


class ServiceNationAdmin(AuditedAdmin):
    create_service = nation_create
    update_service = nation_update
    record_keyword = "nation"
    actions = [
        step_action(nation_abstain, "Abstain"),
        step_action(nation_step_refused_plainly, "Try", name="try_it"),
    ]


class RefusingNationAdmin(AuditedAdmin):
    create_service = nation_create_refused


def _request(user):
    request = RequestFactory().post("/")
    request.user, request.session = user, {}
    request._messages = FallbackStorage(request)
    return request


@pytest.fixture
def request_by_admin():
    return _request(UserFactory(is_staff=True, is_superuser=True))


def _form(admin_class, request, data, obj=None):
    model_admin = admin_class(Nation, admin.AdminSite())
    form_class = model_admin.get_form(request, obj, change=obj is not None)
    return model_admin, form_class(data, instance=obj)


def _save(model_admin, request, form, change):
    obj = form.save(commit=False)
    model_admin.save_model(request, obj, form, change)
    return obj


def test_refusal_of_the_create_service_is_shown_beside_its_field_and_nothing_is_written(
    request_by_admin,
):
    with leaves_nothing_written(Nation):
        _, form = _form(RefusingNationAdmin, request_by_admin, ESTONIA)
        assert not form.is_valid()
    assert "refused after it was written" in str(form.errors["name"])


def test_admin_with_a_create_service_adds_through_it(request_by_admin):
    model_admin, form = _form(ServiceNationAdmin, request_by_admin, ESTONIA)
    assert form.is_valid(), form.errors
    obj = _save(model_admin, request_by_admin, form, change=False)
    nation = Nation.objects.get(code="EST")
    assert obj.pk == nation.pk and not obj._state.adding
    # The check on the form was rolled back: the service's one write is the only record.
    assert history(nation).get().summary == "nation_create"


def test_update_service_gets_the_stored_record_and_only_the_changed_fields(request_by_admin):
    nation = NationFactory(code="EST", name="Estonia")
    data = {**ESTONIA, "name": "Eesti"}
    model_admin, form = _form(ServiceNationAdmin, request_by_admin, data, obj=nation)
    assert form.is_valid(), form.errors
    _save(model_admin, request_by_admin, form, change=True)
    assert Nation.objects.get(pk=nation.pk).name == "Eesti"
    record = history(nation).get()
    assert record.summary == "was Estonia"
    assert record.before["name"] == "Estonia" and record.after["name"] == "Eesti"


def test_refusal_of_the_update_service_is_shown_on_the_form_and_nothing_is_written(
    request_by_admin,
):
    nation = NationFactory(code="EST", name="Estonia")
    with leaves_nothing_written(Nation):
        _, form = _form(
            ServiceNationAdmin, request_by_admin, {**ESTONIA, "name": "Xestonia"}, obj=nation
        )
        assert not form.is_valid()
    assert "no name starts with X" in str(form.errors["name"])


def test_permission_refusal_of_the_service_is_shown_on_the_form(db):
    request = _request(UserFactory())  # no role: may add nothing
    with leaves_nothing_written(Nation):
        _, form = _form(ServiceNationAdmin, request, ESTONIA)
        assert not form.is_valid()
    assert "your role does not allow it" in str(form.non_field_errors())


def test_admin_without_services_saves_through_the_audited_save_record(request_by_admin):
    model_admin, form = _form(AuditedAdmin, request_by_admin, ESTONIA)
    assert form.is_valid(), form.errors
    _save(model_admin, request_by_admin, form, change=False)
    assert history(Nation.objects.get(code="EST")).get().summary == "admin"


def _run(action_name, request, queryset):
    model_admin = ServiceNationAdmin(Nation, admin.AdminSite())
    func, _, _ = model_admin.get_actions(request)[action_name]
    func(model_admin, request, queryset)
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_step_action_reports_a_refusal_and_goes_on_with_the_other_records(request_by_admin):
    recipient = NationFactory(code="UKR", name="Ukraine", kind=Nation.Kind.RECIPIENT)
    ally = NationFactory(code="POL", name="Poland")
    audits = AuditRecord.objects.count()
    shown = _run(
        "nation_abstain",
        request_by_admin,
        Nation.objects.filter(pk__in=[recipient.pk, ally.pk]).order_by("name"),
    )
    assert shown == [
        ("error", "Nation Ukraine (UKR): a recipient takes part."),
        ("success", "Abstain: 1 of 2 done."),
    ]
    # The refused step wrote before refusing; its transaction took that back.
    assert Nation.objects.get(pk=recipient.pk).participation == Nation.Participation.TAKES_PART
    assert Nation.objects.get(pk=ally.pk).participation == Nation.Participation.ABSTAINS
    assert AuditRecord.objects.count() == audits + 1


def test_step_refusal_that_does_not_name_the_record_is_reported_with_it(request_by_admin):
    nation = NationFactory(code="POL", name="Poland")
    shown = _run("try_it", request_by_admin, Nation.objects.filter(pk=nation.pk))
    assert shown == [("error", "Poland (POL): Not now.")]
