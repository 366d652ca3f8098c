"""What needs attention in the command's posts (badges, list filters, start-page panels)."""

from convoy.manning import selectors
from convoy.web.attention import Rule

PAST_END = Rule(
    "past-end", "Tour ended", "Posts shown filled although the tour has ended",
    selectors.posts_past_end, "manning:post-list")

POST_RULES = (PAST_END,)
