"""A mail is written in the language its reader chose for their pages."""

import pytest
from django.core import mail as outbox
from django.utils import translation

from convoy.core.preferences import language_set
from convoy.donations.services import pledge_commit
from convoy.notifications.models import Preference

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_after():
    yield
    translation.activate("en-gb")


def test_a_user_who_chose_ukrainian_gets_mail_in_ukrainian(world, people, committed):
    liaison = people["liaison"]
    language_set(actor=liaison, user=liaison, language="uk")
    Preference.objects.create(user=liaison, kinds=["pledge-committed"], mail="each")
    committed(lambda: pledge_commit(actor=people["coordinator"], pledge=world.pledge_deu))
    sent = next(m for m in outbox.outbox if m.to == [liaison.email])
    assert sent.subject == "Convoy: Зобов'язання підтверджено"
    assert "Зобов'язання P-DEU-1 підтверджено." in sent.body


def test_a_user_with_no_choice_gets_mail_in_the_site_language(world, people, committed):
    liaison = people["liaison"]
    Preference.objects.create(user=liaison, kinds=["pledge-committed"], mail="each")
    committed(lambda: pledge_commit(actor=people["coordinator"], pledge=world.pledge_deu))
    sent = next(m for m in outbox.outbox if m.to == [liaison.email])
    assert sent.subject == "Convoy: Pledge committed"
