"""Plan run pages: start a run (coordinators), follow its progress, review the result, approve
or discard it."""

from datetime import date
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_htmx.http import HttpResponseClientRefresh

from convoy.core.dates import add_weeks
from convoy.planner.errors import PlanFormatError, ScenarioError
from convoy.planner.explain import explain
from convoy.planner.plan import parse_plan
from convoy.planner.scenario import Scenario
from convoy.planning import bottlenecks, forms, services, tables
from convoy.planning.attention import PLAN_RUN_RULES
from convoy.planning.models import PlanRun
from convoy.web.lists import RecordListView
from convoy.web.records import (
    Action,
    RecordActionView,
    RecordDetailView,
    Related,
    ServiceFormView,
)
from convoy.web.tables import Column

#: The planner's bound kinds (convoy.planner.result.BOUND_KINDS) in words a reader can translate.
BOUND_KINDS = {
    "compact-lp": _("the optimum of the linear programme"),
    "compact-mip": _("the integer programme's dual bound"),
    "path-lp": _("the optimum of the linear programme over routes"),
    "path-pricing": _("the pricing bound of the linear programme over routes"),
    "path-lagrangian": _("a Lagrangian bound with node capacity priced"),
}

ACTIVE = ("queued", "running")


class PlanRunListView(RecordListView):
    model = PlanRun
    columns = tables.PLAN_RUN_COLUMNS
    select_related = ("started_by",)
    default_sort = "-run"
    title = _("Plan runs")
    attention = PLAN_RUN_RULES
    create_url = "planning:run-start"

    @property
    def related_pages(self) -> list[tuple[str, str]]:  # type: ignore[override]
        """The what-if form, for those who may start runs."""
        from convoy.core.permissions import grants

        if grants(self.request.user, PlanRun, "add") == []:
            return []
        return [(_("Start a what-if run"), "planning:run-what-if")]


class PlanRunStartView(ServiceFormView):
    model = PlanRun
    form_class = forms.PlanRunStartForm
    title = _("Start a plan run")
    success_message = _("{obj} started: it runs in the background.")
    create_service = staticmethod(services.plan_run_start)
    list_url = "planning:run-list"


class PlanRunDetailView(RecordDetailView):
    model = PlanRun
    select_related = ("started_by", "decided_by")
    list_url = "planning:run-list"
    template_name = "planning/run_detail.html"
    history_limit = 20
    attention = PLAN_RUN_RULES
    fields = [
        Column("status", _("Status")), Column("start_date", _("Week 0")),
        Column("horizon_weeks", _("Horizon (weeks)")), Column("method", _("Method")),
        Column("time_limit_s", _("Time limit (s)")), Column("started_by", _("Started by")),
        Column("created_at", _("Started")), Column("finished_at", _("Finished")),
        Column("decided_by", _("Decided by")), Column("decided_at", _("Decided")),
        Column("message", _("Message")),
    ]
    actions = [
        # A what-if run's plan is for a record that does not exist: it is never approved.
        Action(_("Approve plan"), "planning:run-approve", ("succeeded",),
               available=lambda run, today: not run.changes),
        Action(_("Discard"), "planning:run-discard", ("succeeded", "failed", "queued"),
               style="danger"),
    ]

    def related(self, obj: PlanRun) -> list[Related]:
        """What an approved run created, each linked to its page."""
        if obj.status != "approved":
            return []
        from convoy.donations.models import Allocation
        from convoy.donations.tables import ALLOCATION_COLUMNS
        from convoy.logistics.models import Shipment
        from convoy.logistics.tables import SHIPMENT_COLUMNS
        from convoy.training.models import Enrolment
        from convoy.training.tables import ENROLMENT_COLUMNS

        user = self.request.user
        created = [
            (_("Allocations it created"), ALLOCATION_COLUMNS, Allocation.objects.select_related(
                "pledge__donor", "pledge__item", "requirement")),
            (_("Shipments it created"), SHIPMENT_COLUMNS, Shipment.objects.select_related(
                "allocation__pledge__item", "origin", "node", "destination")),
            (_("Enrolments it created"), ENROLMENT_COLUMNS, Enrolment.objects.select_related(
                "request", "session")),
        ]
        return [
            Related(title, columns, list(queryset.restrict(user, "view").filter(plan_run=obj)),
                    empty=_("None."))
            for title, columns, queryset in created
        ]

    def extra_context(self, obj: PlanRun) -> dict[str, Any]:
        result = summary(obj, self.request.user)
        if result:
            link_codes(self.request.user, result)
        from convoy.planning.whatif_views import run_page_context

        what_if = run_page_context(self.request.user, obj)
        links = [(_("Start a what-if run from this one"),
                  f"{reverse('planning:run-what-if')}?from={obj.pk}")
                 ] if what_if["may_start_what_if"] else []
        return {"active": obj.status in ACTIVE, "summary": result, "extra_links": links,
                **what_if}


