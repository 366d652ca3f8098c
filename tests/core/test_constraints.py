"""Every database constraint has a sentence of its own, shown at the field it is about."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from convoy.core.models import constraint_field
from convoy.core.services import save_record
from tests.donations.factories import PledgeFactory

CONSTRAINTS = [
    (model, constraint)
    for app in apps.get_app_configs() if app.name.startswith("convoy.")
    for model in app.get_models()
    for constraint in model._meta.constraints
]


def test_the_walk_finds_the_constraints():
    assert len(CONSTRAINTS) > 40


@pytest.mark.parametrize(("model", "constraint"), CONSTRAINTS,
                         ids=[c.name for _, c in CONSTRAINTS])
def test_every_constraint_has_a_sentence_at_a_field(model, constraint):
    message = constraint.violation_error_message
    assert message and message != constraint.default_violation_error_message
    assert message[0].isupper() and message.endswith(".")
    assert constraint.name not in message
    field = constraint_field(model, constraint)
    assert field in {f.name for f in model._meta.concrete_fields}


@pytest.mark.django_db
def test_a_broken_constraint_is_refused_at_its_field_with_its_sentence():
    pledge = PledgeFactory()
    pledge.value_eur = -5
    with pytest.raises(ValidationError) as refused:
        save_record(actor=None, obj=pledge)
    assert list(refused.value.message_dict) == ["value_eur"]
    assert refused.value.message_dict["value_eur"][0].endswith(
        "The value cannot be negative; leave it empty if unknown.")
