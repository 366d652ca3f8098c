"""Pages of shipments (list, detail with timeline, lifecycle steps) and node boards."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DecimalField, ExpressionWrapper, F, Q, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views import View

from convoy.core.dates import add_days, monday_of
from convoy.core.permissions import grants, is_allowed
from convoy.logistics import filters, forms, services, tables
from convoy.logistics.attention import NODE_RULES, SHIPMENT_RULES
from convoy.logistics.models import (
    CapacityException,
    Discrepancy,
    Handover,
    Lane,
    Node,
    Shipment,
    TrackingEvent,
)
from convoy.web import attention, refusals
from convoy.web.links import openable
from convoy.web.lists import RecordListView
from convoy.web.params import QueryParams
from convoy.web.records import (
    Action,
    RecordActionView,
    RecordDetailView,
    Related,
    ServiceFormView,
)
from convoy.web.tables import Column, table_rows

TONNES = ExpressionWrapper(
    F("quantity") * F("allocation__pledge__item__unit_mass_t"),
    output_field=DecimalField(max_digits=18, decimal_places=4),
)


def may_hand_over(user: Any, shipment: Shipment) -> bool:
    return grants(user, Handover, "add") != []


def week_start(day: date) -> date:
    return monday_of(day)


class ShipmentListView(RecordListView):
    model = Shipment
    columns = tables.SHIPMENT_COLUMNS
    filterset_class = filters.ShipmentFilter
    search_fields = ("allocation__pledge__code", "allocation__requirement__code", "node__name",
                     "allocation__pledge__item__name", "allocation__pledge__donor__name")
    search_hint = _("Pledge or requirement code, item, node or donor")
    select_related = tables.SHIPMENT_SELECT
    attention = SHIPMENT_RULES
    related_pages = ((_("Node boards"), "logistics:node-list"),
                     (_("Discrepancies"), "logistics:discrepancy-list"))


def timeline(shipment: Shipment) -> list[dict[str, Any]]:
    """The steps of a shipment's journey, done or still to come, with when they happened."""
    steps = [
        (_("Planned"), "planned", None, None),
        (_("Dispatched from origin"), "in_transit", shipment.dispatched_at, shipment.origin),
        (_("Arrived at node"), "at_node", shipment.arrived_at_node_at, shipment.node),
        (_("Left node"), "onward", shipment.left_node_at, shipment.node),
        (_("Handed over"), "delivered", shipment.handed_over_at, shipment.destination),
    ]
    order = [s[1] for s in steps]
    reached = order.index(shipment.status) if shipment.status in order else -1
    result = []
    for index, (label, state, when, where) in enumerate(steps):
        planned = {
            "planned": None,
            "at_node": None,
            "onward": shipment.planned_departure,
            "delivered": shipment.planned_arrival,
        }.get(state)
        result.append({
            "label": label,
            "when": when,
            "where": where,
            "planned": planned,
            "state": "current" if index == reached else "done" if index < reached else "todo",
        })
    return result


