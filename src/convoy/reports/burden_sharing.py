"""Burden sharing: each ally's and partner's contributions in a year against its fair share.

Counting rules (after OCHA FTS and IATI):
- a financial pledge over several years counts evenly in each; an announced one is shown but
  counted only once committed; disbursements are shown beside it;
- in-kind aid counts at the pledge's value in the year it was committed (an announced pledge is
  shown, a cancelled one left out, equipment returned from repair is not aid again);
- equipment bought through a pooled fund is the fund's donors' money already, so it is shown
  but not counted again;
- the fair share is the year's baseline split in proportion to GDP among the nations that take
  part; a nation that does not take part is listed as such, in neither the shares nor the totals.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from convoy.core.models import Nation
from convoy.donations.models import Pledge
from convoy.funding.models import Disbursement, FinancialPledge, YearlyBaseline
from convoy.reports.common import Column, Report, Table, check_nation_detail, own_nations, ratio
from convoy.web.charts import Series, hbar_chart

CENT = Decimal("0.01")
#: USD per EUR, yearly average of the ECB's euro reference rate, to set contributions (EUR)
#: against GDP (the World Bank gives current USD).
USD_PER_EUR = {2019: Decimal("1.1195"), 2020: Decimal("1.1422"), 2021: Decimal("1.1827"),
               2022: Decimal("1.0530"), 2023: Decimal("1.0813"), 2024: Decimal("1.0824")}
COUNTED = ("committed", "in_delivery", "delivered")
CHART_NATIONS = 15


def _financial(user: Any, year: int) -> dict[int, dict[str, Decimal]]:
    """EUR per donor for `year`: announced and committed (a pledge's amount spread evenly over its
    years), and disbursed in the year."""
    totals: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = (FinancialPledge.objects.restrict(user, "aggregate")
            .filter(first_year__lte=year, last_year__gte=year)
            .values_list("donor_id", "status", "amount_eur", "first_year", "last_year"))
    for donor, status, amount, first, last in rows:
        totals[donor][f"financial_{status}"] += amount / (last - first + 1)
    paid = (Disbursement.objects.restrict(user, "aggregate").filter(date__year=year)
            .values_list("financial_pledge__donor_id").annotate(s=Sum("amount_eur")).order_by())
    for donor, amount in paid:
        totals[donor]["disbursed"] += amount
    return totals


def _in_kind(user: Any, year: int) -> dict[int, dict[str, Decimal]]:
    """EUR of equipment per donor: announced in the year, committed in the year (counted unless
    bought through a pooled fund) and delivered in the year."""
    totals: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    pledges = (Pledge.objects.restrict(user, "aggregate")
               .filter(source=Pledge.Source.DONATION, value_eur__isnull=False)
               .exclude(status=Pledge.Status.CANCELLED))
    announced = (pledges.filter(status=Pledge.Status.ANNOUNCED, announced_on__year=year)
                 .values_list("donor_id").annotate(s=Sum("value_eur")).order_by())
    for donor, amount in announced:
        totals[donor]["in_kind_announced"] += amount
    committed = (
        pledges.filter(status__in=COUNTED)
        .annotate(y=ExtractYear(Coalesce("committed_on", "delivery_started_on", "delivered_on")))
        .filter(y=year)
        .values_list("donor_id", "bought_through_id").annotate(s=Sum("value_eur")).order_by()
    )
    for donor, fund, amount in committed:
        totals[donor]["in_kind_via_fund" if fund else "in_kind_committed"] += amount
    delivered = (pledges.filter(status=Pledge.Status.DELIVERED, delivered_on__year=year)
                 .values_list("donor_id").annotate(s=Sum("value_eur")).order_by())
    for donor, amount in delivered:
        totals[donor]["in_kind_delivered"] += amount
    return totals


COLUMNS = [
    Column("nation", _l("Nation (ISO 3166)")),
    Column("name", _l("Name")),
    Column("takes_part", _l("Takes part")),
    Column("gdp", _l("GDP (current USD)"), "usd"),
    Column("gdp_year", _l("GDP year")),
    Column("financial_announced_eur", _l("Financial, announced (not counted)"), "eur"),
    Column("financial_committed_eur", _l("Financial, committed"), "eur"),
    Column("disbursed_eur", _l("Disbursed in the year"), "eur"),
    Column("in_kind_announced_eur", _l("In kind, announced (not counted)"), "eur"),
    Column("in_kind_committed_eur", _l("In kind, committed"), "eur"),
    Column("in_kind_delivered_eur", _l("In kind, delivered in the year"), "eur"),
    Column("in_kind_via_fund_eur", _l("In kind through pooled funds (counted as money)"), "eur"),
    Column("counted_eur", _l("Counted"), "eur"),
    Column("fair_share_eur", _l("Fair share"), "eur"),
    Column("surplus_eur", _l("Surplus (+) or shortfall (−)"), "eur"),
    Column("share_of_gdp", _l("Counted as a share of GDP"), "ratio"),
]


def build(user: Any, *, year: int | None = None, nation: Nation | None = None) -> Report:
    year = year or timezone.localdate().year
    nations = list(Nation.objects.restrict(user, "aggregate")
                   .filter(kind__in=[Nation.Kind.ALLY, Nation.Kind.PARTNER]).order_by("name"))
    financial, in_kind = _financial(user, year), _in_kind(user, year)
    baseline = (YearlyBaseline.objects.restrict(user, "aggregate").filter(year=year)
                .values_list("amount_eur", flat=True).first())
    sharing = [n for n in nations if n.participation == Nation.Participation.TAKES_PART
               and n.gdp_usd]
    fairs = fair_shares(baseline, {n.pk: n.gdp_usd for n in sharing})
    rows = []
    for n in nations:
        money, kind = financial.get(n.pk, {}), in_kind.get(n.pk, {})
        takes_part = n.participation == Nation.Participation.TAKES_PART
        counted = money.get("financial_committed", Decimal(0)) + kind.get("in_kind_committed",
                                                                         Decimal(0))
        fair = fairs.get(n.pk)
        rate = USD_PER_EUR.get(n.gdp_year or 0)
        row = {
            "nation": n.code, "name": n.name, "takes_part": takes_part,
            "gdp": n.gdp_usd, "gdp_unit": "USD", "gdp_year": n.gdp_year,
            "financial_announced_eur": money.get("financial_announced", Decimal(0)),
            "financial_committed_eur": money.get("financial_committed", Decimal(0)),
            "disbursed_eur": money.get("disbursed", Decimal(0)),
            "in_kind_announced_eur": kind.get("in_kind_announced", Decimal(0)),
            "in_kind_committed_eur": kind.get("in_kind_committed", Decimal(0)),
            "in_kind_delivered_eur": kind.get("in_kind_delivered", Decimal(0)),
            "in_kind_via_fund_eur": kind.get("in_kind_via_fund", Decimal(0)),
            "counted_eur": counted if takes_part else None,
            "fair_share_eur": fair,
            "surplus_eur": counted - fair if fair is not None else None,
            "share_of_gdp": (ratio(counted * rate, n.gdp_usd, "0.000001")
                             if takes_part and n.gdp_usd and rate else None),
        }
        rows.append({k: v.quantize(CENT) if k.endswith("_eur") and v is not None else v
                     for k, v in row.items()})
    rows.sort(key=lambda r: (not r["takes_part"], -(r["fair_share_eur"] or 0),
                             -(r["counted_eur"] or 0), r["name"]))
    taking_part = [r for r in rows if r["takes_part"]]
    totals = {
        "counted_eur": sum((r["counted_eur"] for r in taking_part), Decimal(0)),
        "fair_share_eur": sum((r["fair_share_eur"] or 0 for r in taking_part), Decimal(0)),
        "baseline_eur": baseline,
    }
    tables = [Table("nations", _("Contributions and fair shares, %(year)s") % {"year": year},
                    COLUMNS, rows, chart=_chart(taking_part, year))]
    tables.append(_abstaining(rows))
    detail_nation = nation or _own_nation(user)
    if detail_nation is not None:
        check_nation_detail(user, FinancialPledge, detail_nation)
        tables.append(_detail(user, detail_nation, year))
    gdp_years = sorted({n.gdp_year for n in sharing if n.gdp_year})
    notes = [
        _("Announced pledges are shown but not counted until committed."),
        _("A financial pledge over several years counts evenly in each of its years."),
        _("In-kind aid counts at the pledge's value, in the year it was committed."),
        _("Money given to a pooled fund is counted once, as its donors' financial pledges; "
          "the equipment bought through the fund is shown but not counted again."),
        _("The fair share is the year's baseline split in proportion to GDP among the allies "
          "and partners that take part; a nation that does not take part is in neither the "
          "shares nor the totals."),
        _("GDP: World Bank, current USD (NY.GDP.MKTP.CD), year %(years)s. Contributions are "
          "set against GDP at the ECB's yearly average USD per EUR rate of the GDP year.")
        % {"years": ", ".join(map(str, gdp_years)) or "—"},
    ]
    if baseline is None:
        notes.append(_("No baseline is set for %(year)s, so there are no fair shares.")
                     % {"year": year})
    return Report(
        name="burden-sharing",
        title=_("Burden sharing %(year)s") % {"year": year},
        tables=tables, notes=notes, as_of=timezone.localdate(),
        facts={"year": year, "baseline_eur": baseline, "gdp_years": gdp_years,
               "gdp_unit": "USD", **totals},
    )


def fair_shares(baseline: Decimal | None, gdp: dict[int, Decimal]) -> dict[int, Decimal]:
    """The baseline split in proportion to GDP, in cents that add up to it exactly (the cents
    left by rounding down go to the largest remainders)."""
    total = sum(gdp.values(), Decimal(0))
    if not baseline or not total:
        return {}
    cents = int(baseline * 100)
    exact = {pk: Decimal(cents) * value / total for pk, value in gdp.items()}
    whole = {pk: int(share) for pk, share in exact.items()}
    left = cents - sum(whole.values())
    for pk in sorted(exact, key=lambda pk: whole[pk] - exact[pk])[:left]:
        whole[pk] += 1
    return {pk: Decimal(n) / 100 for pk, n in whole.items()}


def _own_nation(user: Any) -> Nation | None:
    """A donor liaison's nation, whose detail shows beside the totals."""
    own = own_nations(user, FinancialPledge)
    if own and len(own) == 1:
        return Nation.objects.get(pk=next(iter(own)))
    return None


