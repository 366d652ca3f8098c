from django.contrib import admin

from convoy.core.adminbase import AuditedAdmin
from convoy.core.models import AuditRecord, Membership, Nation, Organisation


@admin.register(Nation)
class NationAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "participation", "gdp_usd"]
    list_filter = ["kind", "participation"]
    search_fields = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "nation", "kind"]
    list_filter = ["kind", "nation"]
    search_fields = ["name", "short_name"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation__nation"]
    search_fields = ["user__username", "organisation__name"]


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """Read-only: audit records cannot be added, changed or deleted through the admin."""

    list_display = ["at", "actor", "source", "action", "content_type", "object_repr", "summary"]
    list_filter = ["action", "source", "content_type"]
    search_fields = ["object_repr", "actor__username", "summary"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
