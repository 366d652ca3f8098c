"""Admin for requirements, pledges and allocations: every save and lifecycle step calls the
donations services, so the admin cannot bypass their rules (quantities left, lifecycle)."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from convoy.core.adminbase import AuditedAdmin
from convoy.core.errors import DomainError
from convoy.donations import services
from convoy.donations.models import Allocation, Pledge, Requirement


class _DryRun(Exception):
    """Raised to roll back the service call that only checks a form."""


class ServiceAdmin(AuditedAdmin):
    """Saves through `create_service` / `update_service`.

    The form runs the service once inside a rolled-back savepoint, so a refusal shows on the
    form beside its fields instead of as an error page; `save_model` then runs it for real.
    """

    create_service: Callable[..., models.Model]
    update_service: Callable[..., models.Model]
    update_keyword: str

    def _call_service(self, request, obj, form, change: bool) -> models.Model:
        values = {name: form.cleaned_data[name] for name in form.changed_data
                  if name in form.cleaned_data}
        if change:
            stored = type(obj).objects.get(pk=obj.pk)
            return type(self).update_service(
                actor=request.user, **{self.update_keyword: stored}, **values
            )
        fields = {name: form.cleaned_data[name] for name in form.cleaned_data}
        return type(self).create_service(actor=request.user, **fields)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ServiceCheckedForm(form_class):
            def _post_clean(self) -> None:
                super()._post_clean()
                if self.errors:
                    return
                try:
                    with transaction.atomic():
                        model_admin._call_service(request, self.instance, self, change)
                        raise _DryRun
                except _DryRun:
                    pass
                except DomainError as error:
                    self.add_error(None, error.messages)
                except PermissionDenied as error:
                    self.add_error(None, str(error))

        return ServiceCheckedForm

    def save_model(self, request, obj, form, change):
        saved = self._call_service(request, obj, form, change)
        # The admin goes on with its own instance (redirect, log entry), so give it the pk.
        obj.pk = saved.pk
        obj._state.adding = False
        obj._state.db = saved._state.db


def run_step(
    model_admin: admin.ModelAdmin,
    request,
    objects: Any,
    step: Callable[..., Any],
    keyword: str,
    done: str,
) -> None:
    """Apply a lifecycle service to each selected record; report what worked and what not."""
    succeeded = 0
    for obj in objects:
        try:
            step(actor=request.user, **{keyword: obj})
            succeeded += 1
        except (DomainError, PermissionDenied) as error:
            text = "; ".join(error.messages) if isinstance(error, DomainError) else str(error)
            model_admin.message_user(request, text, messages.ERROR)
    if succeeded:
        model_admin.message_user(request, f"{succeeded} {done}.", messages.SUCCESS)


@admin.register(Requirement)
class RequirementAdmin(ServiceAdmin):
    create_service = services.requirement_create
    update_service = services.requirement_update
    update_keyword = "requirement"

    list_display = [
        "code", "recipient", "item_group", "quantity", "priority", "needed_by", "destination",
        "status",
    ]
    list_filter = ["status", "priority", "item_group__area", "item_group"]
    search_fields = ["code", "item_group__name", "notes"]
    list_select_related = ["recipient", "item_group", "destination"]
    date_hierarchy = "needed_by"
    lifecycle_fields = ("status",)
    actions = ["cancel"]

    @admin.action(description="Cancel the selected requirements")
    def cancel(self, request, queryset):
        run_step(self, request, queryset, services.requirement_cancel, "requirement",
                 "requirement(s) cancelled")


@admin.register(Pledge)
class PledgeAdmin(ServiceAdmin):
    create_service = services.pledge_create
    update_service = services.pledge_update
    update_keyword = "pledge"

    list_display = [
        "code", "donor", "item", "quantity", "available_from", "status", "source",
        "announced_on", "committed_on", "delivered_on",
    ]
    list_filter = ["status", "source", "donor", "item__group__area"]
    search_fields = ["code", "item__name", "item__code", "donor__name", "notes"]
    list_select_related = ["donor", "item"]
    date_hierarchy = "announced_on"
    lifecycle_fields = (
        "status", "committed_on", "delivery_started_on", "delivered_on", "cancelled_on",
    )
    actions = ["commit", "start_delivery", "mark_delivered", "cancel"]

    def get_readonly_fields(self, request, obj=None):
        # The announcement date is set when the pledge is created, like the other step dates.
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "announced_on") if obj is not None else fields

    @admin.action(description="Commit the selected pledges")
    def commit(self, request, queryset):
        run_step(self, request, queryset, services.pledge_commit, "pledge", "pledge(s) committed")

    @admin.action(description="Start delivery of the selected pledges")
    def start_delivery(self, request, queryset):
        run_step(self, request, queryset, services.pledge_start_delivery, "pledge",
                 "pledge(s) in delivery")

    @admin.action(description="Mark the selected pledges delivered")
    def mark_delivered(self, request, queryset):
        run_step(self, request, queryset, services.pledge_mark_delivered, "pledge",
                 "pledge(s) delivered")

    @admin.action(description="Cancel the selected pledges")
    def cancel(self, request, queryset):
        run_step(self, request, queryset, services.pledge_cancel, "pledge", "pledge(s) cancelled")


def _allocation_create(*, actor: Any, **fields: Any) -> Allocation:
    return services.allocation_create(actor=actor, **fields)


def _allocation_update(*, actor: Any, allocation: Allocation, **changes: Any) -> Allocation:
    raise DomainError({"quantity": f"Allocation {allocation}: an allocation is not changed; "
                                   "cancel it and allocate again."})


@admin.register(Allocation)
class AllocationAdmin(ServiceAdmin):
    """Allocations are added (through allocation_create) and cancelled, never edited."""

    create_service = _allocation_create
    update_service = _allocation_update
    update_keyword = "allocation"

    fields = ["pledge", "requirement", "quantity", "plan_run"]
    list_display = ["id", "pledge", "requirement", "quantity", "plan_run", "created_at"]
    list_filter = ["pledge__donor", "requirement__item_group"]
    search_fields = ["pledge__code", "requirement__code"]
    list_select_related = ["pledge", "requirement", "plan_run"]
    raw_id_fields = ["pledge", "requirement", "plan_run"]
    actions = ["cancel"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Cancelling (the action) also removes planned shipments and reopens the requirement.
        return False

    @admin.action(description="Cancel the selected allocations")
    def cancel(self, request, queryset):
        run_step(self, request, queryset, services.allocation_cancel, "allocation",
                 "allocation(s) cancelled")
