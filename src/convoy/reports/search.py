"""One search across every record type: codes, names, items, nations. Each type reads through
`restrict(user, "view")`, so a hit is always a record the user may open."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View

from convoy.catalog.models import Item, ItemGroup
from convoy.core.models import Nation
from convoy.donations.models import Pledge, Requirement
from convoy.funding.models import FinancialPledge
from convoy.logistics.models import Node, Shipment
from convoy.manning.models import Post
from convoy.repairs.models import RepairOrder
from convoy.training.models import Course, CourseSession, TrainingRequest
from convoy.web.links import record_url
from convoy.web.lists import search_term
from convoy.web.params import QueryParams

#: Hits shown per record type; the rest are on the type's list page, searched the same way.
HITS = 10
#: The header search box's hint.
HINT = _("Code, name, item or nation")


def _list(name: str, **query: Any) -> Callable[[Any], str]:
    """A link to a list page filtered on the hit, for records without a page of their own."""
    def url(obj: Any) -> str:
        values = {k: (v(obj) if callable(v) else v) for k, v in query.items()}
        return f"{reverse(name)}?{urlencode(values)}"

    return url


def _nation_url(nation: Nation) -> str:
    if nation.kind == Nation.Kind.RECIPIENT:
        return reverse("donations:requirement-list")
    return f"{reverse('donations:pledge-list')}?{urlencode({'donor': nation.pk})}"


@dataclass(frozen=True)
class Target:
    """A record type the search covers: its fields, how a hit reads and where it links."""

    title: str
    model: type[models.Model]
    fields: Sequence[str]
    list_url: str | None = None  # the list page whose own search covers the same names
    text: Callable[[Any], str] = str
    url: Callable[[Any], str | None] = record_url
    select_related: Sequence[str] = ()
    by_number: bool = False  # shipments are known by their number


TARGETS: tuple[Target, ...] = (
    Target(_("Requirements"), Requirement,
           ("code", "item_group__name", "item_group__area__name", "destination__name", "notes"),
           "donations:requirement-list", lambda r: f"{r.code}: {r.quantity:,} × {r.item_group}",
           select_related=("item_group",)),
    Target(_(
        "Pledges"
    ), Pledge, ("code", "item__name", "item__group__name", "donor__name", "notes"),
           "donations:pledge-list",
           lambda p: _(
               "%(code)s: %(quantity)s × %(name)s from %(name2)s"
           ) % {
               "code": p.code,
               "quantity": format(p.quantity, ","),
               "name": p.item.local_name,
               "name2": p.donor.local_name,
           },
           select_related=("item", "donor")),
    Target(_("Shipments"), Shipment,
           ("allocation__pledge__code", "allocation__requirement__code", "node__name",
            "allocation__pledge__item__name", "allocation__pledge__donor__name"),
           "logistics:shipment-list",
           lambda s: _(
               "Shipment %(pk)s: %(quantity)s × %(name)s through %(node)s"
           ) % {
               "pk": s.pk,
               "quantity": format(s.quantity, ","),
               "name": s.allocation.pledge.item.local_name,
               "node": s.node,
           },
           select_related=("allocation__pledge__item", "node"), by_number=True),
    Target(_("Repair orders"), RepairOrder, ("code", "item__name", "serial_numbers",
                                          "facility__name"),
           "repairs:order-list", lambda o: f"{o.code}: {o.quantity:,} × {o.item.local_name}",
           select_related=("item",)),
    Target(_("Course sessions"), CourseSession,
           ("code", "course__name", "facility__name", "facility__nation__name"),
           "training:session-list",
           lambda s: _(
               "%(code)s: %(name)s at %(name2)s, %(start_date)s"
           ) % {
               "code": s.code,
               "name": s.course.name,
               "name2": s.facility.name,
               "start_date": date_format(s.start_date, "j M Y"),
           },
           select_related=("course", "facility")),
    Target(_("Training requests"), TrainingRequest, ("code", "recipient_unit", "course__name"),
           "training:request-list", lambda r: ngettext(
               "%(code)s: %(count)s crew, %(course)s", "%(code)s: %(count)s crews, %(course)s",
               r.crews_needed,
           ) % {"code": r.code, "count": r.crews_needed, "course": r.course},
           select_related=("course",)),
    Target(_("Financial pledges"), FinancialPledge, ("code", "donor__name", "notes"),
           "funding:pledge-list", lambda f: _(
               "%(code)s from %(name)s"
           ) % {"code": f.code, "name": f.donor.local_name},
           select_related=("donor",)),
    Target(_("Posts"), Post, ("code", "title", "filled_by__name"), "manning:post-list"),
    Target(_("Logistics nodes"), Node, ("code", "name", "place"), "logistics:node-list"),
    Target(_("Nations"), Nation, ("code", "name"), text=lambda n: f"{n.local_name} ({n.code})",
           url=_nation_url),
    Target(_("Items"), Item, ("code", "name", "name_uk", "nato_stock_number"),
           text=lambda i: f"{i.local_name} ({i.group.local_name})", select_related=("group",),
           url=_list("donations:pledge-list", q=lambda i: i.name)),
    Target(_("Item groups"), ItemGroup, ("code", "name", "name_uk"),
           url=_list("donations:requirement-list", q=lambda g: g.name)),
    Target(_("Courses"), Course, ("code", "name"),
           url=_list("training:session-list", course=lambda c: c.pk)),
)


@dataclass
class Group:
    title: str
    total: int
    hits: list[tuple[str, str | None]]
    more_url: str | None


def matches(target: Target, user: Any, text: str,
            memo: dict[Any, Any] | None = None) -> models.QuerySet:
    terms = [search_term(target.model, f, text, memo) for f in target.fields]
    number = text.removeprefix("Shipment").strip()
    if target.by_number and number.isdigit() and len(number) < 10:
        terms.append(models.Q(pk=int(number)))
    return target.model.objects.restrict(user, "view").filter(reduce(or_, terms))


def search(user: Any, text: str) -> list[Group]:
    groups = []
    memo: dict[Any, Any] = {}  # the related keys found once for every record type
    for target in TARGETS:
        found = matches(target, user, text, memo)
        total = found.count()
        if not total:
            continue
        records = found.select_related(*target.select_related)[:HITS]
        more = None
        if target.list_url and total > HITS:
            more = f"{reverse(target.list_url)}?{urlencode({'q': text})}"
        groups.append(Group(target.title, total,
                            [(target.text(r), target.url(r)) for r in records], more))
    return groups


class SearchView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A NUL byte cannot be part of a query on PostgreSQL: nobody types one, so drop it.
        text = QueryParams(request).text("q")
        groups = search(request.user, text) if len(text) >= 2 else []
        return render(request, "reports/search.html", {
            "title": _("Search: %(text)s") % {"text": text} if text else _("Search"),
            "search": text,
            "hint": HINT,
            "too_short": 0 < len(text) < 2,
            "groups": groups,
            "total": sum(g.total for g in groups),
        })
