"""Pages of the capability targets for the long-term development of the recipient's forces."""

from django.utils.translation import gettext_lazy as _

from convoy.development import filters, forms, services, tables
from convoy.development.models import CapabilityTarget
from convoy.web.lists import RecordListView
from convoy.web.records import RecordDetailView, ServiceFormView
from convoy.web.tables import Column


class TargetListView(RecordListView):
    model = CapabilityTarget
    columns = tables.TARGET_COLUMNS
    filterset_class = filters.CapabilityTargetFilter
    search_fields = ("description", "target_level", "area__name")
    select_related = ("area",)
    create_url = "development:target-create"
    related_pages = ((_("Administration"), "core:administration"),)


class TargetDetailView(RecordDetailView):
    model = CapabilityTarget
    select_related = ("recipient", "area")
    list_url = "development:target-list"
    edit_url = "development:target-edit"
    fields = [
        Column("recipient.name", _("Recipient")),
        Column("area.name", _("Capability area")),
        Column("year", _("Year")),
        Column("description", _("Target")),
        Column("target_quantity", _("Target quantity")),
        Column("target_level", _("Target level")),
        Column("achieved_quantity", _("Achieved so far")),
    ]


class TargetCreateView(ServiceFormView):
    model = CapabilityTarget
    form_class = forms.CapabilityTargetForm
    create_service = staticmethod(services.target_create)
    list_url = "development:target-list"


class TargetEditView(TargetCreateView):
    update_service = staticmethod(services.target_update)
    record_keyword = "target"
