"""Columns of the plan run table."""

from convoy.web.tables import Column

PLAN_RUN_COLUMNS = [
    Column(lambda r: f"Plan run {r.pk}", "Run", sort="id", link=True),
    Column("status", "Status", sort="status"),
    Column("start_date", "Week 0", sort="start_date"),
    Column("horizon_weeks", "Weeks", sort="horizon_weeks", numeric=True),
    Column("method", "Method", sort="method"),
    Column("objective", "Objective", sort="objective", numeric=True),
    Column("started_by", "Started by", sort="started_by__username"),
    Column("created_at", "Started", sort="created_at"),
]
