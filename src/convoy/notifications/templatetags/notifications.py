"""The bell in every page's header: the signed-in user's unread notices."""

from typing import Any

from django import template

from convoy.notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/bell.html")
def notice_bell(user: Any) -> dict[str, Any]:
    return {"unread": unread_count(user) if getattr(user, "is_authenticated", False) else 0}
