"""What needs attention in the command's posts (badges, list filters, start-page panels)."""

from django.utils.translation import gettext_lazy as _

from convoy.manning import selectors
from convoy.web.attention import Rule

PAST_END = Rule(
    "past-end", _("Tour ended"), _("Posts shown filled although the tour has ended"),
    selectors.posts_past_end, "manning:post-list")

POST_RULES = (PAST_END,)
