"""Columns of the plan run table."""

from django.utils.translation import gettext_lazy as _

from convoy.web.tables import Column

PLAN_RUN_COLUMNS = [
    Column(lambda r: (_("What-if plan run %(pk)s") if r.changes else _("Plan run %(pk)s"))
           % {"pk": r.pk}, _("Run"), sort="id", link=True),
    Column("status", _("Status"), sort="status"),
    Column("start_date", _("Week 0"), sort="start_date"),
    Column("horizon_weeks", _("Weeks"), sort="horizon_weeks", numeric=True),
    Column("method", _("Method"), sort="method"),
    Column("objective", _("Objective"), sort="objective", numeric=True),
    Column("started_by", _("Started by"), sort="started_by__username"),
    Column("created_at", _("Started"), sort="created_at"),
]
