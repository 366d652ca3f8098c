"""The briefing document: the reports put together for a minister, as a PDF.

Each section is built from the same report objects the pages show, through the reader's
permission rule: a donor liaison's briefing holds its nation's detail and the aggregates only.
WeasyPrint lays the HTML out with the fonts installed on the machine (DejaVu); the charts are the
pages' SVG, inline, each beside its table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from convoy.core.models import AuditRecord
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.logistics.models import Handover, Shipment
from convoy.reports import burden_sharing, coalitions, dashboard, manning, targets
from convoy.reports.common import Column, Table, own_nations
from convoy.web.charts import number

#: The charts' colours as SVG attributes: WeasyPrint's SVG renderer does not apply the page's
#: stylesheet to inline SVG, so the classes the pages style are spelled out.
SVG_PAINT = {
    "s1": 'fill="#1f4e79"', "s2": 'fill="#d9822b"', "s3": 'fill="#2e8540"',
    "s4": 'fill="#7b4ea3"', "s5": 'fill="#9aa5b1"', "over": 'fill="#b42318"',
    "limit": 'stroke="#1d2733" stroke-width="2" stroke-dasharray="4 2"',
    "axis": 'stroke="#7a8594"', "grid": 'stroke="#e2e7ee"', "value": 'fill="#5b6675"',
}
PAINTED = re.compile('class="(' + "|".join(SVG_PAINT) + ')"')
DEFAULT_MARKING = getattr(settings, "CONVOY_BRIEFING_MARKING", "NATO UNCLASSIFIED")
PERIOD_DAYS = 30


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    figures: list[tuple[str, str]] | None = None
    text: str = ""


def _headline(user: Any, as_of: date) -> Section:
    requirements = Requirement.objects.restrict(user, "aggregate")
    open_units = requirements.filter(status="open").aggregate(n=Sum("quantity"))["n"] or 0
    allocated = (Allocation.objects.restrict(user, "aggregate")
                 .filter(requirement__status="open").aggregate(n=Sum("quantity"))["n"] or 0)
    pledges = Pledge.objects.restrict(user, "aggregate").exclude(status="cancelled")
    moving = Shipment.objects.restrict(user, "aggregate").filter(
        status__in=["in_transit", "at_node", "onward"]).count()
    bs = burden_sharing.build(user, year=as_of.year)
    figures = [
        (number(requirements.filter(status="open").count()), _("open requirements")),
        (number(max(open_units - allocated, 0)), _("units still to allocate")),
        (number(pledges.count()), _("pledges, not cancelled")),
        (number(moving), _("shipments on the move")),
        (f"{number(float(bs.facts['counted_eur']))} EUR",
         _("counted toward the %(year)s baseline") % {"year": as_of.year}),
    ]
    return Section("headline", _("Headline figures"), [], figures=figures)


def _air_defence(user: Any, as_of: date) -> Section:
    found = [c for c in coalitions.ordered(user) if c.area.code == "air-defence"]
    if not found:
        return Section("air_defence", _("Air defence"), [], text=_("No air defence coalition "
                                                                   "is recorded."))
    report = coalitions.build(user, coalition=found[0])
    keep = [t for t in report.tables if t.key in ("members", "unmet", "detail")]
    return Section("air_defence", _("Air defence first: %(name)s") % {"name": found[0].name},
                   keep)


def _unmet_priority_one(user: Any, as_of: date) -> Section:
    allocated = dict(Allocation.objects.restrict(user, "aggregate")
                     .filter(requirement__status="open", requirement__priority=1)
                     .values_list("requirement_id").annotate(n=Sum("quantity")).order_by())
    rows = []
    for r in (Requirement.objects.restrict(user, "view").filter(status="open", priority=1)
              .select_related("item_group").order_by("needed_by", "code")):
        left = r.quantity - (allocated.get(r.pk) or 0)
        if left > 0:
            rows.append({"code": r.code, "item_group": r.item_group.local_name,
                         "needed_by": r.needed_by, "unmet": left,
                         "late": r.needed_by < as_of})
    return Section("unmet", _("Unmet priority-1 requirements"), [Table(
        "unmet_p1", _("Open priority-1 requirements not yet fully allocated"), [
            Column("code", _("Requirement")), Column("item_group", _("Item group")),
            Column("needed_by", _("Needed by"), "date"), Column("unmet", _("Unmet"), "int"),
            Column("late", _("Past due")),
        ], rows)])


def _deliveries(user: Any, as_of: date, since: date) -> Section:
    window = {"signed_at__date__gt": since, "signed_at__date__lte": as_of}
    totals = (Handover.objects.restrict(user, "aggregate").filter(**window)
              .values_list("shipment__allocation__pledge__item__group__area__name")
              .annotate(n=Sum("received_quantity"), k=Count("pk")).order_by("-n"))
    rows = [{"area": a, "units": n, "handovers": k} for a, n, k in totals]
    tables = [Table("deliveries", _("Units handed over by capability area"), [
        Column("area", _("Capability area")), Column("units", _("Units"), "int"),
        Column("handovers", _("Handovers"), "int")], rows)]
    if own_nations(user, Handover) is not None:
        mine = [{"shipment": h.shipment_id, "item": h.shipment.allocation.pledge.item.local_name,
                 "units": h.received_quantity, "signed": timezone.localtime(h.signed_at).date()}
                for h in Handover.objects.restrict(user, "view").filter(**window)
                .select_related("shipment__allocation__pledge__item")]
        tables.append(Table("own_deliveries", _("Your nation's handovers"), [
            Column("shipment", _("Shipment")), Column("item", _("Item")),
            Column("units", _("Units"), "int"), Column("signed", _("Signed"), "date")], mine))
    return Section("deliveries", _("Deliveries of the period"), tables,
                   text=_("Handovers signed from %(since)s to %(as_of)s.")
                   % {"since": since + timedelta(days=1), "as_of": as_of})


def _chart_section(key: str, title: str, chart: Any) -> Section:
    table = Table(key, chart.title, [Column(f"c{i}", label or "") for i, label in
                                     enumerate(chart.columns)],
                  [{f"c{i}": v for i, v in enumerate(row)} for row in chart.rows], chart=chart)
    return Section(key, title, [table])


def _nodes(user: Any, as_of: date) -> Section:
    return _chart_section("nodes", _("Node load"), dashboard.node_load_this_week(user))


def _training(user: Any, as_of: date) -> Section:
    return _chart_section("training", _("Training pipeline"), dashboard.training_pipeline(user))


def _burden(user: Any, as_of: date) -> Section:
    report = burden_sharing.build(user, year=as_of.year)
    main = report.table("nations")
    columns = [c for c in main.columns if c.key in (
        "nation", "takes_part", "counted_eur", "fair_share_eur", "surplus_eur", "share_of_gdp")]
    slim = Table("burden", main.title, columns, main.rows, chart=main.chart)
    rest = [t for t in report.tables if t.key in ("not_taking_part", "detail")]
    return Section("burden", _("Burden sharing"), [slim, *rest], text=" ".join(report.notes))


def _manning(user: Any, as_of: date) -> Section:
    report = manning.build(user, as_of=as_of)
    facts = report.facts
    rate = f"{float(facts['fill_rate']) * 100:.0f} %" if facts["fill_rate"] is not None else "—"
    return Section("manning", _("Manning"), [t for t in report.tables if t.key != "nations"],
                   figures=[(rate, _("of %(posts)s posts filled") % {"posts": facts["posts"]})])


def _targets(user: Any, as_of: date) -> Section:
    report = targets.build(user)
    return Section("targets", _("Capability targets"), [report.table("targets")])


def _changes(user: Any, as_of: date, since_at: datetime | None) -> Section:
    """What changed since the previous briefing, from the audit trail: counts of records made and
    changed by kind (counts only, so no other nation's record is named)."""
    start = since_at or timezone.make_aware(datetime.combine(as_of - timedelta(PERIOD_DAYS),
                                                             time.min))
    end = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
    counts = Counter(AuditRecord.objects.filter(at__gte=start, at__lt=end)
                     .values_list("content_type_id", "action"))
    kinds = ContentType.objects.in_bulk({pk for pk, _a in counts})
    per_kind: dict[str, dict[str, int]] = {}
    for (ct, action), n in counts.items():
        model = kinds[ct].model_class() if ct in kinds else None
        label = str(model._meta.verbose_name_plural) if model else kinds[ct].model
        per_kind.setdefault(label, {"created": 0, "changed": 0, "deleted": 0})
        per_kind[label][{"create": "created", "update": "changed"}.get(action, "deleted")] += n
    rows = [{"kind": k[:1].upper() + k[1:], **v} for k, v in sorted(per_kind.items())]
    return Section("changes", _("What changed since the previous briefing"), [Table(
        "changes", _("Records made and changed, by kind"), [
            Column("kind", _("Record")), Column("created", _("Made"), "int"),
            Column("changed", _("Changed"), "int"), Column("deleted", _("Deleted"), "int")],
        rows)], text=_("From the audit trail, %(start)s to %(as_of)s.") % {
            "start": timezone.localtime(start).date(), "as_of": as_of})


def sections(user: Any, as_of: date, since_at: datetime | None = None,
             progress: Callable[[str, float], None] | None = None) -> list[Section]:
    since = timezone.localtime(since_at).date() if since_at else as_of - timedelta(PERIOD_DAYS)
    steps: list[tuple[str, Callable[[], Section]]] = [
        (_("Headline figures"), lambda: _headline(user, as_of)),
        (_("Air defence"), lambda: _air_defence(user, as_of)),
        (_("Unmet priority-1 requirements"), lambda: _unmet_priority_one(user, as_of)),
        (_("Deliveries of the period"), lambda: _deliveries(user, as_of, since)),
        (_("Node load"), lambda: _nodes(user, as_of)),
        (_("Training pipeline"), lambda: _training(user, as_of)),
        (_("Burden sharing"), lambda: _burden(user, as_of)),
        (_("Manning"), lambda: _manning(user, as_of)),
        (_("Capability targets"), lambda: _targets(user, as_of)),
        (_("What changed"), lambda: _changes(user, as_of, since_at)),
    ]
    done = []
    for i, (label, make) in enumerate(steps):
        if progress:
            progress(label, i / (len(steps) + 1))
        done.append(make())
    return done


def render_html(user: Any, *, as_of: date, marking: str, since_at: datetime | None = None,
                progress: Callable[[str, float], None] | None = None) -> str:
    own = own_nations(user, Pledge)
    html = render_to_string("reports/briefing.html", {
        "as_of": as_of, "marking": marking, "sections": sections(user, as_of, since_at, progress),
        "made_at": timezone.localtime(), "partial": own is not None,
        "reader": getattr(user, "username", "") or _("the system"),
        "colours": {k: v.split('"')[1] for k, v in SVG_PAINT.items()},
    })
    return PAINTED.sub(lambda m: f'{m.group(0)} {SVG_PAINT[m.group(1)]}', html)


def render_pdf(user: Any, *, as_of: date, marking: str, since_at: datetime | None = None,
               progress: Callable[[str, float], None] | None = None) -> bytes:
    from weasyprint import HTML  # loads pango: only when a briefing is made

    html = render_html(user, as_of=as_of, marking=marking, since_at=since_at,
                       progress=progress)
    if progress:
        progress(_("Laying out the pages"), 0.95)
    return HTML(string=html).write_pdf()
