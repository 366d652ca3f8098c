"""What needs attention in plan runs (badges, list filters, start-page panels)."""

from convoy.planning import selectors
from convoy.web.attention import Rule

STALE = Rule(
    "stale", "Stale",
    "Plans ready for review whose data has changed since export, or older than "
    f"{selectors.STALE_AFTER_DAYS} days", selectors.stale_plan_runs, "planning:run-list")

PLAN_RUN_RULES = (STALE,)
