"""Plan run pages (the planning services land later; until then the list and result pages)."""

from convoy.planning import tables
from convoy.planning.models import PlanRun
from convoy.web.lists import RecordListView
from convoy.web.records import RecordDetailView
from convoy.web.tables import Column


class PlanRunListView(RecordListView):
    model = PlanRun
    columns = tables.PLAN_RUN_COLUMNS
    select_related = ("started_by",)
    default_sort = "-run"
    title = "Plan runs"


class PlanRunDetailView(RecordDetailView):
    model = PlanRun
    select_related = ("started_by", "decided_by")
    list_url = "planning:run-list"
    fields = [
        Column("status", "Status"), Column("start_date", "Week 0"),
        Column("horizon_weeks", "Horizon (weeks)"), Column("method", "Method"),
        Column("objective", "Objective"), Column("bound", "Bound"),
        Column("started_by", "Started by"), Column("message", "Message"),
    ]
