"""Pages of requirements, pledges and allocations."""

from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from convoy.core.permissions import grants
from convoy.donations import filters, forms, services, tables
from convoy.donations.attention import PLEDGE_RULES, REQUIREMENT_RULES
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.logistics.models import Shipment
from convoy.training.models import TrainingRequest
from convoy.web.lists import RecordListView
from convoy.web.params import QueryParams
from convoy.web.records import (
    Action,
    RecordActionView,
    RecordDetailView,
    Related,
    ServiceFormView,
)
from convoy.web.tables import Column

OPEN_PLEDGE = ("announced", "committed", "in_delivery")


def allocated(user: Any, **where: Any) -> int:
    """Units allocated, over every nation's allocations (a total, so 'aggregate')."""
    total = Allocation.objects.restrict(user, "aggregate").filter(**where).aggregate(
        n=Sum("quantity"))["n"]
    return total or 0


# Requirements


class RequirementListView(RecordListView):
    model = Requirement
    columns = tables.REQUIREMENT_COLUMNS
    filterset_class = filters.RequirementFilter
    search_fields = ("code", "item_group__name", "item_group__area__name", "destination__name",
                     "notes")
    search_hint = _("Code, item group, capability area, destination or notes")
    select_related = ("item_group__area", "destination")
    attention = REQUIREMENT_RULES
    create_url = "donations:requirement-create"


class RequirementDetailView(RecordDetailView):
    model = Requirement
    select_related = ("recipient", "item_group__area", "destination")
    list_url = "donations:requirement-list"
    edit_url = "donations:requirement-edit"
    attention = REQUIREMENT_RULES
    edit_states = ("open",)
    fields = [
        Column("code", _("Code")),
        Column("recipient.name", _("Recipient")),
        Column("item_group.name", _("Item group")),
        Column("item_group.area.name", _("Capability area")),
        Column("quantity", _("Quantity")),
        Column("priority", _("Priority (1 most urgent)")),
        Column("needed_by", _("Needed by")),
        Column("destination", _("Destination")),
        Column("status", _("Status")),
        Column("notes", _("Notes")),
    ]
    actions = [
        Action(_("Cancel requirement"), "donations:requirement-cancel", ("open",), style="danger")
    ]

    def extra_context(self, obj: Requirement) -> dict[str, Any]:
        left = obj.quantity - allocated(self.request.user, requirement=obj)
        can_allocate = grants(self.request.user, Allocation, "add") != [] and obj.status == "open"
        links = []
        if can_allocate:
            url = f"{reverse('donations:allocation-create')}?requirement={obj.code}"
            links.append((_("Allocate a pledge"), url))
        return {"fields_extra": [(_("Still to allocate"), left)], "extra_links": links}

    def related(self, obj: Requirement) -> list[Related]:
        user = self.request.user
        allocations = (
            Allocation.objects.restrict(user, "view").filter(requirement=obj)
            .select_related("pledge__donor", "pledge__item", "requirement")
        )
        requests = TrainingRequest.objects.restrict(user, "view").filter(requirement=obj)
        return [
            Related(_("Allocations you may see"), tables.ALLOCATION_COLUMNS, list(allocations),
                    _("No allocations yet.")),
            Related(_("Training requests for its crews"), [
                Column("code", _("Code"), link=True), Column("course.name", _("Course")),
                Column("crews_needed", _("Crews"), numeric=True), Column("status", _("Status")),
            ], list(requests.select_related("course")), _("No training requests.")),
        ]


class RequirementCreateView(ServiceFormView):
    model = Requirement
    form_class = forms.RequirementForm
    create_service = staticmethod(services.requirement_create)
    list_url = "donations:requirement-list"


class RequirementEditView(RequirementCreateView):
    edit_states = ("open",)
    update_service = staticmethod(services.requirement_update)
    record_keyword = "requirement"


class RequirementCancelView(RecordActionView):
    model = Requirement
    service = staticmethod(services.requirement_cancel)
    record_keyword = "requirement"
    success_message = _("Requirement {obj} cancelled.")
    label = _("Cancel requirement")
    explanation = _("Requirement {obj} is cancelled: no allocation or plan will fill it.")
    reason_label = _("Reason for the cancellation")
    style = "danger"


# Pledges


