"""Template helpers: who is signed in, links to records, form fields with their errors."""

from __future__ import annotations

from typing import Any

from django import template
from django.apps import apps

from convoy.core.permissions import grants, memberships
from convoy.web.links import record_url

register = template.Library()


@register.simple_tag
def identity(user: Any) -> list[dict[str, str]]:
    """The user's organisations and roles (memberships are cached on the user per request)."""
    return [
        {
            "role": m.get_role_display(),
            "organisation": str(m.organisation),
        }
        for m in memberships(user)
    ]


@register.filter
def url_of(obj: Any) -> str | None:
    return record_url(obj)


@register.inclusion_tag("web/field.html")
def field(bound_field: Any) -> dict[str, Any]:
    return {"field": bound_field}


@register.simple_tag
def may_view(user: Any, label: str) -> bool:
    """Whether any record of the model `app.Model` is visible to the user (to hide empty menus)."""
    return grants(user, apps.get_model(label), "view") != []
