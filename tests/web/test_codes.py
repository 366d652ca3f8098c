"""Convoy proposes each new record's code from its pattern (editable until the first save), and
a code never changes afterwards: in the pages, the services and the API alike."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from convoy.core.codes import proposed_code
from convoy.core.services import update_record
from convoy.donations.models import Requirement
from convoy.donations.services import requirement_update
from convoy.web.records import ServiceFormView
from tests.web.test_edit_forms import EDIT_FORMS, FormValues

pytestmark = pytest.mark.django_db


def create_forms() -> list[tuple[str, type[ServiceFormView]]]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            else:
                view = getattr(pattern.callback, "view_class", None)
                if (view and issubclass(view, ServiceFormView) and not pattern.pattern.converters
                        and getattr(view.model, "code_pattern", None)):
                    yield f"{namespace}{pattern.name}", view

    return sorted(walk(get_resolver().url_patterns), key=lambda pair: pair[0])


CREATE_FORMS = create_forms()


def test_every_record_with_a_code_pattern_has_its_create_form_here():
    assert {view.model.__name__ for _, view in CREATE_FORMS} >= {
        "Requirement", "Pledge", "CourseSession", "TrainingRequest", "RepairOrder",
        "FinancialPledge", "Post"}


@pytest.mark.parametrize(("url_name", "view"), CREATE_FORMS, ids=[n for n, _ in CREATE_FORMS])
def test_a_create_form_proposes_the_next_code_of_its_pattern(as_user, url_name, view):
    response = as_user("coordinator").get(reverse(url_name))
    assert response.status_code == 200
    code = response.context["form"]["code"]
    assert not code.field.disabled
    assert code.value() == proposed_code(view.model)
    assert code.value().startswith(view.model.code_pattern.format(
        year=timezone.localdate().year))
    assert not view.model.objects.filter(code=code.value()).exists()


def test_the_proposed_code_follows_the_highest_of_this_year(as_user, world):
    year = timezone.localdate().year
    Requirement.objects.filter(pk=world.requirement.pk).update(code=f"REQ-{year}-0041")
    response = as_user("planner").get(reverse("donations:requirement-create"))
    assert response.context["form"]["code"].value() == f"REQ-{year}-0042"


CODED_EDIT_FORMS = [(name, view) for name, view in EDIT_FORMS
                    if any(f.name == "code" for f in view.model._meta.fields)]


@pytest.mark.parametrize(("url_name", "view"), CODED_EDIT_FORMS,
                         ids=[n for n, _ in CODED_EDIT_FORMS])
def test_an_edit_form_shows_the_code_read_only(as_user, world, url_name, view):
    record = view.model.objects.order_by("pk").first()
    response = as_user("coordinator").get(reverse(url_name, kwargs={"pk": record.pk}))
    form = response.context["form"]
    assert "code" in form.fields
    assert form.fields["code"].disabled
    # A client that sends a code anyway (the disabled field is not submitted) changes nothing.
    parser = FormValues()
    parser.feed(response.content.decode())
    assert "code" not in parser.values
    response = as_user("coordinator").post(reverse(url_name, kwargs={"pk": record.pk}),
                                           {**parser.values, "code": "CHANGED"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.code != "CHANGED"


def test_the_services_refuse_a_code_change_at_the_field(world):
    coordinator = world.users["coordinator"]
    for change in (
        lambda: update_record(actor=coordinator, obj=world.requirement, code="R-OTHER"),
        lambda: requirement_update(actor=coordinator, requirement=world.requirement,
                                   code="R-OTHER"),
    ):
        with pytest.raises(ValidationError) as refused:
            change()
        assert list(refused.value.message_dict) == ["code"]
        assert "never changes" in refused.value.message_dict["code"][0]
    world.requirement.refresh_from_db()
    assert world.requirement.code == "R-IFV-1"


def test_the_api_answers_400_to_a_patch_of_the_code(world):
    client = APIClient()
    client.force_authenticate(world.users["coordinator"])
    response = client.patch("/api/requirements/R-IFV-1/", {"code": "R-OTHER"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["code"]
    response = client.patch("/api/requirements/R-IFV-1/", {"quantity": 90}, format="json")
    assert response.status_code == 200, response.json()
    assert Requirement.objects.get(code="R-IFV-1").quantity == 90
