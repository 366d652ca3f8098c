"""Pages of the catalog: capability areas, item groups, items and capability coalitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from convoy.catalog import filters, forms, services, tables
from convoy.catalog.models import CapabilityArea, CapabilityCoalition, Item, ItemGroup
from convoy.web.lists import RecordListView
from convoy.web.records import RecordDetailView, Related, ServiceFormView
from convoy.web.tables import Column

ADMINISTRATION = ((_("Administration"), "core:administration"),)


# Capability areas


class AreaListView(RecordListView):
    model = CapabilityArea
    columns = tables.AREA_COLUMNS
    search_fields = ("code", "name")
    create_url = "catalog:area-create"
    related_pages = ADMINISTRATION


class AreaDetailView(RecordDetailView):
    model = CapabilityArea
    list_url = "catalog:area-list"
    edit_url = "catalog:area-edit"
    fields = [Column("code", _("Code")), Column("name", _("Name"))]

    def related(self, obj: CapabilityArea) -> list[Related]:
        groups = ItemGroup.objects.restrict(self.request.user, "view").filter(area=obj)
        return [Related(_(
            "Item groups"
        ), tables.GROUP_COLUMNS, list(groups.select_related("area")),
                        _("No item groups in this area yet."))]


class AreaCreateView(ServiceFormView):
    model = CapabilityArea
    form_class = forms.CapabilityAreaForm
    create_service = staticmethod(services.capability_area_create)
    list_url = "catalog:area-list"


class AreaEditView(AreaCreateView):
    update_service = staticmethod(services.capability_area_update)
    record_keyword = "area"
    fixed_fields = ("code",)


# Item groups


class GroupListView(RecordListView):
    model = ItemGroup
    columns = tables.GROUP_COLUMNS
    filterset_class = filters.ItemGroupFilter
    search_fields = ("code", "name", "name_uk")
    select_related = ("area",)
    create_url = "catalog:group-create"
    related_pages = ((_("Capability areas"), "catalog:area-list"), *ADMINISTRATION)


class GroupDetailView(RecordDetailView):
    model = ItemGroup
    select_related = ("area",)
    list_url = "catalog:group-list"
    edit_url = "catalog:group-edit"
    fields = [Column("code", _("Code")), Column("name", _("Name")),
              Column("name_uk", _("Name in Ukrainian")),
              Column("area.name", _("Capability area"))]

    def related(self, obj: ItemGroup) -> list[Related]:
        items = Item.objects.restrict(self.request.user, "view").filter(group=obj).select_related(
            "group", "training_course")
        return [Related(_("Items that can stand in for each other"), tables.ITEM_COLUMNS,
                        list(items), _("No items in this group yet."))]


class GroupCreateView(ServiceFormView):
    model = ItemGroup
    form_class = forms.ItemGroupForm
    create_service = staticmethod(services.item_group_create)
    list_url = "catalog:group-list"


class GroupEditView(GroupCreateView):
    update_service = staticmethod(services.item_group_update)
    record_keyword = "group"
    fixed_fields = ("code",)


# Items


class ItemListView(RecordListView):
    model = Item
    columns = tables.ITEM_COLUMNS
    filterset_class = filters.ItemFilter
    search_fields = ("code", "name", "name_uk", "nato_stock_number")
    select_related = ("group", "training_course")
    create_url = "catalog:item-create"
    related_pages = ADMINISTRATION


class ItemDetailView(RecordDetailView):
    model = Item
    select_related = ("group__area", "training_course")
    list_url = "catalog:item-list"
    edit_url = "catalog:item-edit"
    fields = [
        Column("code", _("Code")),
        Column("name", _("Name")),
        Column("name_uk", _("Name in Ukrainian")),
        Column("group", _("Item group"), link=True),
        Column("group.area.name", _("Capability area")),
        Column("nato_stock_number", _("NATO stock number")),
        Column("unit_mass_t", _("Unit mass (t)")),
        Column("training_course", _("Training course its crews need")),
        Column("crews_per_unit", _("Crews per unit")),
    ]


class ItemCreateView(ServiceFormView):
    model = Item
    form_class = forms.ItemForm
    create_service = staticmethod(services.item_create)
    list_url = "catalog:item-list"


class ItemEditView(ItemCreateView):
    update_service = staticmethod(services.item_update)
    record_keyword = "item"
    fixed_fields = ("code",)


# Capability coalitions


class CoalitionListView(RecordListView):
    model = CapabilityCoalition
    columns = tables.COALITION_COLUMNS
    filterset_class = filters.CoalitionFilter
    search_fields = ("name",)
    select_related = ("area",)
    create_url = "catalog:coalition-create"
    related_pages = ADMINISTRATION

    def base_queryset(self) -> models.QuerySet:
        return super().base_queryset().prefetch_related("lead_nations", "members")


class CoalitionDetailView(RecordDetailView):
    model = CapabilityCoalition
    select_related = ("area",)
    list_url = "catalog:coalition-list"
    edit_url = "catalog:coalition-edit"
    fields = [
        Column("name", _("Name")),
        Column("area.name", _("Capability area")),
        Column(lambda c: ", ".join(str(n) for n in c.lead_nations.all()), _("Lead nations")),
        Column(lambda c: ", ".join(str(n) for n in c.members.all()), _("Members")),
    ]


class CoalitionCreateView(ServiceFormView):
    model = CapabilityCoalition
    form_class = forms.CoalitionForm
    create_service = staticmethod(services.coalition_create)
    list_url = "catalog:coalition-list"


class CoalitionEditView(CoalitionCreateView):
    update_service = staticmethod(services.coalition_update)
    record_keyword = "coalition"
