"""Capability coalitions: a page per coalition, air defence first.

Lead nations and members, the requirements of the coalition's capability area, what each member
pledged and delivered there, and what is still unmet. Totals by member are aggregates every role
reads; the pledges behind them are listed only for the nations whose records the reader sees.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from convoy.catalog.models import CapabilityCoalition
from convoy.core.models import Nation
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.reports.common import Column, Report, Table, check_nation_detail, own_nations, ratio
from convoy.web.charts import Series, hbar_chart

LIVE = ("committed", "in_delivery", "delivered")


def ordered(user: Any) -> list[CapabilityCoalition]:
    """Every coalition, the air defence coalition first (the coalition's stated priority)."""
    found = CapabilityCoalition.objects.restrict(user, "aggregate").select_related("area")
    return sorted(found, key=lambda c: (c.area.code != "air-defence", c.name))


def build(user: Any, *, coalition: CapabilityCoalition | None = None,
          nation: Nation | None = None) -> Report:
    if coalition is None:
        return _overview(user)
    area = coalition.area
    leads = set(coalition.lead_nations.values_list("pk", flat=True))
    members = {n.pk: n for n in coalition.members.all()} | {
        n.pk: n for n in coalition.lead_nations.all()}
    pledges = (Pledge.objects.restrict(user, "aggregate")
               .filter(item__group__area=area, source=Pledge.Source.DONATION)
               .exclude(status=Pledge.Status.CANCELLED))
    by_donor: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for donor, status, units in (pledges.values_list("donor_id", "status")
                                 .annotate(n=Sum("quantity")).order_by()):
        by_donor[donor]["pledged" if status == "announced" else "committed"] += units
        if status == "delivered":
            by_donor[donor]["delivered"] += units
    member_rows = []
    for pk, member in sorted(members.items(), key=lambda kv: (kv[0] not in leads, kv[1].name)):
        figures = by_donor.get(pk, {})
        member_rows.append({
            "nation": member.code, "name": member.name,
            "role": _("lead") if pk in leads else _("member"),
            "announced_units": figures.get("pledged", 0),
            "committed_units": figures.get("committed", 0),
            "delivered_units": figures.get("delivered", 0),
        })
    outside = sum(f.get("committed", 0) for pk, f in by_donor.items() if pk not in members)
    requirements = _requirements(user, area)
    unmet = [r for r in requirements if r["unmet_units"] > 0]
    required = sum(r["quantity"] for r in requirements)
    allocated = sum(r["allocated_units"] for r in requirements)
    tables = [
        Table("members", _("Pledges and deliveries by member (units)"), [
            Column("nation", _("Nation (ISO 3166)")), Column("name", _("Name")),
            Column("role", _("Role")),
            Column("announced_units", _("Announced (not counted)"), "int"),
            Column("committed_units", _("Committed"), "int"),
            Column("delivered_units", _("Delivered"), "int"),
        ], member_rows, chart=hbar_chart(
            _("%(coalition)s: committed and delivered units by member")
            % {"coalition": coalition.name},
            [r["name"] for r in member_rows],
            [Series(_("Committed"), [r["committed_units"] for r in member_rows], "s2"),
             Series(_("Delivered"), [r["delivered_units"] for r in member_rows], "s3")],
            _("units")),
            note=_("Nations outside the coalition committed %(units)s units in the area.")
            % {"units": outside}),
        Table("requirements", _("Requirements of %(area)s") % {"area": area.name},
              REQUIREMENT_COLUMNS, requirements),
        Table("unmet", _("Still unmet"), REQUIREMENT_COLUMNS, unmet),
    ]
    detail = nation or _single_own(user)
    if detail is not None:
        check_nation_detail(user, Pledge, detail)
        tables.append(_detail(user, area, detail))
    return Report(
        name="coalitions", title=coalition.name, tables=tables, as_of=timezone.localdate(),
        notes=[_("Units of the capability area %(area)s; announced pledges are shown but not "
                 "counted until committed; equipment returned from repair is not counted "
                 "again.") % {"area": area.name}],
        facts={"coalition": coalition.name, "area": area.code, "required_units": required,
               "allocated_units": allocated, "fill_rate": ratio(allocated, required),
               "unmet_requirements": len(unmet)},
    )


REQUIREMENT_COLUMNS = [
    Column("code", _l("Requirement")), Column("item_group", _l("Item group")),
    Column("priority", _l("Priority"), "int"), Column("needed_by", _l("Needed by"), "date"),
    Column("quantity", _l("Required"), "int"), Column("allocated_units", _l("Allocated"), "int"),
    Column("unmet_units", _l("Unmet"), "int"),
]


def _requirements(user: Any, area: Any) -> list[dict[str, Any]]:
    allocated = dict(Allocation.objects.restrict(user, "aggregate")
                     .filter(requirement__item_group__area=area)
                     .values_list("requirement_id").annotate(n=Sum("quantity")).order_by())
    rows = []
    for r in (Requirement.objects.restrict(user, "aggregate")
              .filter(item_group__area=area).exclude(status="cancelled")
              .select_related("item_group").order_by("priority", "needed_by", "code")):
        done = allocated.get(r.pk) or 0
        rows.append({"code": r.code, "item_group": r.item_group.local_name, "priority": r.priority,
                     "needed_by": r.needed_by, "quantity": r.quantity, "allocated_units": done,
                     "unmet_units": max(r.quantity - done, 0)})
    return rows


def _single_own(user: Any) -> Nation | None:
    own = own_nations(user, Pledge)
    return Nation.objects.filter(pk=next(iter(own))).first() if own and len(own) == 1 else None


def _detail(user: Any, area: Any, nation: Nation) -> Table:
    rows = [{"code": p.code, "item": p.item.local_name, "quantity": p.quantity,
             "status": p.get_status_display(), "available_from": p.available_from}
            for p in Pledge.objects.restrict(user, "view")
            .filter(donor=nation, item__group__area=area).select_related("item")]
    return Table("detail", _("%(nation)s's pledges in the area") % {"nation": nation.local_name}, [
        Column("code", _("Pledge")), Column("item", _("Item")),
        Column("quantity", _("Units"), "int"), Column("status", _("Status")),
        Column("available_from", _("Available from"), "date"),
    ], rows)


def _overview(user: Any) -> Report:
    rows = []
    for c in ordered(user):
        requirements = _requirements(user, c.area)
        required = sum(r["quantity"] for r in requirements)
        allocated = sum(r["allocated_units"] for r in requirements)
        rows.append({
            "pk": c.pk, "coalition": c.name, "area": c.area.name,
            "leads": ", ".join(n.code for n in c.lead_nations.all()),
            "members": c.members.count(), "required_units": required,
            "allocated_units": allocated, "fill_rate": ratio(allocated, required),
        })
    chart = hbar_chart(_("Share of each coalition's requirements allocated"),
                       [r["coalition"] for r in rows],
                       [Series(_("Allocated"), [r["allocated_units"] for r in rows], "s2"),
                        Series(_("Required"), [r["required_units"] for r in rows], "s1")],
                       _("units"))
    return Report(
        name="coalitions", title=_("Capability coalitions"), as_of=timezone.localdate(),
        tables=[Table("coalitions", _("Coalitions, air defence first"), [
            Column("coalition", _("Coalition")), Column("area", _("Capability area")),
            Column("leads", _("Lead nations")), Column("members", _("Members"), "int"),
            Column("required_units", _("Required"), "int"),
            Column("allocated_units", _("Allocated"), "int"),
            Column("fill_rate", _("Allocated share"), "ratio"),
        ], rows, chart=chart)],
        notes=[_("Requirements not cancelled, in units; open and fulfilled alike.")],
    )