def _chart(rows: list[dict[str, Any]], year: int) -> Any:
    top = [r for r in rows if r["fair_share_eur"] is not None][:CHART_NATIONS] or rows[
        :CHART_NATIONS]
    return hbar_chart(
        _("Counted contributions against the fair share, %(year)s (EUR)") % {"year": year},
        [r["name"] for r in top],
        [Series(_("Counted"), [r["counted_eur"] or 0 for r in top], "s2")],
        "EUR", limits=[r["fair_share_eur"] or 0 for r in top], limit_label=_("fair share"),
    )


def _abstaining(rows: list[dict[str, Any]]) -> Table:
    return Table(
        "not_taking_part", _("Nations that do not take part"),
        [Column("nation", _("Nation (ISO 3166)")), Column("name", _("Name"))],
        [{"nation": r["nation"], "name": r["name"]} for r in rows if not r["takes_part"]],
        note=_("Listed as such: in neither the fair shares nor the totals."),
    )


def _detail(user: Any, nation: Nation, year: int) -> Table:
    """The nation's own records behind its figures, read as records (restrict "view")."""
    rows = []
    for p in (FinancialPledge.objects.restrict(user, "view")
              .filter(donor=nation, first_year__lte=year, last_year__gte=year)
              .select_related("fund")):
        share = (p.amount_eur / (p.last_year - p.first_year + 1)).quantize(CENT)
        rows.append({"record": p.code, "kind": _("financial, %(kind)s") % {
            "kind": p.get_kind_display()}, "status": p.get_status_display(),
            "fund": p.fund.name if p.fund else "", "value_eur": share,
            "counted_eur": share if p.status == FinancialPledge.Status.COMMITTED else Decimal(0)})
    for p in (Pledge.objects.restrict(user, "view")
              .filter(donor=nation, source=Pledge.Source.DONATION, value_eur__isnull=False)
              .exclude(status=Pledge.Status.CANCELLED).select_related("item", "bought_through")):
        committed = p.committed_on or p.delivery_started_on or p.delivered_on
        in_year = (committed.year == year if p.status in COUNTED and committed
                   else p.announced_on.year == year)
        if not in_year:
            continue
        counts = p.status in COUNTED and p.bought_through_id is None
        rows.append({"record": p.code, "kind": _("in kind: %(item)s") % {"item": p.item},
                     "status": p.get_status_display(),
                     "fund": p.bought_through.name if p.bought_through else "",
                     "value_eur": p.value_eur, "counted_eur": p.value_eur if counts
                     else Decimal(0)})
    return Table(
        "detail", _("%(nation)s: the records behind its figures") % {"nation": nation.local_name},
        [Column("record", _("Record")), Column("kind", _("Kind")),
         Column("status", _("Status")), Column("fund", _("Pooled fund")),
         Column("value_eur", _("Value in the year"), "eur"),
         Column("counted_eur", _("Counted"), "eur")],
        rows,
    )
