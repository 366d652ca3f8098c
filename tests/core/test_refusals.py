"""Every refusal of a write names the record and the field it is about."""

import pytest
from django.core.exceptions import ValidationError

from convoy.core.services import save_record
from convoy.training.models import TrainingRequest
from tests.training.factories import TrainingRequestFactory


@pytest.mark.django_db
def test_a_too_long_value_is_refused_naming_the_record_and_the_field():
    request = TrainingRequestFactory()
    request.pk = None
    request.code = "TR-REQ-ART-TOWED155-03-S-M777-CREW-20270101"
    with pytest.raises(ValidationError) as refused:
        save_record(actor=None, obj=request)
    assert list(refused.value.message_dict) == ["code"]
    [message] = refused.value.message_dict["code"]
    assert message.startswith("Training request TR-REQ-ART-TOWED155-03-S-M777-CREW-20270101, "
                              "field “code”: ")
    assert "at most 40 characters" in message
    assert not TrainingRequest.objects.filter(code__startswith="TR-REQ-ART").exists()


@pytest.mark.django_db
def test_a_refusal_of_a_whole_record_names_the_record():
    request = TrainingRequestFactory()
    request.status = "nonsense"
    with pytest.raises(ValidationError) as refused:
        save_record(actor=None, obj=request)
    assert all(m.startswith(f"Training request {request.code}") for m in refused.value.messages)
