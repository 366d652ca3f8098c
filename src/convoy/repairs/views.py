"""Pages of repair orders: list, detail, request, and the steps at the facility."""

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convoy.repairs import filters, forms, services, tables
from convoy.repairs.models import RepairFacility, RepairOrder
from convoy.repairs.selectors import units_received_in_week
from convoy.web.lists import RecordListView
from convoy.web.records import (
    Action,
    RecordActionView,
    RecordDetailView,
    Related,
    ServiceFormView,
)
from convoy.web.tables import Column


def fits_this_weeks_intake(order: RepairOrder, today: date) -> bool:
    """A receipt today is offered only while the facility's weekly intake has room for it (the
    service refuses it otherwise)."""
    taken = units_received_in_week(order.facility, today)
    return taken + order.quantity <= order.facility.capacity_per_week


class RepairOrderListView(RecordListView):
    model = RepairOrder
    columns = tables.REPAIR_ORDER_COLUMNS
    filterset_class = filters.RepairOrderFilter
    search_fields = ("code", "item__name", "serial_numbers", "facility__name")
    search_hint = _("Code, item, serial number or facility")
    select_related = ("item", "facility")
    create_url = "repairs:order-create"


class RepairOrderDetailView(RecordDetailView):
    model = RepairOrder
    select_related = ("recipient", "item", "facility", "returned_as")
    list_url = "repairs:order-list"
    fields = [
        Column("code", _("Code")),
        Column("recipient.name", _("Recipient")),
        Column("item.name", _("Item")),
        Column("quantity", _("Quantity")),
        Column("serial_numbers", _("Serial numbers")),
        Column("facility.name", _("Facility")),
        Column("status", _("Status")),
        Column("requested_on", _("Requested")),
        Column("received_on", _("Received")),
        Column("repair_started_on", _("Repair started")),
        Column("returned_on", _("Returned")),
        Column("returned_quantity", _("Units returned to service")),
        Column("written_off_quantity", _("Units written off")),
        Column("short_reason", _("Why fewer came back")),
        Column("short_note", _("Note")),
        Column("returned_as", _("Returned as pledge"), link=True),
        Column("follow_up_of", _("Rest of order"), link=True),
    ]
    actions = [
        Action(_("Record receipt"), "repairs:order-receive", ("requested",),
               available=fits_this_weeks_intake),
        Action(_("Start repair"), "repairs:order-start", ("received",)),
        Action(_("Record return"), "repairs:order-return", ("in_repair",)),
        Action(_("Cancel order"), "repairs:order-cancel", ("requested", "received"),
               style="danger"),
    ]


    def related(self, obj: RepairOrder) -> list[Related]:
        rest = RepairOrder.objects.restrict(self.request.user, "view").filter(follow_up_of=obj)
        if not rest:
            return []
        return [Related(_("Still in repair (follow-up orders)"), [
            Column("code", _("Order"), link=True), Column("quantity", _("Quantity"), numeric=True),
            Column("status", _("Status")),
        ], list(rest))]


class RepairOrderCreateView(ServiceFormView):
    model = RepairOrder
    form_class = forms.RepairOrderForm
    success_message = _("Repair order {obj} requested.")
    create_service = staticmethod(services.repair_order_create)
    list_url = "repairs:order-list"

    def initial_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"initial": {"requested_on": timezone.localdate()}}


class RepairStepView(RecordActionView):
    model = RepairOrder
    record_keyword = "order"


class RepairReceiveView(RepairStepView):
    service = staticmethod(services.repair_order_receive)
    success_message = _("Repair order {obj}: equipment received at the facility.")
    label = _("Record receipt")
    explanation = (_(
        "The equipment of repair order {obj} is recorded as received at the facility, within "
        "its weekly intake."
    ))


class RepairStartView(RepairStepView):
    service = staticmethod(services.repair_order_start)
    success_message = _("Repair order {obj}: repair started.")
    label = _("Start repair")
    explanation = _("Repair order {obj} is recorded as in repair; it can no longer be cancelled.")


class RepairReturnView(RepairStepView):
    service = staticmethod(services.repair_order_return)
    form_class = forms.ReturnForm
    success_message = _("Repair order {obj}: returned; it can be allocated again.")
    label = _("Record return")
    explanation = (_(
        "The repaired units of repair order {obj} become a committed pledge that can be "
        "allocated again; units that do not come back are written off or stay in repair as a "
        "follow-up order."
    ))

    def initial(self, obj: RepairOrder) -> dict[str, Any]:
        return {"returned_quantity": obj.quantity} if obj is not None else {}


class RepairCancelView(RepairStepView):
    service = staticmethod(services.repair_order_cancel)
    success_message = _("Repair order {obj} cancelled.")
    label = _("Cancel order")
    explanation = _("Repair order {obj} is cancelled.")
    reason_label = _("Reason for the cancellation")
    style = "danger"


# Repair facilities


class FacilityListView(RecordListView):
    model = RepairFacility
    columns = tables.FACILITY_COLUMNS
    filterset_class = filters.RepairFacilityFilter
    search_fields = ("code", "name")
    select_related = ("nation", "operator")
    create_url = "repairs:facility-create"
    related_pages = ((_("Administration"), "core:administration"),)


class FacilityDetailView(RecordDetailView):
    model = RepairFacility
    select_related = ("nation", "operator", "location")
    list_url = "repairs:facility-list"
    edit_url = "repairs:facility-edit"
    fields = [
        Column("code", _("Code")),
        Column("name", _("Name")),
        Column("nation.name", _("Nation")),
        Column("location", _("Repaired equipment leaves from")),
        Column("operator", _("Operator"), link=True),
        Column(lambda f: ", ".join(g.name for g in f.item_groups.all()), _(
            "Item groups it repairs"
        )),
        Column("capacity_per_week", _("Units it takes in per week")),
        Column("turnaround_weeks", _("Turnaround (weeks)")),
    ]


class FacilityCreateView(ServiceFormView):
    model = RepairFacility
    form_class = forms.RepairFacilityForm
    create_service = staticmethod(services.repair_facility_create)
    list_url = "repairs:facility-list"


class FacilityEditView(FacilityCreateView):
    update_service = staticmethod(services.repair_facility_update)
    record_keyword = "facility"
    fixed_fields = ("code",)
