"""A refused value is marked at its field, with one sentence a user understands."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_pledge_form_marks_a_negative_value_at_its_field(as_user, world):
    client = as_user("liaison")
    url = reverse("donations:pledge-edit", kwargs={"pk": world.pledge_deu.pk})
    response = client.post(url, {
        "donor": world.deu.pk, "item": world.item.pk, "quantity": 40,
        "available_from": "2026-07-01", "origin": world.depot_deu.pk, "value_eur": "-5"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["value_eur"] == ["The value cannot be negative; leave it empty if unknown."]
    assert not form.non_field_errors()
    assert "is violated" not in response.content.decode()


def requirement_data(world, **changes):
    return {"code": "R-NEW", "recipient": world.ukr.pk, "item_group": world.group.pk,
            "quantity": 5, "priority": 2, "needed_by": "2027-01-01",
            "destination": world.kyiv.pk, **changes}


def test_a_negative_quantity_gets_one_message_at_the_field(as_user, world):
    response = as_user("planner").post(reverse("donations:requirement-create"),
                                       requirement_data(world, quantity=-3))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["quantity"] == ["Enter a whole number from 1 to 10,000,000."]
    assert list(form.errors) == ["quantity"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("needed_by", "9999-12-31", "Enter a date from 2000-01-01 to 2100-12-31."),
    ("needed_by", "2001-01-01", "long past"),
    ("priority", "7", "Enter a priority from 1 to 5."),
])
def test_a_requirement_value_nobody_means_is_marked_at_its_field(as_user, world, field, value,
                                                                message):
    response = as_user("planner").post(reverse("donations:requirement-create"),
                                       requirement_data(world, **{field: value}))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]


def test_seats_beyond_a_small_integer_are_marked_on_the_session_form(as_user, world):
    url = reverse("training:session-edit", kwargs={"pk": world.session.pk})
    response = as_user("facility_operator").post(url, {
        "course": world.course.pk, "facility": world.training_facility.pk,
        "start_date": world.session.start_date.isoformat(), "seats": str(2**31)})
    assert response.status_code == 400
    assert response.context["form"].errors["seats"] == ["Enter a number of seats from 1 to 500."]
    world.session.refresh_from_db()
    assert world.session.seats == 6


def test_a_first_year_of_27_is_marked_on_the_financial_pledge_form(as_user, world):
    response = as_user("liaison").post(reverse("funding:pledge-create"), {
        "code": "FP-DEU-NEW", "donor": world.deu.pk, "kind": "grant",
        "status": "committed", "first_year": "27",
        "last_year": "2027", "amount": "500000000", "currency": "EUR",
        "amount_eur": "500000000", "announced_on": "2026-06-01"})
    assert response.status_code == 400
    assert response.context["form"].errors["first_year"] == ["Enter a year from 2000 to 2100."]
