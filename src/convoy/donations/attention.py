"""What needs attention in requirements and pledges (badges, list filters, start-page panels)."""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from convoy.donations import selectors
from convoy.web.attention import Rule

DUE_UNALLOCATED = Rule(
    "due-unallocated", _("Due, nothing allocated"),
    lazy(lambda: ngettext(
        "Requirements needed within %(days)s day (or past) with nothing allocated",
        "Requirements needed within %(days)s days (or past) with nothing allocated",
        selectors.DUE_WITHIN_DAYS,
    ) % {"days": selectors.DUE_WITHIN_DAYS}, str)(),
    selectors.requirements_due_unallocated, "donations:requirement-list")
NOT_COMMITTED = Rule(
    "not-committed", _("Not committed"),
    lazy(lambda: ngettext(
        "Pledges announced more than %(days)s day ago and never committed",
        "Pledges announced more than %(days)s days ago and never committed",
        selectors.COMMIT_WITHIN_DAYS,
    ) % {"days": selectors.COMMIT_WITHIN_DAYS}, str)(),
    selectors.pledges_not_committed, "donations:pledge-list")

REQUIREMENT_RULES = (DUE_UNALLOCATED,)
PLEDGE_RULES = (NOT_COMMITTED,)
