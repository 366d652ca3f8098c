"""The registry of what needs attention: every rule, in the order a panel lists them, and which
roles' start pages show it. The rules themselves (selector, title, list page and filter) live with
the app that owns the records (`<app>/attention.py`); each reads through `restrict()`, so a panel
shows only what the user may see (a donor liaison its nation's pledges, a node operator its
node's shipments)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from convoy.core.models import Role
from convoy.core.permissions import memberships
from convoy.donations.attention import DUE_UNALLOCATED, NOT_COMMITTED
from convoy.logistics.attention import LATE_ARRIVAL, LATE_DEPARTURE, OVER_CAPACITY, SHORT_HANDOVER
from convoy.logistics.selectors import node_weeks_over_capacity
from convoy.manning.attention import PAST_END
from convoy.planning.attention import STALE
from convoy.training.attention import EMPTY_SEATS
from convoy.web import attention
from convoy.web.attention import Rule
from convoy.web.links import record_url

RULES: tuple[Rule, ...] = (
    LATE_DEPARTURE, LATE_ARRIVAL, SHORT_HANDOVER, OVER_CAPACITY, DUE_UNALLOCATED, EMPTY_SEATS,
    NOT_COMMITTED, PAST_END, STALE,
)

#: The rules on each role's start page (coordinators and viewers see them all).
BY_ROLE: dict[str, tuple[Rule, ...]] = {
    Role.COORDINATOR: RULES,
    Role.VIEWER: RULES,
    Role.NODE_OPERATOR: (LATE_DEPARTURE, LATE_ARRIVAL, OVER_CAPACITY),
    Role.FACILITY_OPERATOR: (EMPTY_SEATS,),
    Role.DONOR_LIAISON: (NOT_COMMITTED, LATE_DEPARTURE, LATE_ARRIVAL, SHORT_HANDOVER,
                         EMPTY_SEATS),
    Role.RECIPIENT_PLANNER: (DUE_UNALLOCATED, LATE_ARRIVAL, SHORT_HANDOVER, EMPTY_SEATS),
}

#: Records listed per rule on a panel; the rest are a click away on the filtered list.
PANEL_LIMIT = 20
#: A rule's count stops here ("1,000+"): counting 100,000 late pledges on every start page
#: would cost more than the page, and tells nobody more than "very many".
COUNT_LIMIT = 1000


def roles_of(user: Any) -> list[str]:
    """The user's roles; an administrator without a membership works as a coordinator."""
    roles = list(dict.fromkeys(m.role for m in memberships(user)))
    if not roles and getattr(user, "is_superuser", False):
        roles = [Role.COORDINATOR]
    return roles


def rules_for(user: Any) -> list[Rule]:
    wanted = {r.key for role in roles_of(user) for r in BY_ROLE.get(role, ())}
    return [r for r in RULES if r.key in wanted]


@dataclass
class Entry:
    """One rule on a panel: how many records need it, the first of them, the filtered list."""

    rule: Rule
    count: int  # at most COUNT_LIMIT + 1
    items: list[tuple[str, str | None, str]]
    url: str

    @property
    def count_text(self) -> str:
        if self.count > COUNT_LIMIT:
            return f"{number_format(COUNT_LIMIT, force_grouping=True)}+"
        return number_format(self.count, force_grouping=True)


def over_capacity_items(user: Any, today: Any) -> list[tuple[str, str | None, str]]:
    """Node-weeks over capacity, each linked to that week of the node's board."""
    return [
        (_(
            "%(node)s, week of %(week_start)s"
        ) % {"node": w.node, "week_start": date_format(w.week_start, "j M Y")},
         reverse("logistics:node-board", kwargs={"pk": w.node.pk})
         + f"?week={w.week_start:%Y-%m-%d}",
         _(
             "%(load_t)s t planned, capacity %(capacity_t)s t"
         ) % {"load_t": format(w.load_t, ",.0f"), "capacity_t": format(w.capacity_t, ",.0f")})
        for w in node_weeks_over_capacity(user, today)
    ]


def shipment_items(rule: Rule, when: str, where: Callable[[Any], str]
                   ) -> Callable[[Any, Any], list[tuple[str, str | None, str]]]:
    """Late shipments as what moves and where it should have been by when."""

    def items(user: Any, today: Any) -> list[tuple[str, str | None, str]]:
        shipments = rule.select(user, today).select_related(
            "allocation__pledge__item", "node", "destination")[:PANEL_LIMIT]
        return [
            (_(
                "Shipment %(pk)s: %(quantity)s × %(name)s"
            ) % {
                "pk": s.pk,
                "quantity": format(s.quantity, ","),
                "name": s.allocation.pledge.item.local_name,
            },
             record_url(s),
             _(
                 "planned to %(where)s on %(day)s; now %(status)s"
             ) % {
                 "where": where(s),
                 "day": date_format(getattr(s, when), "j M Y"),
                 "status": s.get_status_display().lower(),
             })
            for s in shipments
        ]

    return items


#: Rules whose panel lines say more than the records' names.
ITEMS = {
    OVER_CAPACITY.key: over_capacity_items,
    LATE_DEPARTURE.key: shipment_items(LATE_DEPARTURE, "planned_departure",
                                       lambda s: _("leave %(node)s") % {"node": s.node}),
    LATE_ARRIVAL.key: shipment_items(LATE_ARRIVAL, "planned_arrival",
                                     lambda s: _(
                                         "arrive at %(name)s"
                                     ) % {"name": s.destination.name}),
}


def panel(user: Any, rules: list[Rule] | None = None,
          limit: int = PANEL_LIMIT) -> list[Entry]:
    """The rules (by default the user's roles') that select something, each with its records."""
    day = attention.today()
    entries = []
    for rule in rules_for(user) if rules is None else rules:
        records = rule.select(user, day)
        count = records[: COUNT_LIMIT + 1].count()
        if not count:
            continue
        if rule.key in ITEMS:
            items = ITEMS[rule.key](user, day)[:limit]
        else:
            items = [(str(obj), record_url(obj), "") for obj in records[:limit]]
        entries.append(Entry(rule, count, items,
                             f"{reverse(rule.list_url)}?attention={rule.key}"))
    return entries