class PledgeListView(RecordListView):
    model = Pledge
    columns = tables.PLEDGE_COLUMNS
    filterset_class = filters.PledgeFilter
    search_fields = ("code", "item__name", "item__group__name", "donor__name", "notes")
    search_hint = _("Code, item, item group, donor nation or notes")
    attention = PLEDGE_RULES
    select_related = ("donor", "item", "origin")
    create_url = "donations:pledge-create"


class PledgeDetailView(RecordDetailView):
    model = Pledge
    select_related = ("donor", "item__group__area", "origin")
    list_url = "donations:pledge-list"
    edit_url = "donations:pledge-edit"
    attention = PLEDGE_RULES
    edit_states = OPEN_PLEDGE
    fields = [
        Column("code", _("Code")),
        Column("donor.name", _("Donor")),
        Column("item.name", _("Item")),
        Column("item.group.name", _("Item group")),
        Column("quantity", _("Quantity")),
        Column("available_from", _("Available from")),
        Column("origin", _("Origin")),
        Column("value_eur", _("Value (EUR)")),
        Column("source", _("Source")),
        Column("status", _("Status")),
        Column("announced_on", _("Announced")),
        Column("committed_on", _("Committed")),
        Column("delivery_started_on", _("Delivery started")),
        Column("delivered_on", _("Delivered")),
        Column("cancelled_on", _("Cancelled")),
        Column("notes", _("Notes")),
    ]
    actions = [
        Action(_("Commit pledge"), "donations:pledge-commit", ("announced",)),
        Action(_("Start delivery"), "donations:pledge-start-delivery", ("committed",)),
        Action(_("Mark delivered"), "donations:pledge-mark-delivered", ("in_delivery",)),
        Action(_("Cancel pledge"), "donations:pledge-cancel", ("announced", "committed"),
               style="danger"),
    ]

    def extra_context(self, obj: Pledge) -> dict[str, Any]:
        return {"fields_extra": [
            (_("Still to allocate"), obj.quantity - allocated(self.request.user, pledge=obj))
        ]}

    def related(self, obj: Pledge) -> list[Related]:
        allocations = (
            Allocation.objects.restrict(self.request.user, "view").filter(pledge=obj)
            .select_related("pledge__donor", "pledge__item", "requirement")
        )
        shipments = (
            Shipment.objects.restrict(self.request.user, "view").filter(allocation__pledge=obj)
            .select_related("node")
        )
        # Intake proposals this pledge was accepted or merged from (the reverse of their link).
        sources = obj.proposals.restrict(self.request.user, "view")
        return [
            Related(_("Read from"), [
                Column(lambda p: _("Proposal %(pk)s") % {"pk": p.pk}, _("Proposal"), link=True),
                Column("source", _("Source")), Column("source_file", _("File")),
                Column("source_row", _("Row")), Column("source_url", _("Source URL")),
                Column(lambda p: p.sentence[:200], _("Sentence")),
            ], list(sources), _("Recorded directly, not read from a tracker or report.")),
            Related(_("Allocations"), tables.ALLOCATION_COLUMNS, list(allocations),
                    _("Not allocated to a requirement yet.")),
            Related(_("Shipments"), [
                Column(lambda s: _("Shipment %(pk)s") % {"pk": s.pk}, _("Shipment"), link=True),
                Column("node.name", _("Node")), Column("quantity", _("Quantity"), numeric=True),
                Column("planned_departure", _("Leaves node")), Column("status", _("Status")),
            ], list(shipments), _("No shipments yet.")),
        ]


class PledgeCreateView(ServiceFormView):
    model = Pledge
    form_class = forms.PledgeForm
    success_message = _("Pledge {obj} recorded (announced).")
    create_service = staticmethod(services.pledge_create)
    list_url = "donations:pledge-list"


class PledgeEditView(PledgeCreateView):
    edit_states = OPEN_PLEDGE
    success_message = _("Pledge {obj} saved.")
    update_service = staticmethod(services.pledge_update)
    record_keyword = "pledge"
    fixed_fields = ("code", "donor")


class PledgeStepView(RecordActionView):
    model = Pledge
    record_keyword = "pledge"


class PledgeCommitView(PledgeStepView):
    service = staticmethod(services.pledge_commit)
    success_message = _("Pledge {obj} committed.")
    label = _("Commit pledge")
    explanation = (_(
        "Pledge {obj} is committed: it counts in the totals and can be allocated and planned."
    ))


