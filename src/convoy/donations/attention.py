"""What needs attention in requirements and pledges (badges, list filters, start-page panels)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from convoy.donations import selectors
from convoy.web.attention import Rule

DUE_UNALLOCATED = Rule(
    "due-unallocated", _("Due, nothing allocated"),
    ngettext_lazy(
        "Requirements needed within %(days)s day (or past) with nothing allocated",
        "Requirements needed within %(days)s days (or past) with nothing allocated",
        "days",
    ) % {"days": selectors.DUE_WITHIN_DAYS},
    selectors.requirements_due_unallocated, "donations:requirement-list")
NOT_COMMITTED = Rule(
    "not-committed", _("Not committed"),
    ngettext_lazy(
        "Pledges announced more than %(days)s day ago and never committed",
        "Pledges announced more than %(days)s days ago and never committed",
        "days",
    ) % {"days": selectors.COMMIT_WITHIN_DAYS},
    selectors.pledges_not_committed, "donations:pledge-list")

REQUIREMENT_RULES = (DUE_UNALLOCATED,)
PLEDGE_RULES = (NOT_COMMITTED,)
