"""Each role starts where its work is: "/" shows the signed-in user's start page.

Coordinators and viewers start on the operating picture with the attention panel; a node operator
on its node's week; a facility operator on its sessions and repair orders; a donor liaison on its
nation's pledges that need action; the recipient's planner on unmet requirements and arrivals.
Every other role's panel lists what needs attention within its scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from convoy.core.models import Role
from convoy.donations.models import Pledge
from convoy.donations.selectors import requirements_for
from convoy.logistics.models import Node, Shipment
from convoy.logistics.selectors import node_board
from convoy.repairs.models import RepairOrder
from convoy.reports import attention
from convoy.reports.picture import HomeView
from convoy.training.selectors import sessions_calendar
from convoy.web.attention import today
from convoy.web.links import openable
from convoy.web.records import Related
from convoy.web.tables import Column

#: Rows per table on a start page; each table links to its full list.
ROWS = 15
#: How far ahead a facility operator's sessions and a planner's arrivals are shown.
SESSIONS_AHEAD = timedelta(weeks=8)
ARRIVALS_AHEAD = timedelta(days=14)

SHIPMENT = Column(lambda s: _("Shipment %(pk)s") % {"pk": s.pk}, _("Shipment"), link=True)
WHAT = Column(lambda s: f"{s.quantity:,} × {s.allocation.pledge.item.local_name}", _("What"))


@dataclass
class Section:
    """A part of a start page: one area of the role's work, with links to where it is done."""

    title: str
    intro: str
    links: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Related] = field(default_factory=list)


def node_sections(user: Any, day: date) -> list[Section]:
    columns = [SHIPMENT, WHAT, Column("origin.code", _("From")),
               Column("destination.code", _("To")), Column("planned_departure", _("Leaves node")),
               Column("status", _("Status"))]
    sections = []
    for node in Node.objects.restrict(user, "view").filter(operator__memberships__user=user):
        board = node_board(user, node, day)
        board_url = reverse("logistics:node-board", kwargs={"pk": node.pk})
        shipments_url = f"{reverse('logistics:shipment-list')}?node={node.pk}"
        sections.append(Section(
            _(
                "%(node)s this week"
            ) % {"node": node}, _("What comes in, waits and leaves your node this week."),
            [(_("Open the node board"), board_url),
             (_("Shipments through the node"), shipments_url)],
            [Related(_("Inbound"), columns, board.inbound[:ROWS], _("Nothing due in.")),
             Related(_("At the node"), columns, board.at_node[:ROWS], _("Nothing waiting.")),
             Related(_("Left this week"), columns, board.outbound[:ROWS], _("Nothing left yet."))],
        ))
    return sections


def facility_sections(user: Any, day: date) -> list[Section]:
    slots = [slot for row in sessions_calendar(user, day, day + SESSIONS_AHEAD)
             for slot in row.sessions]
    slots.sort(key=lambda slot: (slot.session.start_date, slot.session.code))
    sessions = Related(_("Sessions in the next eight weeks"), [
        Column(lambda slot: slot.session.code, _("Session")),
        Column(lambda slot: slot.session.course.name, _("Course")),
        Column(lambda slot: slot.session.facility.name, _("Facility")),
        Column(lambda slot: slot.session.start_date, _("Starts")),
        Column(lambda slot: _(
            "%(seats_left)s of %(seats)s"
        ) % {"seats_left": slot.seats_left, "seats": slot.session.seats}, _("Seats left")),
    ], slots[:ROWS], _("No sessions in the next eight weeks."))
    # The session code links to the session (the row is a slot, not a record).
    for row, slot in zip(sessions.rows, slots, strict=False):
        row[0]["url"] = reverse("training:session-detail", kwargs={"pk": slot.session.pk})
    orders = (
        RepairOrder.objects.restrict(user, "view")
        .exclude(status__in=[RepairOrder.Status.RETURNED, RepairOrder.Status.CANCELLED])
        .select_related("item", "facility").order_by("requested_on", "code")
    )
    return [
        Section(_("Training calendar"), _("Your sessions and the seats they have left."),
                [(_("Open the calendar"), reverse("training:calendar")),
                 (_("All sessions"), reverse("training:session-list"))], [sessions]),
        Section(_("Repair orders"), _("Orders at your repair facilities not yet returned."),
                [(_("All repair orders"), reverse("repairs:order-list"))],
                [Related(_("Open repair orders"), [
                    Column("code", _("Order"), link=True), Column("item.name", _("Item")),
                    Column("quantity", _("Quantity"), numeric=True),
                    Column("facility.name", _("Facility")), Column("status", _("Status")),
                    Column("requested_on", _("Requested")),
                ], list(orders[:ROWS]), _("No open repair orders."))]),
    ]


