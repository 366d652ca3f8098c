"""Template helpers: who is signed in, links to records, form fields with their errors."""

from __future__ import annotations

from typing import Any

from django import template
from django.apps import apps
from django.utils import formats
from django.utils.html import conditional_escape, format_html

from convoy.core.permissions import grants, memberships
from convoy.web.links import openable
from convoy.web.tables import as_text

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


@register.simple_tag(takes_context=True)
def record_link(context: Any, record: Any, text: Any = None) -> str:
    """A link to `record`'s page when the reader may open it (the permission rule, asked once
    per page for what the view primed), else the text alone: no page links to a record its
    reader cannot open."""
    request = context.get("request")
    label = record if text is None else text
    url = openable(request).url(record) if request is not None else None
    return format_html('<a href="{}">{}</a>', url, label) if url else conditional_escape(label)


@register.inclusion_tag("web/field.html")
def field(bound_field: Any) -> dict[str, Any]:
    """A labelled field whose help text and errors are announced with it (aria-describedby)."""
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    attrs: dict[str, str] = {}
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return {"field": bound_field, "widget": bound_field.as_widget(attrs=attrs)}


@register.simple_tag
def may_view(user: Any, label: str) -> bool:
    """Whether any record of the model `app.Model` is visible to the user (to hide empty menus)."""
    return grants(user, apps.get_model(label), "view") != []


@register.simple_tag
def may_add(user: Any, label: str) -> bool:
    """Whether the user may add records of the model `app.Model` (to offer its pages)."""
    return grants(user, apps.get_model(label), "add") != []


@register.simple_tag
def page_languages() -> list[tuple[str, str]]:
    """The languages of the switcher, each named in itself ("English", "Українська") whatever
    the page's language (Django's own tag would translate the names)."""
    from django.conf import settings

    return list(settings.LANGUAGES)


@register.filter
def audit_summary(record: Any) -> str:
    """An audit record's summary in the page's language. The trail keeps what was written
    ("planned → onward: reason"); a known phrase is translated, and a step's two status codes
    are shown as the labels of the record's status (the reason stays as the person wrote it)."""
    import re

    from django.contrib.contenttypes.models import ContentType
    from django.core.exceptions import FieldDoesNotExist
    from django.utils.translation import gettext

    text = record.summary
    if gettext(text) != text:
        return gettext(text)
    step = re.match(r"^(\w+) → (\w+)(?: on (\d{4}-\d{2}-\d{2}))?(.*)$", text, re.S)
    # get_for_id is cached: no query per history line.
    model = ContentType.objects.get_for_id(record.content_type_id).model_class() if step else None
    if model is None:
        return text
    try:
        labels = dict(model._meta.get_field("status").flatchoices)
    except FieldDoesNotExist:
        return text
    before, after, day, rest = step.groups()
    shown = f"{labels.get(before, before)} → {labels.get(after, after)}"
    if day:
        shown += " " + gettext("on %(day)s") % {"day": day}
    return shown + rest


@register.filter
def number(value: Any) -> str:
    """A number as every page shows it: thousands separated (87,712), decimals only where
    there are any; a year is printed by `year`, without a separator."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        return formats.number_format(value, 0 if value.is_integer() else 1, force_grouping=True)
    return as_text(value)


@register.filter
def year(value: Any) -> str:
    """A year as a year: 2025, never "2,025"."""
    return "" if value is None else str(value)
