from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from convoy.catalog.models import CapabilityArea, CapabilityCoalition, Item, ItemGroup
from convoy.core.adminbase import AuditedAdmin


@admin.register(CapabilityArea)
class CapabilityAreaAdmin(AuditedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(CapabilityCoalition)
class CapabilityCoalitionAdmin(AuditedAdmin):
    list_display = ["name", "area", "lead_nation_codes"]
    list_filter = ["area", "lead_nations"]
    search_fields = ["name", "area__name", "lead_nations__name", "members__name"]
    filter_horizontal = ["lead_nations", "members"]
    list_select_related = ["area"]

    @admin.display(description=_("lead nations"))
    def lead_nation_codes(self, coalition: CapabilityCoalition) -> str:
        return ", ".join(n.code for n in coalition.lead_nations.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lead_nations")


class ItemInline(admin.TabularInline):
    model = Item
    fields = ["code", "name", "unit_mass_t", "nato_stock_number"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Items are added on their own page, where every write is audited.
        return False


@admin.register(ItemGroup)
class ItemGroupAdmin(AuditedAdmin):
    list_display = ["code", "name", "area"]
    list_filter = ["area"]
    search_fields = ["code", "name"]
    list_select_related = ["area"]
    inlines = [ItemInline]


@admin.register(Item)
class ItemAdmin(AuditedAdmin):
    list_display = [
        "code", "name", "group", "unit_mass_t", "nato_stock_number", "training_course",
        "crews_per_unit",
    ]
    list_filter = ["group__area", "group", ("training_course", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "nato_stock_number", "group__name"]
    list_select_related = ["group", "training_course"]
    autocomplete_fields = ["group"]
