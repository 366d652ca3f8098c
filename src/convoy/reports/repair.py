"""Repair: when each open order is expected back, how loaded each facility is week by week, how
much equipment returns to service by month, and which orders are overdue.

An order is expected back its facility's turnaround after the facility took it in (or, while it
is still on its way, after it was requested). A facility's load in a week is the units it holds
then (taken in, not yet expected back) against what it can hold: its weekly intake times its
turnaround.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from convoy.repairs.models import OPEN_STATUSES, RepairFacility, RepairOrder
from convoy.reports.common import Column, Report, Table, ratio
from convoy.web.charts import Series, hbar_chart, stacked_columns

WEEKS = 8
MONTHS = 6


def _month(day: date, offset: int) -> date:
    index = day.year * 12 + day.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


def build(user: Any, *, as_of: date | None = None) -> Report:
    today = as_of or timezone.localdate()
    orders = list(RepairOrder.objects.restrict(user, "aggregate").filter(status__in=OPEN_STATUSES)
                  .select_related("facility", "item").order_by("requested_on", "code"))
    visible = set(RepairOrder.objects.restrict(user, "view").filter(status__in=OPEN_STATUSES)
                  .values_list("pk", flat=True))
    order_rows = []
    for o in orders:
        back = o.expected_back
        order_rows.append({
            "code": o.code if o.pk in visible else _("(another operator's order)"),
            "facility": o.facility.name, "item": o.item.local_name, "quantity": o.quantity,
            "status": o.get_status_display(), "taken_in": o.received_on,
            "expected_back": back, "overdue_days": max((today - back).days, 0),
        })
    monday = today - timedelta(days=today.weekday())
    weeks = [monday + timedelta(weeks=i) for i in range(WEEKS)]
    facilities = list(RepairFacility.objects.restrict(user, "aggregate").order_by("name"))
    held: dict[tuple[int, date], int] = defaultdict(int)
    for o in orders:
        start, back = o.received_on or today, o.expected_back
        for week in weeks:
            if start < week + timedelta(days=7) and max(back, today) >= week:
                held[(o.facility_id, week)] += o.quantity
    load_rows = []
    for f in facilities:
        room = f.capacity_per_week * f.turnaround_weeks
        for week in weeks:
            units = held.get((f.pk, week), 0)
            load_rows.append({"facility": f.name, "week": week, "units": units,
                              "capacity": room, "load": ratio(units, room)})
    first = today.replace(day=1)
    months = [_month(first, i) for i in range(MONTHS)]
    by_month: dict[date, int] = defaultdict(int)
    for o in orders:
        by_month[max(o.expected_back, today).replace(day=1)] += o.quantity
    month_rows = [{"month": m.strftime("%Y-%m"), "units": by_month.get(m, 0)} for m in months]
    overdue = [r for r in order_rows if r["overdue_days"] > 0]
    this_week = [r for r in load_rows if r["week"] == monday]
    return Report(
        name="repair", title=_("Repair"), as_of=today,
        facts={"open_orders": len(order_rows), "overdue_orders": len(overdue),
               "units_in_repair": sum(o.quantity for o in orders)},
        tables=[
            Table("orders", _("Open orders and their expected return"), ORDER_COLUMNS,
                  order_rows),
            Table("load", _("Facility load per week against capacity"), [
                Column("facility", _("Facility")), Column("week", _("Week of"), "date"),
                Column("units", _("Units held"), "int"),
                Column("capacity", _("Units it can hold"), "int"),
                Column("load", _("Load"), "ratio"),
            ], load_rows, chart=hbar_chart(
                _("Units held this week at each facility against what it can hold"),
                [r["facility"] for r in this_week],
                [Series(_("Units held"), [r["units"] for r in this_week], "s1")], _("units"),
                limits=[r["capacity"] for r in this_week], limit_label=_("capacity"))),
            Table("back_by_month", _("Equipment expected back in service by month"), [
                Column("month", _("Month")), Column("units", _("Units"), "int"),
            ], month_rows, chart=stacked_columns(
                _("Units expected back in service by month"), [r["month"] for r in month_rows],
                [Series(_("Units"), [r["units"] for r in month_rows], "s3")], _("units")),
                note=_("Overdue orders count in the current month.")),
            Table("overdue", _("Overdue orders"), ORDER_COLUMNS, overdue),
        ],
        notes=[_("An order is expected back its facility's turnaround after the facility took "
                 "it in, or after it was requested while still on its way."),
               _("A facility can hold its weekly intake times its turnaround in weeks.")],
    )


ORDER_COLUMNS = [
    Column("code", _l("Order")), Column("facility", _l("Facility")),
    Column("item", _l("Item")), Column("quantity", _l("Units"), "int"),
    Column("status", _l("Status")), Column("taken_in", _l("Taken in"), "date"),
    Column("expected_back", _l("Expected back"), "date"),
    Column("overdue_days", _l("Days overdue"), "int"),
]
