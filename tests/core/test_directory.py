"""The directory's services and pages: inviting a user with a one-time password-set link,
changing roles, deactivating; only coordinators may, and nobody locks themselves out."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from convoy.core import directory
from convoy.core.models import AuditRecord, Membership, Nation
from tests.core.factories import NationFactory, OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def command():
    return OrganisationFactory(name="Command", nation=NationFactory(code="DEU"), kind="command")


@pytest.fixture
def coordinator(command):
    return member("coordinator", command, username="coord")


def history(obj):
    return AuditRecord.objects.filter(content_type=ContentType.objects.get_for_model(obj),
                                      object_id=str(obj.pk))


def test_invited_user_has_no_password_until_they_set_one_and_the_audit_keeps_no_hash(
        coordinator, command):
    user = directory.user_invite(actor=coordinator, username="anna", first_name="Anna",
                                 organisation=command, role="viewer")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == "viewer"
    records = list(history(user))
    assert records and all("password" not in (r.after or {}) for r in records)
    assert records[0].actor == coordinator


def test_invite_refuses_a_taken_username_at_its_field_and_writes_nothing(coordinator, command):
    with pytest.raises(ValidationError) as refused:
        directory.user_invite(actor=coordinator, username="coord", organisation=command,
                              role="viewer")
    assert "username" in refused.value.message_dict
    assert User.objects.filter(username="coord").count() == 1


def test_invite_refuses_an_unknown_role_and_leaves_no_account(coordinator, command):
    with pytest.raises(ValidationError) as refused:
        directory.user_invite(actor=coordinator, username="bob", organisation=command,
                              role="general")
    assert "role" in refused.value.message_dict
    assert not User.objects.filter(username="bob").exists()


@pytest.mark.parametrize("role", ["donor_liaison", "viewer", "recipient_planner"])
def test_only_coordinators_manage_accounts(command, role):
    actor = member(role, command)
    other = member("viewer", command)
    with pytest.raises(PermissionDenied):
        directory.user_invite(actor=actor, username="eve", organisation=command,
                              role="coordinator")
    with pytest.raises(PermissionDenied):
        directory.user_deactivate(actor=actor, user=other)
    with pytest.raises(PermissionDenied):
        directory.user_password_link(actor=actor, user=other)
    with pytest.raises(PermissionDenied):
        directory.membership_update(actor=actor, membership=other.memberships.get(),
                                    role="coordinator")
    with pytest.raises(PermissionDenied):
        directory.nation_create(actor=actor, code="NOR", name="Norway", kind="ally")
    assert not User.objects.filter(username="eve").exists()
    assert other.memberships.get().role == "viewer"


def test_coordinator_cannot_lock_themselves_out(coordinator):
    with pytest.raises(ValidationError):
        directory.user_deactivate(actor=coordinator, user=coordinator)
    own = coordinator.memberships.get()
    with pytest.raises(ValidationError):
        directory.membership_update(actor=coordinator, membership=own, role="viewer")
    with pytest.raises(ValidationError):
        directory.membership_remove(actor=coordinator, membership=own)
    coordinator.refresh_from_db()
    assert coordinator.is_active and coordinator.memberships.get().role == "coordinator"


def test_coordinator_cannot_change_a_superusers_account(coordinator):
    root = UserFactory(username="root", is_superuser=True)
    with pytest.raises(PermissionDenied):
        directory.user_deactivate(actor=coordinator, user=root)
    with pytest.raises(PermissionDenied):
        directory.user_password_link(actor=coordinator, user=root)
    root.refresh_from_db()
    assert root.is_active


def test_deactivated_user_cannot_sign_in_and_reactivation_is_audited(client, coordinator,
                                                                     command):
    user = member("viewer", command, username="vera")
    directory.user_deactivate(actor=coordinator, user=user)
    assert not client.login(username="vera", password="convoy-test-pass")
    directory.user_reactivate(actor=coordinator, user=user)
    assert client.login(username="vera", password="convoy-test-pass")
    assert [r.summary for r in history(user).order_by("id")][-2:] == ["deactivated",
                                                                      "reactivated"]


def test_role_change_and_removal_are_audited(coordinator, command):
    user = member("viewer", command)
    membership = user.memberships.get()
    directory.membership_update(actor=coordinator, membership=membership, role="coordinator")
    assert user.memberships.get().role == "coordinator"
    directory.membership_remove(actor=coordinator, membership=membership)
    assert not user.memberships.exists()
    assert [r.action for r in history(membership).order_by("id")] == ["update", "delete"]


def test_second_membership_at_the_same_organisation_is_refused_at_its_field(coordinator,
                                                                           command):
    user = member("viewer", command)
    with pytest.raises(ValidationError) as refused:
        directory.membership_add(actor=coordinator, user=user, organisation=command,
                                 role="coordinator")
    assert "organisation" in refused.value.message_dict


def test_nation_code_never_changes(coordinator):
    nation = directory.nation_create(actor=coordinator, code="NOR", name="Norway", kind="ally")
    with pytest.raises(ValidationError):
        directory.nation_update(actor=coordinator, nation=nation, code="NRW")
    directory.nation_update(actor=coordinator, nation=nation, participation="abstains")
    assert Nation.objects.get(code="NOR").participation == "abstains"


# The pages: invite, the one-time link, a role change, deactivation.


def test_invite_page_shows_a_link_that_sets_the_password_once(client, coordinator, command):
    client.force_login(coordinator)
    response = client.post(reverse("core:user-invite"), {
        "username": "olga", "first_name": "Olga", "email": "olga@example.org",
        "organisation": command.pk, "role": "viewer"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    link = re.search(r"http://testserver(/administration/password-set/[^<\s]+)",
                     response.content.decode())[1]
    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(form_page.redirect_chain[-1][0], {
        "new_password1": "a long new password 42", "new_password2": "a long new password 42"})
    assert done.status_code == 302
    assert client.login(username="olga", password="a long new password 42")
    client.logout()
    again = client.get(link, follow=True)
    assert not again.context["validlink"]


def test_user_page_offers_steps_to_coordinators_only(client, coordinator, command):
    viewer = member("viewer", command, username="watcher")
    client.force_login(coordinator)
    page = client.get(reverse("core:user-detail", kwargs={"pk": viewer.pk})).content.decode()
    assert reverse("core:user-deactivate", kwargs={"pk": viewer.pk}) in page
    client.force_login(viewer)
    page = client.get(reverse("core:user-detail", kwargs={"pk": coordinator.pk})).content.decode()
    assert reverse("core:user-deactivate", kwargs={"pk": coordinator.pk}) not in page
    response = client.post(reverse("core:user-deactivate", kwargs={"pk": coordinator.pk}))
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_role_change_page_changes_the_role(client, coordinator, command):
    user = member("viewer", command)
    membership = user.memberships.get()
    client.force_login(coordinator)
    response = client.post(reverse("core:membership-edit", kwargs={"pk": membership.pk}),
                           {"user": user.pk, "organisation": command.pk, "role": "coordinator"})
    assert response.status_code == 302
    assert user.memberships.get().role == "coordinator"
    client.post(reverse("core:membership-remove", kwargs={"pk": membership.pk}))
    assert not user.memberships.exists()


def test_deactivate_page_refuses_own_account_with_a_message(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("core:user-deactivate", kwargs={"pk": coordinator.pk}),
                           follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("your own account" in m for m in messages)
    coordinator.refresh_from_db()
    assert coordinator.is_active
