"""What needs attention in course sessions (badges, list filters, start-page panels)."""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from convoy.training import selectors
from convoy.web.attention import Rule

EMPTY_SEATS = Rule(
    "empty-seats", _("Seats to fill"),
    lazy(lambda: ngettext(
        "Sessions starting within %(days)s day with empty seats while training requests for "
        "the course wait",
        "Sessions starting within %(days)s days with empty seats while training requests for "
        "the course wait",
        selectors.EMPTY_SEATS_WITHIN_DAYS,
    ) % {"days": selectors.EMPTY_SEATS_WITHIN_DAYS}, str)(),
    selectors.sessions_with_empty_seats, "training:session-list")

SESSION_RULES = (EMPTY_SEATS,)
