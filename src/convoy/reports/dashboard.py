"""Figures of the common operating picture, each computed with a few aggregate queries.

Totals over every nation read through `restrict(user, "aggregate")`; a donor liaison's own part
reads through `restrict(user, "view")`, so a chart never lists another nation's records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from convoy.catalog.models import Item
from convoy.core.permissions import grants
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.funding.models import Disbursement, FinancialPledge, YearlyBaseline
from convoy.logistics.models import CapacityException, Node, Shipment
from convoy.manning.models import Post
from convoy.training.models import Enrolment, TrainingRequest
from convoy.web.charts import Chart, Series, hbar_chart, number, percent, stacked_columns

TONNES = ExpressionWrapper(
    F("quantity") * F("allocation__pledge__item__unit_mass_t"),
    output_field=DecimalField(max_digits=20, decimal_places=4),
)
STATUS_CSS = {"announced": "s5", "committed": "s1", "in_delivery": "s2", "delivered": "s3",
              "cancelled": "s4"}


def sees_all(user: Any, model: type) -> bool:
    """Whether the user's records of `model` are the whole (else show 'your part' beside it)."""
    return grants(user, model, "view") is None


@dataclass
class PledgeFacts:
    """Pledge totals for several charts from two grouped reads: units and counts by item and
    status (counts under month None), and counts by month announced (last twelve months)."""

    units: dict[tuple[int, str], int] = field(default_factory=dict)
    counts: dict[tuple[Any, str], int] = field(default_factory=dict)
    first_month: date | None = None