class ShipmentDetailView(RecordDetailView):
    model = Shipment
    select_related = (*tables.SHIPMENT_SELECT, "allocation__pledge__donor",
                      "allocation__requirement")
    list_url = "logistics:shipment-list"
    template_name = "logistics/shipment_detail.html"
    attention = SHIPMENT_RULES
    fields = [
        Column("allocation", _("Allocation"), link=True),
        Column("allocation.pledge", _("Pledge"), link=True),
        Column("allocation.pledge.donor.name", _("Donor")),
        Column("allocation.pledge.item.name", _("Item")),
        Column("allocation.requirement", _("Requirement"), link=True),
        Column("quantity", _("Quantity")),
        Column("origin", _("From")),
        Column("node", _("Through node"), link=True),
        Column("destination", _("To")),
        Column("planned_departure", _("Planned to leave node")),
        Column("planned_arrival", _("Planned arrival")),
        Column("status", _("Status")),
        Column("plan_run", _("Made by a plan run"), link=True, hide_empty=True),
    ]
    actions = [
        Action(_("Dispatch"), "logistics:shipment-dispatch", ("planned",)),
        Action(_("Record arrival at node"), "logistics:shipment-arrive", ("in_transit",)),
        Action(_("Record departure from node"), "logistics:shipment-depart", ("at_node",)),
        Action(_("Record handover"), "logistics:shipment-handover", ("onward",),
               allowed=may_hand_over, needs_form=True),
        Action(_("Cancel shipment"), "logistics:shipment-cancel", ("planned",), style="danger"),
    ]

    def extra_context(self, obj: Shipment) -> dict[str, Any]:
        handover = Handover.objects.restrict(self.request.user, "view").filter(shipment=obj).first()
        return {"timeline": timeline(obj), "handover": handover}

    def related(self, obj: Shipment) -> list[Related]:
        user = self.request.user
        events = TrackingEvent.objects.restrict(user, "view").filter(
            shipment=obj).select_related("recorded_by").order_by("at")
        related = [Related(_("Tracking events"), [
            Column("kind", _("Event")), Column("at", _("When")),
            Column("recorded_by", _("Recorded by")), Column("note", _("Note")),
        ], list(events), _("No tracking events yet."))]
        follow_ups = Shipment.objects.restrict(user, "view").filter(
            Q(follow_up_of=obj) | Q(pk=obj.follow_up_of_id))
        if follow_ups:
            related.append(Related(_("Follow-up of a short handover"), [
                Column(lambda s: _("Shipment %(pk)s") % {"pk": s.pk}, _("Shipment"), link=True),
                Column("quantity", _("Quantity"), numeric=True), Column("status", _("Status")),
                Column("planned_arrival", _("Planned arrival")),
            ], list(follow_ups)))
        discrepancies = Discrepancy.objects.restrict(user, "view").filter(shipment=obj)
        if discrepancies:
            related.append(Related(_("Discrepancies"), tables.DISCREPANCY_COLUMNS,
                                   list(discrepancies)))
        return related


class ShipmentPlanView(ServiceFormView):
    model = Shipment
    form_class = forms.ShipmentPlanForm
    title = _("Plan a shipment")
    success_message = _("{obj} planned.")
    create_service = staticmethod(services.shipment_plan)
    list_url = "logistics:shipment-list"

    def initial_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"initial": {"allocation": QueryParams(self.request).primary_key("allocation")}}


class ShipmentStepView(RecordActionView):
    model = Shipment
    record_keyword = "shipment"


class ShipmentHandoverView(ShipmentStepView):
    """The recipient's signed receipt: the last step of a shipment. A short one says why units
    are missing and whether they still come (a follow-up) or are a discrepancy to resolve."""

    form_class = forms.HandoverForm
    service = staticmethod(services.shipment_hand_over)
    label = _("Record handover")
    explanation = (_(
        "The recipient's receipt for {obj} is recorded and the shipment is handed over."
    ))
    success_message = _("{obj} handed over.")

    def check_permission(self, obj: Shipment) -> None:
        if not may_hand_over(self.request.user, obj):
            raise PermissionDenied(_("Your role may not record handovers."))
        if obj.status != Shipment.Status.ONWARD:
            raise PermissionDenied(
                _(
                    "%(obj)s cannot be handed over now: it is %(status)s."
                ) % {"obj": obj, "status": obj.get_status_display().lower()}
            )

    def initial(self, obj: Shipment) -> dict[str, Any]:
        return {"received_quantity": obj.quantity} if obj is not None else {}


class ShipmentDispatchView(ShipmentStepView):
    service = staticmethod(services.shipment_dispatch)
    success_message = _("{obj} dispatched.")
    label = _("Dispatch")
    explanation = _("{obj} is recorded as having left its origin for the node.")


class ShipmentArriveView(ShipmentStepView):
    service = staticmethod(services.shipment_record_arrival)
    success_message = _("{obj} recorded as arrived at the node.")
    label = _("Record arrival at node")
    explanation = _("{obj} is recorded as arrived at its node.")


