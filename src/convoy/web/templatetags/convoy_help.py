"""The header's Help link: the guide page for the part of Convoy being shown."""

from typing import Any

from django import template

from convoy.web.guide import context_page, page_url

register = template.Library()


@register.simple_tag
def help_url(request: Any) -> str:
    return page_url(context_page(request)) if request is not None else page_url("index")