class PledgeStartDeliveryView(PledgeStepView):
    service = staticmethod(services.pledge_start_delivery)
    success_message = _("Delivery of pledge {obj} started.")
    label = _("Start delivery")
    explanation = _("Pledge {obj} is recorded as in delivery; it can no longer be cancelled.")


class PledgeMarkDeliveredView(PledgeStepView):
    service = staticmethod(services.pledge_mark_delivered)
    success_message = _("Pledge {obj} delivered.")
    label = _("Mark delivered")
    explanation = _("Pledge {obj} is recorded as delivered in full.")


class PledgeCancelView(PledgeStepView):
    service = staticmethod(services.pledge_cancel)
    success_message = _("Pledge {obj} cancelled.")
    label = _("Cancel pledge")
    explanation = _("Pledge {obj} is cancelled: it no longer counts and cannot be allocated.")
    reason_label = _("Reason for the cancellation")
    style = "danger"


# Allocations


class AllocationListView(RecordListView):
    model = Allocation
    columns = tables.ALLOCATION_COLUMNS
    filterset_class = filters.AllocationFilter
    search_fields = ("pledge__code", "requirement__code", "pledge__item__name",
                     "pledge__donor__name")
    search_hint = _("Pledge or requirement code, item or donor")
    select_related = ("pledge__donor", "pledge__item", "requirement")
    default_sort = "-allocation"
    create_url = "donations:allocation-create"


class AllocationDetailView(RecordDetailView):
    model = Allocation
    select_related = ("pledge__donor", "pledge__item", "requirement__destination")
    list_url = "donations:allocation-list"
    fields = [
        Column("pledge", _("Pledge"), link=True),
        Column("pledge.donor.name", _("Donor")),
        Column("pledge.item.name", _("Item")),
        Column("requirement", _("Requirement"), link=True),
        Column("requirement.destination", _("Destination")),
        Column("quantity", _("Quantity")),
        Column("created_at", _("Created")),
        Column("plan_run", _("Made by a plan run"), link=True, hide_empty=True),
    ]
    actions = [Action(_("Cancel allocation"), "donations:allocation-cancel", style="danger")]

    def extra_context(self, obj: Allocation) -> dict[str, Any]:
        can_ship = grants(self.request.user, Shipment, "add") != []
        url = reverse("logistics:shipment-create") + f"?allocation={obj.pk}"
        return {"extra_links": [(_("Plan a shipment"), url)] if can_ship else []}

    def related(self, obj: Allocation) -> list[Related]:
        shipments = Shipment.objects.restrict(self.request.user, "view").filter(
            allocation=obj).select_related("node")
        return [Related(_("Shipments"), [
            Column(lambda s: _("Shipment %(pk)s") % {"pk": s.pk}, _("Shipment"), link=True),
            Column("node.name", _("Node")), Column("quantity", _("Quantity"), numeric=True),
            Column("planned_departure", _("Leaves node")), Column("status", _("Status")),
        ], list(shipments), _("No shipments planned yet."))]


class AllocationCreateView(ServiceFormView):
    model = Allocation
    form_class = forms.AllocationForm
    success_message = _("{obj} allocated.")
    create_service = staticmethod(services.allocation_create)
    list_url = "donations:allocation-list"

    def initial_kwargs(self, obj: Any) -> dict[str, Any]:
        keys = ("pledge", "requirement")
        params = QueryParams(self.request)
        return {"initial": {k: params.text(k) for k in keys if params.text(k)}}


class AllocationCancelView(RecordActionView):
    model = Allocation
    service = staticmethod(services.allocation_cancel)
    record_keyword = "allocation"
    success_message = _("Allocation cancelled.")
    label = _("Cancel allocation")
    explanation = (_(
        "Allocation {obj} is removed with its planned shipments; a filled requirement opens "
        "again."
    ))
    reason_label = _("Reason for the cancellation")
    style = "danger"

    def return_url(self, obj: Allocation) -> str:
        # A cancelled allocation is gone; its list is the place to land then.
        if not Allocation.objects.filter(pk=obj.pk).exists():
            return reverse("donations:allocation-list")
        return super().return_url(obj)