class ShipmentDepartView(ShipmentStepView):
    service = staticmethod(services.shipment_record_departure)
    success_message = _("{obj} recorded as having left the node.")
    label = _("Record departure from node")
    explanation = _("{obj} is recorded as having left its node for the destination.")


class ShipmentCancelView(ShipmentStepView):
    service = staticmethod(services.shipment_cancel)
    success_message = _("{obj} cancelled.")
    label = _("Cancel shipment")
    explanation = _("{obj} is cancelled; its units can be planned again.")
    reason_label = _("Reason for the cancellation")
    style = "danger"


# Discrepancies


def may_resolve(user: Any, discrepancy: Discrepancy) -> bool:
    return is_allowed(user, "change", discrepancy)


class DiscrepancyListView(RecordListView):
    model = Discrepancy
    columns = tables.DISCREPANCY_COLUMNS
    filterset_class = filters.DiscrepancyFilter
    search_fields = ("note", "resolution_note", "shipment__allocation__pledge__code")
    select_related = ("shipment", "resolved_by")


class DiscrepancyDetailView(RecordDetailView):
    model = Discrepancy
    select_related = ("shipment", "resolved_by")
    list_url = "logistics:discrepancy-list"
    fields = [
        Column("shipment", _("Shipment"), link=True),
        Column("quantity", _("Units missing")),
        Column("reason", _("Reason")),
        Column("note", _("Note")),
        Column("raised_at", _("Raised")),
        Column("status", _("Status")),
        Column("resolution_note", _("Resolution")),
        Column("resolved_by", _("Resolved by")),
        Column("resolved_on", _("Resolved on")),
    ]
    actions = [Action(_("Resolve"), "logistics:discrepancy-resolve", ("open",),
                      allowed=may_resolve)]


class DiscrepancyResolveView(RecordActionView):
    model = Discrepancy
    record_keyword = "discrepancy"
    service = staticmethod(services.discrepancy_resolve)
    label = _("Resolve")
    explanation = (_(
        "{obj} is closed with your note on how it was settled (found, written off, replaced)."
    ))
    reason_label = _("How it was resolved")
    reason_keyword = "note"
    success_message = _("{obj}: resolved.")


# Nodes


