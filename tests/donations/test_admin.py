"""The admin saves and steps through the services: their rules and audit apply there too."""

import pytest
from django.urls import reverse

from convoy.core.audit import history
from convoy.donations.models import Allocation, Pledge
from tests.donations.factories import AllocationFactory

pytestmark = pytest.mark.django_db



@pytest.mark.parametrize("model", ["pledge", "requirement", "allocation"])
def test_changelists_search_and_filter(admin_client, pledge, requirement, model):
    url = reverse(f"admin:donations_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "IFV"}).status_code == 200


def test_commit_action_commits_through_the_service(admin_client, pledge):
    response = admin_client.post(reverse("admin:donations_pledge_changelist"),
                                 {"action": "commit", "_selected_action": [pledge.pk]})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.COMMITTED and pledge.committed_on is not None
    assert history(pledge).get().summary == "announced → committed"


def test_illegal_step_in_the_admin_is_reported_not_taken(admin_client, pledge):
    response = admin_client.post(reverse("admin:donations_pledge_changelist"),
                                 {"action": "mark_delivered", "_selected_action": [pledge.pk]},
                                 follow=True)
    assert "P-DEU-1" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ANNOUNCED


def test_status_is_read_only_on_the_pledge_form(admin_client, pledge):
    response = admin_client.get(reverse("admin:donations_pledge_change", args=[pledge.pk]))
    assert "status" not in response.context["adminform"].form.fields


def test_admin_edit_below_what_is_allocated_shows_the_error_on_the_form(admin_client, pledge,
                                                                        requirement):
    AllocationFactory(pledge=pledge, requirement=requirement, quantity=60)
    url = reverse("admin:donations_pledge_change", args=[pledge.pk])
    form = response_form_data(admin_client.get(url))
    response = admin_client.post(url, {**form, "quantity": 50})
    assert response.status_code == 200
    assert "60 units are already allocated" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.quantity == 100


def test_admin_adds_an_allocation_through_the_service(admin_client, pledge, requirement):
    response = admin_client.post(reverse("admin:donations_allocation_add"),
                                 {"pledge": pledge.pk, "requirement": requirement.pk,
                                  "quantity": 100})
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.status == "filled"
    assert Allocation.objects.get().quantity == 100


def test_admin_allocation_beyond_what_is_left_is_refused_on_the_form(admin_client, pledge,
                                                                      requirement):
    response = admin_client.post(reverse("admin:donations_allocation_add"),
                                 {"pledge": pledge.pk, "requirement": requirement.pk,
                                  "quantity": 101})
    assert response.status_code == 200
    assert "has 100 units left" in response.content.decode()
    assert not Allocation.objects.exists()


def test_cancel_allocation_action(admin_client, pledge, requirement):
    allocation = AllocationFactory(pledge=pledge, requirement=requirement)
    admin_client.post(reverse("admin:donations_allocation_changelist"),
                      {"action": "cancel", "_selected_action": [allocation.pk],
                       "reason": "Planned twice."})
    assert not Allocation.objects.exists()


def test_cancel_allocation_action_without_a_reason_is_refused(admin_client, pledge, requirement):
    allocation = AllocationFactory(pledge=pledge, requirement=requirement)
    page = admin_client.post(reverse("admin:donations_allocation_changelist"),
                             {"action": "cancel", "_selected_action": [allocation.pk]},
                             follow=True)
    assert any("give a reason" in str(m) for m in page.context["messages"])
    assert Allocation.objects.filter(pk=allocation.pk).exists()


def response_form_data(response):
    """The values the change form would send back unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else getattr(value, "pk", value)
    return data