class PlanRunProgressView(LoginRequiredMixin, View):
    """The progress box, polled by htmx while the run is queued or running."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = get_object_or_404(PlanRun.objects.restrict(request.user, "view"), pk=kwargs["pk"])
        if run.status not in ACTIVE and request.htmx:
            return HttpResponseClientRefresh()  # the result is ready: show the whole page
        return render(request, "planning/run_progress.html",
                      {"object": run, "active": run.status in ACTIVE})


class PlanRunApproveView(RecordActionView):
    model = PlanRun
    service = staticmethod(services.plan_run_approve)
    record_keyword = "run"
    success_message = _("{obj}: approved; its allocations, shipments and enrolments are recorded.")
    label = _("Approve plan")
    explanation = _("{obj}: its proposed allocations, shipments and enrolments are recorded.")
    asks_date = False


class PlanRunDiscardView(RecordActionView):
    model = PlanRun
    service = staticmethod(services.plan_run_discard)
    record_keyword = "run"
    success_message = _("{obj}: discarded.")
    label = _("Discard")
    explanation = _("{obj} is discarded; nothing it proposed is recorded.")
    asks_date = False
    style = "danger"


def summary(run: PlanRun, user: Any) -> dict[str, Any] | None:
    """Figures, proposals, what stays unmet (with the reason) and the bottlenecks for the result
    page of `user`."""
    if not run.result:
        return None
    plan = run.result.get("plan") or {}
    metrics = run.result.get("metrics") or plan.get("metrics") or {}
    week0 = run.start_date

    def week_date(week: int) -> date:
        return add_weeks(week0, int(week))

    shipments = sorted(plan.get("shipments", []),
                       key=lambda s: (s["dispatch_week"], s["requirement"], s["pledge"]))
    fill = metrics.get("fill_rate_by_priority") or {}
    in_repair = services.repair_supply(run.scenario or {})
    figures = [
        (_("Objective"), _num(run.objective)),
        (_("Bound"), _num(run.bound)),
        (_("Gap"), _pct(run.result.get("gap"))),
        (_("Bound is"), BOUND_KINDS.get(metrics.get("bound_kind"), "—")),
        (_("On time"), _pct(metrics.get("on_time_rate"))),
        (_("Units delivered"), _num(metrics.get("units_delivered"))),
        (_(
            "Seats used"
        ), _(
            "%(get)s of %(get2)s"
        ) % {"get": metrics.get('seats_used', '—'), "get2": metrics.get('seats_total', '—')}),
    ]
    return {
        "figures": figures,
        "fill_by_priority": [(p, _pct(fill.get(p))) for p in sorted(fill)],
        "node_peaks": sorted((metrics.get("node_peak_utilisation") or {}).items()),
        "shipments": [{**s, "leaves": week_date(s["dispatch_week"]),
                       "in_repair": s["pledge"] in in_repair} for s in shipments],
        "from_repair": any(s["pledge"] in in_repair for s in shipments),
        "training": plan.get("training", []),
        "unmet": unmet(run, week_date),
        "bottlenecks": bottlenecks.sentences(user, metrics.get("bottlenecks") or [], week_date,
                                             _week_span),
        "bottlenecks_from": DUAL_SOURCES.get(metrics.get("bottlenecks_from"), ""),
        # The compact LP's bottlenecks are valued by solving it again (planner.bottlenecks).
        "bottlenecks_exact": metrics.get("bottlenecks_from") == "compact-lp",
    }


def link_codes(user: Any, result: dict[str, Any]) -> None:
    """Give each pledge and requirement code of the result a link to its page (when visible)."""
    from convoy.donations.models import Pledge, Requirement
    from convoy.repairs.models import RepairOrder

    rows = [*result["shipments"], *result["training"], *result["unmet"]]
    orders = dict(RepairOrder.objects.restrict(user, "view").filter(
        code__in={r["pledge"] for r in result["shipments"] if r.get("in_repair")}
    ).values_list("code", "pk"))
    pledges = dict(Pledge.objects.restrict(user, "view").filter(
        code__in={r["pledge"] for r in rows if "pledge" in r}).values_list("code", "pk"))
    requirements = dict(Requirement.objects.restrict(user, "view").filter(
        code__in={r["requirement"] for r in rows}).values_list("code", "pk"))
    for row in rows:
        if row.get("in_repair") and row["pledge"] in orders:
            row["pledge_url"] = reverse("repairs:order-detail",
                                        kwargs={"pk": orders[row["pledge"]]})
        elif row.get("pledge") in pledges:
            row["pledge_url"] = reverse("donations:pledge-detail",
                                        kwargs={"pk": pledges[row["pledge"]]})
        if row["requirement"] in requirements:
            row["requirement_url"] = reverse("donations:requirement-detail",
                                             kwargs={"pk": requirements[row["requirement"]]})


#: The planner's reasons for a shortfall (convoy.planner.explain.REASONS), in words for readers.
SHORTFALL_WORDS = {
    "no-pledge": _("No pledge of this item group."),
    "no-route": _("No lane from a matching pledge's origin through a node to the destination."),
    "too-late": _("The earliest pledge can arrive in the week of %(earliest)s; it is due in the "
                  "week of %(due)s."),
    "supply-short": _("Not enough supply: %(supply)s units pledged for %(demand)s required, "
                      "short by %(short)s; more urgent needs came first."),
    "crews": _("Crews not trained in time: %(crews)s of %(needed)s crews for %(course)s ready "
               "by the due date."),
    "capacity": _("Node capacity full at %(nodes)s in the weeks of %(weeks)s."),
    "cost": _("Transport costs more than the requirement is worth at its priority."),
    "competition": _("Its pledges went to requirements worth more."),
}


def unmet(run: PlanRun, week_date: Any) -> list[dict[str, Any]]:
    """Requirements the plan leaves short or late, each with the reason the planner found.

    Runs keep their shortfalls when they finish; a run from before that is explained again."""
    stored = run.result.get("shortfalls") if run.result else None
    if stored is None:
        try:
            found = explain(Scenario.from_json(run.scenario or {}),
                            parse_plan(run.result.get("plan") or {})[0])
        except (ScenarioError, PlanFormatError):  # a run from before the format was checked
            return []
        stored = [s.to_json() for s in found]
    rows = []
    for s in stored:
        given = s["figures"]
        figures = {k: format(v, ",") if isinstance(v, int) else v for k, v in given.items()}
        for key in ("earliest", "due"):
            if key in given:
                figures[key] = week_date(given[key])
        if "weeks" in given:
            first, _sep, last = given["weeks"].partition("-")
            figures["weeks"] = _week_span(week_date, int(first), int(last) if last else None)
        rows.append({"requirement": s["requirement"], "priority": s["priority"],
                     "quantity": s["quantity"], "short": s["quantity"] - s["planned"],
                     "late": s["late"], "reason": SHORTFALL_WORDS[s["reason"]] % figures})
    return rows


def _week_span(week_date: Any, first: int, last: int | None) -> str:
    span = [week_date(first)] + ([week_date(last)] if last is not None and last != first else [])
    return " – ".join(str(day) for day in span)


#: Which linear programme the bottlenecks' prices come from (convoy.planner.bottlenecks).
DUAL_SOURCES = {
    "compact-lp": _("the linear programme at its optimum"),
    "path-lp": _("the linear programme over routes at its optimum"),
    "path-master": _("the routes found so far (the rounds had not converged), so they are "
                     "indicative"),
}
def _num(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}" if isinstance(value, float) and not value.is_integer() else f"{value:,}"


def _pct(value: Any) -> str:
    return "—" if value is None else f"{100 * float(value):.1f} %"
