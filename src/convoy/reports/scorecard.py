"""The cell's scorecard, each figure a trend by month over the last twelve months.

- fill rate by priority: of the units required by the end of the month (requirements not
  cancelled), the share allocated;
- on-time delivery: of the shipments handed over in the month, the share signed by their planned
  arrival date;
- median days from announcement to commitment (pledges committed in the month) and from
  commitment to delivery (pledges delivered in the month);
- crews ready before their equipment: of the handovers in the month for requirements that need
  trained crews, the share whose crews finished training by the handover;
- node utilisation: tonnes planned to leave the nodes in the month against their capacity.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from convoy.core.dates import add_weeks
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.logistics.models import Handover, Node, Shipment
from convoy.reports.common import Column, Report, Table, ratio
from convoy.training.models import Enrolment
from convoy.web.charts import Series, stacked_columns

MONTHS = 12
TONNES = ExpressionWrapper(F("quantity") * F("allocation__pledge__item__unit_mass_t"),
                           output_field=DecimalField(max_digits=20, decimal_places=4))


def _months(today: date) -> list[date]:
    first = today.replace(day=1)
    index = first.year * 12 + first.month - 1
    return [date((index - k) // 12, (index - k) % 12 + 1, 1) for k in range(MONTHS - 1, -1, -1)]


def _end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _key(day: date) -> date:
    return day.replace(day=1)


def build(user: Any, *, as_of: date | None = None) -> Report:
    today = as_of or timezone.localdate()
    months = _months(today)
    labels = [m.strftime("%Y-%m") for m in months]
    rows = [{"month": label} for label in labels]
    _fill_by_priority(user, months, rows)
    _on_time(user, months, rows)
    _lead_times(user, months, rows)
    _crews_ready(user, months, rows)
    _node_use(user, months, rows)
    chart = stacked_columns(
        _("On-time delivery by month (shipments handed over)"), labels,
        [Series(_("On time"), [r["on_time"] for r in rows], "s3"),
         Series(_("Late"), [r["handed_over"] - r["on_time"] for r in rows], "s4")],
        "shipments")
    columns = [Column("month", _("Month"))]
    columns += [Column(f"fill_p{p}", _("Fill rate, priority %(p)s") % {"p": p}, "ratio")
                for p in range(1, 6)]
    columns += [
        Column("handed_over", _("Shipments handed over"), "int"),
        Column("on_time_rate", _("On-time delivery"), "ratio"),
        Column("days_to_commit", _("Median days announced → committed"), "int"),
        Column("days_to_deliver", _("Median days committed → delivered"), "int"),
        Column("crews_ready_rate", _("Crews ready before equipment"), "ratio"),
        Column("node_use", _("Node utilisation"), "ratio"),
    ]
    return Report(
        name="scorecard", title=_("The cell's scorecard"), as_of=today,
        tables=[Table("months", _("By month"), columns, rows, chart=chart)],
        notes=[line.strip() for line in (__doc__ or "").split("\n- ")[1:]],
    )


def _fill_by_priority(user: Any, months: list[date], rows: list[dict]) -> None:
    required = list(Requirement.objects.restrict(user, "aggregate").exclude(status="cancelled")
                    .filter(needed_by__lte=_end(months[-1]))
                    .values_list("pk", "priority", "needed_by", "quantity"))
    allocated = dict(Allocation.objects.restrict(user, "aggregate")
                     .values_list("requirement_id").annotate(n=Sum("quantity")).order_by())
    for row, month in zip(rows, months, strict=True):
        end = _end(month)
        for p in range(1, 6):
            due = [(pk, q) for pk, prio, by, q in required if prio == p and by <= end]
            need = sum(q for _pk, q in due)
            got = sum(min(allocated.get(pk) or 0, q) for pk, q in due)
            row[f"fill_p{p}"] = ratio(got, need)


def _on_time(user: Any, months: list[date], rows: list[dict]) -> None:
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for signed, planned in (Handover.objects.restrict(user, "aggregate")
                            .filter(signed_at__date__gte=months[0])
                            .values_list("signed_at", "shipment__planned_arrival")):
        day = timezone.localtime(signed).date() if timezone.is_aware(signed) else signed.date()
        counts[_key(day)][0] += 1
        counts[_key(day)][1] += day <= planned
    for row, month in zip(rows, months, strict=True):
        total, on_time = counts.get(month, [0, 0])
        row.update(handed_over=total, on_time=on_time, on_time_rate=ratio(on_time, total))


def _lead_times(user: Any, months: list[date], rows: list[dict]) -> None:
    to_commit: dict[date, list[int]] = defaultdict(list)
    to_deliver: dict[date, list[int]] = defaultdict(list)
    pledges = Pledge.objects.restrict(user, "aggregate").filter(source="donation")
    for announced, committed in (pledges.filter(committed_on__gte=months[0])
                                 .values_list("announced_on", "committed_on")):
        to_commit[_key(committed)].append((committed - announced).days)
    for committed, delivered in (pledges.filter(delivered_on__gte=months[0],
                                                committed_on__isnull=False)
                                 .values_list("committed_on", "delivered_on")):
        to_deliver[_key(delivered)].append((delivered - committed).days)
    for row, month in zip(rows, months, strict=True):
        row["days_to_commit"] = median(to_commit[month]) if to_commit.get(month) else None
        row["days_to_deliver"] = median(to_deliver[month]) if to_deliver.get(month) else None


def _crews_ready(user: Any, months: list[date], rows: list[dict]) -> None:
    finished: dict[int, list[date]] = defaultdict(list)
    for requirement, start, weeks in (
        Enrolment.objects.restrict(user, "aggregate")
        .filter(status="trained", request__requirement__isnull=False)
        .values_list("request__requirement_id", "session__start_date",
                     "session__course__duration_weeks")
    ):
        finished[requirement].append(add_weeks(start, weeks))
    needs_crews = set(Requirement.objects.restrict(user, "aggregate")
                      .filter(training_requests__isnull=False).values_list("pk", flat=True))
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for signed, requirement in (Handover.objects.restrict(user, "aggregate")
                                .filter(signed_at__date__gte=months[0],
                                        shipment__allocation__requirement__in=needs_crews)
                                .values_list("signed_at",
                                             "shipment__allocation__requirement_id")):
        day = signed.date()
        counts[_key(day)][0] += 1
        counts[_key(day)][1] += any(end <= day for end in finished.get(requirement, []))
    for row, month in zip(rows, months, strict=True):
        total, ready = counts.get(month, [0, 0])
        row["crews_ready_rate"] = ratio(ready, total)


def _node_use(user: Any, months: list[date], rows: list[dict]) -> None:
    capacity = sum((n.capacity_t_per_week for n in Node.objects.restrict(user, "aggregate")),
                   Decimal(0))
    loads: dict[date, Decimal] = defaultdict(Decimal)
    for day, tonnes in (Shipment.objects.restrict(user, "aggregate").exclude(status="cancelled")
                        .filter(planned_departure__gte=months[0])
                        .values_list("planned_departure").annotate(t=Sum(TONNES)).order_by()):
        loads[_key(day)] += tonnes or 0
    for row, month in zip(rows, months, strict=True):
        weeks = Decimal((_end(month) - month).days + 1) / 7
        row["node_use"] = ratio(loads.get(month, 0), capacity * weeks) if capacity else None
