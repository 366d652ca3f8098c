"""What needs attention in course sessions (badges, list filters, start-page panels)."""

from convoy.training import selectors
from convoy.web.attention import Rule

EMPTY_SEATS = Rule(
    "empty-seats", "Seats to fill",
    f"Sessions starting within {selectors.EMPTY_SEATS_WITHIN_DAYS} days with empty seats "
    "while training requests for the course wait",
    selectors.sessions_with_empty_seats, "training:session-list")

SESSION_RULES = (EMPTY_SEATS,)