class NodeCapacityView(LoginRequiredMixin, View):
    """Set a node's capacity for one week (node operators and coordinators), from its board."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        node = get_object_or_404(Node.objects.restrict(request.user, "view"), pk=pk)
        week = forms.WeekForm(request.POST)
        monday = week_start(week.cleaned_data["week"] if week.is_valid()
                            and week.cleaned_data["week"] else timezone.localdate())
        back = reverse("logistics:node-board", kwargs={"pk": pk}) + f"?week={monday:%Y-%m-%d}"
        form = forms.CapacityForm(request.POST, user=request.user)
        if not form.is_valid():
            errors = " ".join(e for errs in form.errors.values() for e in errs)
            messages.error(request, _("Refused: %(errors)s") % {"errors": errors})
            return HttpResponseRedirect(back)
        try:
            services.capacity_exception_set(actor=request.user, node=node,
                                            week_start=monday, **form.cleaned_data)
        except PermissionDenied as error:
            messages.error(request, _("Refused: %(error)s") % {"error": error})
        except ValidationError as error:
            messages.error(request, "Refused: " + " ".join(refusals.messages_of(error)))
        else:
            messages.success(request, _(
                "Capacity of %(node)s for the week of %(monday)s set to %(capacity_t)s t."
            ) % {
                "node": node,
                "monday": date_format(monday, "j M Y"),
                "capacity_t": form.cleaned_data['capacity_t'],
            })
        return HttpResponseRedirect(back)


class NodeListView(RecordListView):
    model = Node
    columns = tables.NODE_COLUMNS
    search_fields = ("name", "code", "place")
    search_hint = _("Name, code or place")
    select_related = ("nation", "operator")
    attention = NODE_RULES
    title = _("Logistics nodes")


class NodeBoardView(LoginRequiredMixin, View):
    """What is inbound to a node, at it, and leaving it in one week, against its capacity."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        node = get_object_or_404(Node.objects.restrict(request.user, "view"), pk=pk)
        params = QueryParams(request)
        monday = params.week("week", timezone.localdate())
        params.tell(request)
        form = forms.WeekForm(initial={"week": monday})
        sunday = add_days(monday, 6)
        visible = (
            Shipment.objects.restrict(request.user, "view").filter(node=node)
            .select_related(*tables.SHIPMENT_SELECT).order_by("planned_departure", "pk")
        )
        inbound = visible.filter(
            Q(status="in_transit")
            | Q(status="planned", planned_departure__lte=add_days(sunday, 7))
        )
        at_node = visible.filter(status="at_node")
        outbound = visible.filter(
            Q(status__in=["at_node", "onward", "delivered"],
              planned_departure__range=(monday, sunday))
            | Q(left_node_at__date__range=(monday, sunday))
        ).distinct()
        load = (
            Shipment.objects.restrict(request.user, "aggregate")
            .filter(node=node, planned_departure__range=(monday, sunday),
                    follow_up_of__isnull=True)
            .exclude(status="cancelled").aggregate(t=Sum(TONNES))["t"] or 0
        )
        exception = CapacityException.objects.filter(node=node, week_start=monday).first()
        capacity = exception.capacity_t if exception else node.capacity_t_per_week
        columns = tables.BOARD_COLUMNS
        links = openable(request)
        return render(request, "logistics/node_board.html", {
            "title": _("Node board: %(node)s") % {"node": node},
            "node": node,
            "form": form,
            "monday": monday,
            "sunday": sunday,
            "previous_week": add_days(monday, -7),
            "next_week": add_days(monday, 7),
            "load": load,
            "capacity": capacity,
            "exception": exception,
            "load_percent": round(100 * float(load) / float(capacity)) if capacity else None,
            "attention": attention.badges(
                attention.flags(NODE_RULES, request.user, [node.pk]).get(node.pk, [])),
            "capacity_form": forms.CapacityForm(
                user=request.user, initial={"capacity_t": capacity}
            ) if is_allowed(request.user, "add", CapacityException(node=node)) else None,
            "columns": columns,
            "lanes": [
                (_("Inbound"), _("In transit to the node, or planned to leave it by next week."),
                 table_rows(columns, inbound[:200], links)),
                (_("At the node"), _("Arrived and waiting to leave."),
                 table_rows(columns, at_node[:200], links)),
                (_("Outbound this week"), _("Leaving (or left) the node this week."),
                 table_rows(columns, outbound[:200], links)),
            ],
        })


# Lanes (reference data coordinators keep)


class LaneListView(RecordListView):
    model = Lane
    columns = tables.LANE_COLUMNS
    filterset_class = filters.LaneFilter
    search_fields = ("node__name", "location__code", "location__name")
    select_related = ("node", "location")
    create_url = "logistics:lane-create"
    related_pages = ((_("Administration"), "core:administration"),)


class LaneDetailView(RecordDetailView):
    model = Lane
    select_related = ("node", "location__nation")
    list_url = "logistics:lane-list"
    edit_url = "logistics:lane-edit"
    fields = [
        Column("node", _("Node"), link=True),
        Column("direction", _("Direction")),
        Column("location", _("Depot or destination")),
        Column("transit_weeks", _("Transit (weeks)")),
        Column("cost_per_t", _("Cost per tonne (EUR)")),
    ]

    def page_title(self, obj: Lane) -> str:
        return _("Lane %(obj)s") % {"obj": obj}


class LaneCreateView(ServiceFormView):
    model = Lane
    form_class = forms.LaneForm
    create_service = staticmethod(services.lane_create)
    list_url = "logistics:lane-list"


class LaneEditView(LaneCreateView):
    update_service = staticmethod(services.lane_update)
    record_keyword = "lane"
