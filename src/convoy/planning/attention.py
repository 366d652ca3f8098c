"""What needs attention in plan runs (badges, list filters, start-page panels)."""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from convoy.planning import selectors
from convoy.web.attention import Rule

STALE = Rule(
    "stale", _("Stale"),
    lazy(lambda: ngettext(
        "Plans ready for review whose data has changed since export, or older than %(days)s day",
        "Plans ready for review whose data has changed since export, or older than %(days)s days",
        selectors.STALE_AFTER_DAYS,
    ) % {"days": selectors.STALE_AFTER_DAYS}, str)(),
    selectors.stale_plan_runs, "planning:run-list")

PLAN_RUN_RULES = (STALE,)