def donor_sections(user: Any, day: date) -> list[Section]:
    announced = (
        Pledge.objects.restrict(user, "view").filter(status=Pledge.Status.ANNOUNCED)
        .select_related("item", "donor").order_by("announced_on", "code")
    )
    return [Section(
        _("Your nation's pledges awaiting commitment"),
        _("Announced pledges are shown to everyone but counted only once committed."),
        [(_("Announced pledges"), f"{reverse('donations:pledge-list')}?status=announced"),
         (_("All your pledges"), reverse("donations:pledge-list"))],
        [Related(_("Announced, not yet committed (oldest first)"), [
            Column("code", _("Pledge"), link=True), Column("item.name", _("Item")),
            Column("quantity", _("Quantity"), numeric=True), Column("announced_on", _("Announced")),
            Column("available_from", _("Available from")),
        ], list(announced[:ROWS]), _("Every pledge of your nation is committed."))],
    )]


def planner_sections(user: Any, day: date) -> list[Section]:
    unmet = (
        requirements_for(user, status="open").filter(allocated__lt=F("quantity"))
        .order_by("needed_by", "priority", "code")
    )
    arrivals = (
        Shipment.objects.restrict(user, "view")
        .filter(status__in=[Shipment.Status.IN_TRANSIT, Shipment.Status.AT_NODE,
                            Shipment.Status.ONWARD],
                planned_arrival__lte=day + ARRIVALS_AHEAD)
        .select_related("allocation__pledge__item", "destination", "node")
        .order_by("planned_arrival", "pk")
    )
    return [
        Section(_(
            "Unmet requirements"
        ), _(
            "Open requirements not yet fully allocated, soonest first."
        ),
                [(_("All requirements"), f"{reverse('donations:requirement-list')}?status=open")],
                [Related(_("Still to allocate"), [
                    Column("code", _("Requirement"), link=True),
                    Column("item_group.name", _("Item group")),
                    Column("priority", _("Priority"), numeric=True),
                    Column(lambda r: r.quantity - r.allocated, _("Still needed"), numeric=True),
                    Column("needed_by", _("Needed by")),
                ], list(unmet[:ROWS]), _("Every open requirement is allocated."))]),
        Section(_("Arrivals"), _("Shipments on their way, due within two weeks or overdue."),
                [(_("All shipments"), reverse("logistics:shipment-list"))],
                [Related(_("Due to arrive"), [
                    SHIPMENT, WHAT, Column("destination.name", _("To")),
                    Column("planned_arrival", _("Planned arrival")), Column("status", _("Status")),
                ], list(arrivals[:ROWS]), _("No shipments due."))]),
    ]


SECTIONS = {
    Role.NODE_OPERATOR: node_sections,
    Role.FACILITY_OPERATOR: facility_sections,
    Role.DONOR_LIAISON: donor_sections,
    Role.RECIPIENT_PLANNER: planner_sections,
}
#: Roles whose work is the whole picture.
PICTURE_ROLES = {Role.COORDINATOR, Role.VIEWER}


class PictureWithAttention(HomeView):
    """The operating picture with the attention panel above it."""

    def extra_context(self) -> dict[str, Any]:
        return {"attention_panel": attention.panel(self.request.user)}


class StartView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        roles = attention.roles_of(user)
        if not roles or PICTURE_ROLES & set(roles):
            return PictureWithAttention.as_view()(request)
        day = today()
        sections = [s for role in roles if role in SECTIONS for s in SECTIONS[role](user, day)]
        links = openable(request)
        for section in sections:
            for table in section.tables:
                table.render(links)
        return render(request, "reports/start.html", {
            "title": _("Your start page"),
            "attention_panel": attention.panel(user),
            "sections": sections,
        })
