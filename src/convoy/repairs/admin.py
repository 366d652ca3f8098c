"""Admin of the repairs app; the steps of a repair order are admin actions calling the services."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from convoy.core.adminbase import AuditedAdmin, step_action
from convoy.repairs import services
from convoy.repairs.models import RepairFacility, RepairOrder


@admin.register(RepairFacility)
class RepairFacilityAdmin(AuditedAdmin):
    list_display = [
        "code",
        "name",
        "nation",
        "location",
        "operator",
        "capacity_per_week",
        "turnaround_weeks",
    ]
    list_filter = ["nation", "item_groups"]
    search_fields = ["code", "name"]
    filter_horizontal = ["item_groups"]


class RepairOrderForm(forms.ModelForm):
    """An order is requested through its service; edits have none, so the form checks that the
    facility repairs the item."""

    class Meta:
        model = RepairOrder
        fields = [
            "code",
            "recipient",
            "item",
            "quantity",
            "serial_numbers",
            "facility",
            "requested_on",
        ]

    def clean(self):
        cleaned = super().clean()
        facility, item = cleaned.get("facility"), cleaned.get("item")
        if facility and item and (refusal := services.facility_refusal(facility, item)):
            self.add_error("facility", refusal)
        return cleaned


@admin.register(RepairOrder)
class RepairOrderAdmin(AuditedAdmin):
    form = RepairOrderForm
    list_display = [
        "code",
        "recipient",
        "item",
        "quantity",
        "facility",
        "status",
        "requested_on",
        "received_on",
        "returned_on",
        "returned_quantity",
        "written_off_quantity",
    ]
    list_filter = ["status", "facility"]
    search_fields = ["code", "item__name", "serial_numbers"]
    date_hierarchy = "requested_on"
    lifecycle_fields = services.LIFECYCLE_FIELDS
    create_service = services.repair_order_create
    record_keyword = "order"
    actions = [
        step_action(services.repair_order_receive, _("Record receipt at facility")),
        step_action(services.repair_order_start, _("Start repair")),
        step_action(services.repair_order_return, _("Return (becomes a committed pledge)")),
        step_action(services.repair_order_cancel, _("Cancel")),
    ]
