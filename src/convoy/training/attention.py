"""What needs attention in course sessions (badges, list filters, start-page panels)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from convoy.training import selectors
from convoy.web.attention import Rule

EMPTY_SEATS = Rule(
    "empty-seats", _("Seats to fill"),
    ngettext_lazy(
        "Sessions starting within %(days)s day with empty seats while training requests for "
        "the course wait",
        "Sessions starting within %(days)s days with empty seats while training requests for "
        "the course wait",
        "days",
    ) % {"days": selectors.EMPTY_SEATS_WITHIN_DAYS},
    selectors.sessions_with_empty_seats, "training:session-list")

SESSION_RULES = (EMPTY_SEATS,)
