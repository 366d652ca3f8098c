"""The page language: the browser's by default, the user's saved choice once made, audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from convoy.core.audit import history
from convoy.core.errors import DomainError
from convoy.core.models import UserProfile
from convoy.core.preferences import language_set
from tests.core.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner():
    return member("recipient_planner")


def test_sign_in_page_follows_the_browser_language(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="uk,en;q=0.5")
    assert page.status_code == 200
    assert '<html lang="uk">' in page.text
    assert page.headers["Content-Language"] == "uk"
    english = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert '<html lang="en-gb">' in english.text


def test_a_saved_choice_beats_the_browser(client, planner):
    client.force_login(planner)
    response = client.post(reverse("language"), {"language": "uk", "next": "/picture/"})
    assert response.status_code == 302 and response.url == "/picture/"
    assert UserProfile.objects.get(user=planner).language == "uk"
    client.cookies.clear()  # another browser: only the profile remembers
    client.force_login(planner)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="uk">' in page.text


def test_a_user_with_no_saved_choice_gets_the_browser_language(client, planner):
    client.force_login(planner)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="uk")
    assert '<html lang="uk">' in page.text
    assert not UserProfile.objects.filter(user=planner).exists()


def test_the_switcher_is_on_every_page_and_offers_both_languages(client, planner):
    client.force_login(planner)
    pages = [client.get(reverse("home")), client.get(reverse("donations:requirement-list"))]
    client.logout()
    pages.append(client.get(reverse("login")))
    for page in pages:
        assert f'action="{reverse("language")}"' in page.text
        assert 'value="uk"' in page.text and 'value="en-gb"' in page.text


def test_the_choice_is_audited(planner):
    profile = language_set(actor=planner, user=planner, language="uk")
    language_set(actor=planner, user=planner, language="en-gb")
    records = list(history(profile).order_by("id"))
    assert [r.action for r in records] == ["create", "update"]
    assert records[1].changes == {"language": ("uk", "en-gb")}
    assert records[1].actor == planner


def test_nobody_chooses_another_users_language(planner):
    other = member("viewer")
    with pytest.raises(PermissionDenied):
        language_set(actor=other, user=planner, language="uk")
    assert not UserProfile.objects.exists()


def test_an_unknown_language_is_refused_at_the_field(planner):
    with pytest.raises(DomainError) as refused:
        language_set(actor=planner, user=planner, language="xx")
    assert "language" in refused.value.message_dict
    assert not UserProfile.objects.exists()


def test_an_unknown_language_or_foreign_next_changes_nothing(client, planner):
    client.force_login(planner)
    response = client.post(reverse("language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/"
    assert not UserProfile.objects.exists()


def test_anyone_signed_out_may_switch_for_the_browser(client):
    response = client.post(reverse("language"), {"language": "uk", "next": reverse("login")})
    assert response.cookies["django_language"].value == "uk"
    page = client.get(reverse("login"))
    assert '<html lang="uk">' in page.text
