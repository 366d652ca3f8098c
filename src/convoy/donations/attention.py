"""What needs attention in requirements and pledges (badges, list filters, start-page panels)."""

from convoy.donations import selectors
from convoy.web.attention import Rule

DUE_UNALLOCATED = Rule(
    "due-unallocated", "Due, nothing allocated",
    f"Requirements needed within {selectors.DUE_WITHIN_DAYS} days (or past) with nothing "
    "allocated", selectors.requirements_due_unallocated, "donations:requirement-list")
NOT_COMMITTED = Rule(
    "not-committed", "Not committed",
    f"Pledges announced more than {selectors.COMMIT_WITHIN_DAYS} days ago and never committed",
    selectors.pledges_not_committed, "donations:pledge-list")

REQUIREMENT_RULES = (DUE_UNALLOCATED,)
PLEDGE_RULES = (NOT_COMMITTED,)
