"""Admin of the logistics app. Shipments are planned and tracked only through the services
(their steps are admin actions); tracking events, handovers and discrepancies are written by
those steps."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from convoy.core.adminbase import AuditedAdmin, step_action
from convoy.logistics import services
from convoy.logistics.models import (
    CapacityException,
    Discrepancy,
    Handover,
    Lane,
    Location,
    Node,
    Shipment,
    TrackingEvent,
)


@admin.register(Location)
class LocationAdmin(AuditedAdmin):
    list_display = ["code", "name", "nation", "kind"]
    list_filter = ["kind", "nation"]
    search_fields = ["code", "name"]


class CapacityExceptionInline(admin.TabularInline):
    model = CapacityException
    extra = 0
    fields = ["week_start", "capacity_t", "reason"]


class LaneInline(admin.TabularInline):
    model = Lane
    extra = 0
    fields = ["direction", "location", "transit_weeks", "cost_per_t"]
    autocomplete_fields = ["location"]


@admin.register(Node)
class NodeAdmin(AuditedAdmin):
    list_display = ["code", "name", "nation", "place", "operator", "capacity_t_per_week"]
    list_filter = ["nation", "operator"]
    search_fields = ["code", "name", "place"]
    inlines = [LaneInline, CapacityExceptionInline]


@admin.register(CapacityException)
class CapacityExceptionAdmin(AuditedAdmin):
    list_display = ["node", "week_start", "capacity_t", "reason"]
    list_filter = ["node"]
    search_fields = ["node__name", "reason"]
    date_hierarchy = "week_start"


@admin.register(Lane)
class LaneAdmin(AuditedAdmin):
    list_display = ["__str__", "node", "direction", "location", "transit_weeks", "cost_per_t"]
    list_filter = ["direction", "node"]
    search_fields = ["node__code", "node__name", "location__code", "location__name"]


class TrackingEventInline(admin.TabularInline):
    model = TrackingEvent
    extra = 0
    fields = readonly_fields = ["kind", "at", "recorded_by", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Shipment)
class ShipmentAdmin(AuditedAdmin):
    list_display = [
        "__str__",
        "allocation",
        "node",
        "origin",
        "destination",
        "status",
        "planned_departure",
        "planned_arrival",
    ]
    list_filter = ["status", "node"]
    search_fields = ["allocation__pledge__code", "allocation__requirement__code", "node__name"]
    date_hierarchy = "planned_departure"
    lifecycle_fields = (
        "status",
        "dispatched_at",
        "arrived_at_node_at",
        "left_node_at",
        "handed_over_at",
    )
    # Route and quantity are fixed by shipment_plan, which checks lanes and what is left.
    readonly_fields = (
        "allocation",
        "quantity",
        "node",
        "origin",
        "destination",
        "planned_departure",
        "planned_arrival",
        "plan_run",
        "follow_up_of",
    )
    inlines = [TrackingEventInline]
    record_keyword = "shipment"
    actions = [
        step_action(services.shipment_dispatch, _("Dispatch from origin")),
        step_action(services.shipment_record_arrival, _("Record arrival at node")),
        step_action(services.shipment_record_departure, _("Record departure from node")),
        step_action(services.shipment_cancel, _("Cancel")),
    ]

    def has_add_permission(self, request):
        return False


@admin.register(TrackingEvent)
class TrackingEventAdmin(AuditedAdmin):
    """Read-only: events are the record of the tracking steps."""

    list_display = ["shipment", "kind", "at", "recorded_by"]
    list_filter = ["kind"]
    search_fields = ["shipment__id", "note"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Handover)
class HandoverAdmin(AuditedAdmin):
    """Handovers are recorded by shipment_hand_over; only the remarks can be corrected here."""

    list_display = ["shipment", "received_quantity", "short_reason", "rest", "receiving_unit",
                    "signed_by", "signed_at"]
    list_filter = ["short_reason", "rest"]
    search_fields = ["receiving_unit", "signed_by", "remarks"]
    date_hierarchy = "signed_at"
    readonly_fields = ("shipment", "received_quantity", "receiving_unit", "signed_by", "signed_at",
                       "short_reason", "rest")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Discrepancy)
class DiscrepancyAdmin(AuditedAdmin):
    """Raised by short handovers; resolved (with a note in the action bar's reason) by the
    resolve action, never edited."""

    list_display = ["__str__", "shipment", "quantity", "reason", "status", "raised_at",
                    "resolved_by", "resolved_on"]
    list_filter = ["status", "reason"]
    search_fields = ["note", "resolution_note"]
    date_hierarchy = "raised_at"
    readonly_fields = ("shipment", "quantity", "reason", "note", "raised_at")
    lifecycle_fields = ("status", "resolution_note", "resolved_by", "resolved_on")
    record_keyword = "discrepancy"
    actions = [step_action(services.discrepancy_resolve, _("Resolve (the reason is the note)"),
                           reason_as="note")]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
