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
