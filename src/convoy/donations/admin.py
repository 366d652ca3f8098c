"""Admin for requirements, pledges and allocations: every save and lifecycle step calls the
donations services, so the admin cannot bypass their rules (quantities left, lifecycle)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from convoy.core.adminbase import AuditedAdmin, step_action
from convoy.donations import services
from convoy.donations.models import Allocation, Pledge, Requirement


@admin.register(Requirement)
class RequirementAdmin(AuditedAdmin):
    create_service = services.requirement_create
    update_service = services.requirement_update
    record_keyword = "requirement"

    list_display = [
        "code",
        "recipient",
        "item_group",
        "quantity",
        "priority",
        "needed_by",
        "destination",
        "status",
    ]
    list_filter = ["status", "priority", "item_group__area", "item_group"]
    search_fields = ["code", "item_group__name", "notes"]
    list_select_related = ["recipient", "item_group", "destination"]
    date_hierarchy = "needed_by"
    lifecycle_fields = ("status",)
    actions = [
        step_action(services.requirement_cancel, _(
            "Cancel the selected requirements"
        ), name="cancel"),
    ]


@admin.register(Pledge)
class PledgeAdmin(AuditedAdmin):
    create_service = services.pledge_create
    update_service = services.pledge_update
    record_keyword = "pledge"

    list_display = [
        "code",
        "donor",
        "item",
        "quantity",
        "available_from",
        "status",
        "source",
        "announced_on",
        "committed_on",
        "delivered_on",
    ]
    list_filter = ["status", "source", "donor", "item__group__area"]
    search_fields = ["code", "item__name", "item__code", "donor__name", "notes"]
    list_select_related = ["donor", "item"]
    date_hierarchy = "announced_on"
    lifecycle_fields = (
        "status",
        "committed_on",
        "delivery_started_on",
        "delivered_on",
        "cancelled_on",
    )
    actions = [
        step_action(services.pledge_commit, _("Commit the selected pledges"), name="commit"),
        step_action(
            services.pledge_start_delivery,
            _("Start delivery of the selected pledges"),
            name="start_delivery",
        ),
        step_action(
            services.pledge_mark_delivered,
            _("Mark the selected pledges delivered"),
            name="mark_delivered",
        ),
        step_action(services.pledge_cancel, _("Cancel the selected pledges"), name="cancel"),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The announcement date is set when the pledge is created, like the other step dates.
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "announced_on") if obj is not None else fields


@admin.register(Allocation)
class AllocationAdmin(AuditedAdmin):
    """Allocations are added (through allocation_create) and cancelled, never edited."""

    create_service = services.allocation_create
    record_keyword = "allocation"

    fields = ["pledge", "requirement", "quantity", "plan_run"]
    list_display = ["id", "pledge", "requirement", "quantity", "plan_run", "created_at"]
    list_filter = ["pledge__donor", "requirement__item_group"]
    search_fields = ["pledge__code", "requirement__code"]
    list_select_related = ["pledge", "requirement", "plan_run"]
    raw_id_fields = ["pledge", "requirement", "plan_run"]
    actions = [
        step_action(services.allocation_cancel, _(
            "Cancel the selected allocations"
        ), name="cancel"),
    ]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Cancelling (the action) also removes planned shipments and reopens the requirement.
        return False