def pledge_facts(user: Any, own: bool = False, months: int = 12) -> PledgeFacts:
    today = timezone.localdate()
    first = (today.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    pledges = Pledge.objects.restrict(user, "view" if own else "aggregate")
    facts = PledgeFacts(first_month=first)
    counts: dict[tuple[Any, str], int] = defaultdict(int)
    for item_id, status, n_units, n in (
        pledges.values_list("item_id", "status").order_by()
        .annotate(units=Sum("quantity"), n=Count("id"))
    ):
        facts.units[(item_id, status)] = n_units or 0
        counts[(None, status)] += n
    # Grouped by day (a plain column, cheap to group) and bucketed into months here.
    for day, status, n in (
        pledges.filter(announced_on__gte=first).values_list("announced_on", "status")
        .annotate(n=Count("id")).order_by()
    ):
        counts[(day.replace(day=1), status)] += n
    facts.counts = dict(counts)
    return facts


def _by_area(facts: PledgeFacts, areas_of: dict[int, str]) -> tuple[dict, dict]:
    pledged: dict[str, int] = defaultdict(int)
    delivered: dict[str, int] = defaultdict(int)
    for (item_id, status), n in facts.units.items():
        if status == "cancelled":
            continue
        area = areas_of.get(item_id, "")
        pledged[area] += n
        if status == "delivered":
            delivered[area] += n
    return pledged, delivered


def capability_areas(user: Any, facts: PledgeFacts, own: PledgeFacts | None = None) -> Chart:
    """Per capability area, the share of its requirement pledged and delivered.

    Units of different items do not add up (shells and aircraft), so the bars compare each
    area with its own requirement; the units themselves are in the table.
    """
    # Item → area is a few hundred rows: read once instead of joining every pledge to it.
    areas_of = dict(Item.objects.values_list("pk", "group__area__name"))
    required = dict(
        Requirement.objects.restrict(user, "aggregate").exclude(status="cancelled")
        .values_list("item_group__area__name").annotate(n=Sum("quantity")).order_by()
    )
    pledged, delivered = _by_area(facts, areas_of)
    unit_series = [(_("Pledged (all)"), pledged, "s2"), (_("Delivered (all)"), delivered, "s3")]
    if own is not None:
        mine, mine_done = _by_area(own, areas_of)
        unit_series += [(_("Pledged by your nation"), mine, "s4"),
                        (_("Delivered by your nation"), mine_done, "s5")]
    # Areas with a requirement, the least filled first: what most needs pledges leads.
    with_need = [a for a in required if required[a]]

    def share(units: dict[str, int], area: str) -> float:
        return 100 * float(units.get(area, 0)) / float(required[area])

    areas = sorted(with_need, key=lambda a: (share(pledged, a), a))[:10]
    chart = hbar_chart(
        _("Required, pledged and delivered by capability area (share of the requirement)"),
        areas,
        [Series(name, [share(units, a) for a in areas], css) for name, units, css in unit_series],
        fmt=percent,
    )
    chart.note = (_(
        "Each bar is a share of that area's own requirement (100 % = fully pledged); the "
        "units are in the table."
    ))
    chart.columns = ["", _("Required (units)"),
                     *(_("%(name)s (units)") % {"name": name}
                       for name, _units, _css in unit_series),
                     _("Pledged (share)")]
    no_need = sorted(a for a in set(pledged) if not required.get(a))
    chart.rows = [
        [a, number(required.get(a) or 0), *(number(units.get(a, 0)) for _name, units, _css in
                                            unit_series),
         percent(share(pledged, a)) if required.get(a) else _("no requirement")]
        for a in areas + no_need
    ]
    return chart


def unmet_requirements(user: Any) -> tuple[Chart, list[Requirement]]:
    """Open requirements not yet fully allocated: units short by priority, and the top 10."""
    allocated = dict(
        Allocation.objects.restrict(user, "aggregate").filter(requirement__status="open")
        .values_list("requirement_id").annotate(n=Sum("quantity")).order_by()
    )
    short: dict[int, tuple[int, Any, str, int]] = {}
    for pk, priority, needed_by, code, quantity in (
        Requirement.objects.restrict(user, "view").filter(status="open")
        .values_list("pk", "priority", "needed_by", "code", "quantity")
    ):
        left = quantity - (allocated.get(pk) or 0)
        if left > 0:
            short[pk] = (priority, needed_by, code, left)
    priorities = [1, 2, 3, 4, 5]
    units = {p: sum(v[3] for v in short.values() if v[0] == p) for p in priorities}
    counts = {p: sum(1 for v in short.values() if v[0] == p) for p in priorities}
    chart = hbar_chart(
        _("Unmet requirements by priority (units still to allocate)"),
        [_("Priority %(p)s · %(value)s open") % {"p": p, "value": counts[p]} for p in priorities],
        [Series(_("Units unmet"), [units[p] for p in priorities], "s2")],
        _("units"),
    )
    first = sorted(short, key=lambda pk: short[pk][:3])[:10]
    found = Requirement.objects.select_related("item_group", "destination").in_bulk(first)
    top = []
    for pk in first:
        requirement = found[pk]
        requirement.left = short[pk][3]
        top.append(requirement)
    return chart, top


def pledges_over_time(facts: PledgeFacts, own: bool = False) -> Chart:
    today = timezone.localdate()
    periods = []
    day = facts.first_month
    while day <= today:
        periods.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    series = [
        Series(label, [facts.counts.get((p, status), 0) for p in periods], STATUS_CSS[status])
        for status, label in Pledge.Status.choices
    ]
    title = (_("Your nation's pledges by status, by month announced") if own
             else _("Pledges by status, by month announced"))
    # Short month names fit under the columns; the year shows at January and at the start.
    labels = [date_format(p, "M y" if i == 0 or p.month == 1 else "M")
              for i, p in enumerate(periods)]
    return stacked_columns(title, labels, series, _("pledges"))


def node_load_this_week(user: Any) -> Chart:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    nodes = list(Node.objects.restrict(user, "aggregate").order_by("name"))
    loads = dict(
        Shipment.objects.restrict(user, "aggregate")
        .filter(planned_departure__gte=monday, planned_departure__lt=monday + timedelta(days=7))
        .exclude(status="cancelled").values_list("node").annotate(t=Sum(TONNES)).order_by()
    )
    exceptions = dict(
        CapacityException.objects.filter(week_start=monday).values_list("node", "capacity_t")
    )
    capacity = [exceptions.get(n.pk, n.capacity_t_per_week) for n in nodes]
    chart = hbar_chart(
        _(
            "This week's load on each logistics node (week of %(monday)s, tonnes)"
        ) % {"monday": date_format(monday, "j M Y")},
        [n.name for n in nodes],
        [Series(_("Planned to leave this week"), [loads.get(n.pk) or 0 for n in nodes], "s1")],
        "t", limits=capacity, limit_label=_("capacity"),
    )
    chart.note = _("A dashed line marks the week's capacity; a red bar is over it.")
    return chart


def training_pipeline(user: Any, limit: int = 10) -> Chart:
    needed = dict(
        TrainingRequest.objects.restrict(user, "aggregate").exclude(status="cancelled")
        .values_list("course__name").annotate(n=Sum("crews_needed")).order_by()
    )
    by_status: dict[str, dict[str, int]] = defaultdict(dict)
    for course, status, n in (
        Enrolment.objects.restrict(user, "aggregate").exclude(status="withdrawn")
        .values_list("session__course__name", "status").annotate(n=Sum("crews")).order_by()
    ):
        by_status[status][course] = n
    courses = sorted(set(needed) | set(by_status["enrolled"]) | set(by_status["trained"]),
                     key=lambda c: -(needed.get(c) or 0))[:limit]
    enrolled = [by_status["enrolled"].get(c, 0) + by_status["trained"].get(c, 0)
                for c in courses]
    return hbar_chart(
        _("Training pipeline by course (crews)"), courses,
        [
            Series(_("Crews needed"), [needed.get(c) or 0 for c in courses], "s1"),
            Series(_("Enrolled (incl. trained)"), enrolled, "s2"),
            Series(_("Trained"), [by_status["trained"].get(c, 0) for c in courses], "s3"),
        ],
        _("crews"),
    )


def _pledged_per_year(queryset: Any, years: list[int]) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = defaultdict(Decimal)
    rows = queryset.filter(first_year__lte=years[-1], last_year__gte=years[0]).values_list(
        "amount_eur", "first_year", "last_year")
    for amount, first, last in rows:
        # A pledge over several years counts evenly in each of them.
        share = amount / (last - first + 1)
        for year in range(max(first, years[0]), min(last, years[-1]) + 1):
            totals[year] += share
    return totals


def funding(user: Any) -> Chart:
    this_year = timezone.localdate().year
    years = [this_year - 2, this_year - 1, this_year, this_year + 1]
    baseline = dict(
        YearlyBaseline.objects.restrict(user, "aggregate").filter(year__in=years)
        .values_list("year", "amount_eur")
    )
    pledged = _pledged_per_year(FinancialPledge.objects.restrict(user, "aggregate"), years)

    def disbursed_by_year(queryset: Any) -> dict[int, Decimal]:
        return dict(
            queryset.filter(date__year__gte=years[0], date__year__lte=years[-1])
            .annotate(y=ExtractYear("date")).values_list("y").annotate(s=Sum("amount_eur"))
            .order_by()
        )

    disbursed = disbursed_by_year(Disbursement.objects.restrict(user, "aggregate"))
    series = [
        Series(_("Pledged (all)"), [pledged.get(y, 0) for y in years], "s2"),
        Series(_("Disbursed (all)"), [disbursed.get(y) or 0 for y in years], "s3"),
    ]
    if not sees_all(user, FinancialPledge):
        own = _pledged_per_year(FinancialPledge.objects.restrict(user, "view"), years)
        own_paid = disbursed_by_year(Disbursement.objects.restrict(user, "view"))
        series.append(Series(_("Pledged by your nation"), [own.get(y, 0) for y in years], "s4"))
        series.append(Series(_("Disbursed by your nation"), [own_paid.get(y) or 0 for y in years],
                             "s5"))
    chart = hbar_chart(
        _("Financial pledges and disbursements against the yearly baseline (EUR)"),
        [str(y) for y in years], series, "EUR",
        limits=[baseline.get(y) for y in years], limit_label=_("baseline"),
    )
    chart.note = _(
        "A dashed line marks the year's baseline (none drawn where no baseline is set)."
    )
    return chart


def manning(user: Any) -> tuple[Chart, dict[str, Any]]:
    today = timezone.localdate()
    filled_now = Q(filled_by__isnull=False, filled_from__lte=today) & (
        Q(filled_to__isnull=True) | Q(filled_to__gte=today)
    )
    rows = (
        Post.objects.restrict(user, "aggregate").values_list("branch")
        .annotate(total=Count("id"), filled=Count("id", filter=filled_now)).order_by("branch")
    )
    labels = dict(Post.Branch.choices)
    rows = list(rows)
    total = sum(r[1] for r in rows)
    filled = sum(r[2] for r in rows)
    chart = hbar_chart(
        _("Manning: posts filled by branch"), [labels.get(r[0], r[0]) for r in rows],
        [Series(_("Posts"), [r[1] for r in rows], "s5"), Series(_("Filled"), [r[2] for r in rows],
                                                             "s3")],
        "posts",
    )
    rate = round(100 * filled / total) if total else None
    return chart, {"total": total, "filled": filled, "rate": rate}


def headline(user: Any, facts: PledgeFacts) -> list[tuple[str, str]]:
    """A few big figures above the charts."""
    by_status: dict[str, int] = defaultdict(int)
    for (month, status), n in facts.counts.items():
        if month is None:
            by_status[status] += n
    shipments = Shipment.objects.restrict(user, "aggregate").aggregate(
        moving=Count("id", filter=Q(status__in=["in_transit", "at_node", "onward"])),
    )
    requirements = Requirement.objects.restrict(user, "aggregate").aggregate(
        open=Count("id", filter=Q(status="open")),
    )
    return [
        (number(requirements["open"]), _("open requirements")),
        (number(sum(by_status.values())), _("pledges in all")),
        (number(by_status["announced"] + by_status["committed"]), _("pledges not yet delivering")),
        (number(shipments["moving"]), _("shipments on the move")),
    ]
