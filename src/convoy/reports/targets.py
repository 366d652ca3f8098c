"""Capability targets: progress toward the recipient's long-term targets, by year.

Progress is computed from the record where one measures it: units of an item group handed over
to the recipient (signed handovers), or crews trained on a course (an enrolment marked trained
counts in the year its session ends). Only targets no record can measure (units formed, levels
reached) show the progress typed by hand. The trajectory runs straight from nothing at the end
of the year before the first year shown to the target quantity at the end of the target year.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from convoy.core.dates import add_weeks
from convoy.development.models import CapabilityTarget
from convoy.logistics.models import Handover
from convoy.reports.common import Column, Report, Table, ratio
from convoy.training.models import Enrolment
from convoy.web.charts import Series, hbar_chart


def handed_over_by_year(user: Any) -> dict[tuple[int, int, int], int]:
    """Units received by (recipient, item group, year signed)."""
    rows = (Handover.objects.restrict(user, "aggregate")
            .values_list("shipment__allocation__requirement__recipient_id",
                         "shipment__allocation__pledge__item__group_id")
            .annotate(y=ExtractYear("signed_at"), n=Sum("received_quantity")).order_by())
    return {(recipient, group, year): n for recipient, group, year, n in rows}


def trained_by_year(user: Any) -> dict[tuple[int, int, int], int]:
    """Crews trained by (recipient, course, year the session ends)."""
    totals: dict[tuple[int, int, int], int] = defaultdict(int)
    rows = (Enrolment.objects.restrict(user, "aggregate").filter(status="trained")
            .values_list("request__recipient_id", "session__course_id",
                         "session__start_date", "session__course__duration_weeks")
            .annotate(n=Sum("crews")).order_by())
    for recipient, course, start, weeks, n in rows:
        totals[(recipient, course, add_weeks(start, weeks).year)] += n
    return dict(totals)


def _measure(target: CapabilityTarget, handed: dict, trained: dict) -> tuple[dict[int, int], str]:
    if target.measured_item_group_id:
        key, source = target.measured_item_group_id, handed
        how = _("units of %(group)s handed over") % {"group": target.measured_item_group}
    else:
        key, source = target.measured_course_id, trained
        how = _("crews trained on %(course)s") % {"course": target.measured_course}
    per_year = {y: n for (r, k, y), n in source.items()
                if r == target.recipient_id and k == key}
    return per_year, how


def build(user: Any) -> Report:
    today = timezone.localdate()
    handed, trained = handed_over_by_year(user), trained_by_year(user)
    targets = list(CapabilityTarget.objects.restrict(user, "aggregate")
                   .select_related("area", "recipient", "measured_item_group",
                                   "measured_course")
                   .order_by("area__code", "year", "description"))
    targets.sort(key=lambda t: (t.area.code != "air-defence", t.area.name, t.year))
    rows, yearly = [], []
    for t in targets:
        if t.measured:
            per_year, how = _measure(t, handed, trained)
            achieved = sum(n for y, n in per_year.items() if y <= max(today.year, t.year))
        else:
            per_year, how = {}, _("typed by hand (no record measures it)")
            achieved = t.achieved_quantity
        rows.append({
            "area": t.area.name, "description": t.description, "target_year": t.year,
            "target_quantity": t.target_quantity, "target_level": t.target_level,
            "measured_by": how, "achieved": achieved if t.target_quantity is not None else None,
            "progress": ratio(min(achieved, t.target_quantity), t.target_quantity)
            if t.target_quantity else None,
            "computed": t.measured,
        })
        if t.measured and t.target_quantity:
            yearly.extend(_trajectory(t, per_year, today.year))
    chart_rows = [r for r in rows if r["progress"] is not None]
    chart = hbar_chart(
        _("Progress toward each capability target (share of the target quantity)"),
        [r["description"] for r in chart_rows],
        [Series(_("Achieved"), [float(r["progress"]) * 100 for r in chart_rows], "s3")],
        "%", limits=[100 for _r in chart_rows], limit_label=_("target"),
    )
    return Report(
        name="targets", title=_("Capability targets"), as_of=today,
        tables=[
            Table("targets", _("Targets and progress"), [
                Column("area", _("Capability area")), Column("description", _("Target")),
                Column("target_year", _("Target year")),
                Column("target_quantity", _("Target quantity"), "int"),
                Column("target_level", _("Target level")),
                Column("measured_by", _("Progress from")),
                Column("achieved", _("Achieved"), "int"),
                Column("progress", _("Progress"), "ratio"),
            ], rows, chart=chart),
            Table("trajectory", _("By year, against the trajectory"), [
                Column("description", _("Target")), Column("year", _("Year")),
                Column("achieved", _("Achieved by the end of the year"), "int"),
                Column("trajectory", _("Trajectory"), "int"),
                Column("on_track", _("On track")),
            ], yearly, note=_("Years still to come show the trajectory only.")),
        ],
        notes=[_("Progress is computed from signed handovers and crews trained where a record "
                 "measures the target; typed by hand only where none does."),
               _("Each target counts as achieved only up to its quantity.")],
    )


def _trajectory(target: CapabilityTarget, per_year: dict[int, int], this_year: int
                ) -> list[dict[str, Any]]:
    first = min([*per_year, this_year, target.year])
    span = target.year - first + 1
    rows, running = [], 0
    for i, year in enumerate(range(first, target.year + 1), start=1):
        running += per_year.get(year, 0)
        expected = round(target.target_quantity * i / span)
        done = running if year <= this_year else None
        rows.append({"description": target.description, "year": year, "achieved": done,
                     "trajectory": expected,
                     "on_track": None if done is None else done >= expected})
    return rows
