"""The user guide under /help/: one page per Markdown file in `convoy/docs/`.

The guide ships inside the package (package data), so an installed Convoy serves the same
pages as a checkout, found through importlib.resources. Links between the files are written as
`other-page.md`, which reads well on a code host too, and become /help/other-page/ here. The
files are the project's own, but raw HTML in them is still escaped (markdown-it's `html` off),
so a page can never carry a script past the Content-Security-Policy.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View
from markdown_it import MarkdownIt

from convoy.core.permissions import memberships

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DOC_LINK = re.compile(r"^(?P<slug>[a-z0-9-]+)\.md(?P<anchor>#[\w-]*)?$")

#: The guide page that explains the part of Convoy a URL belongs to: "namespace:first word of
#: the URL name", else the namespace.
CONTEXT_PAGES = {
    "donations:requirement": "recipient-planner",
    "donations:pledge": "donor-liaison",
    "donations:allocation": "coordinator",
    "logistics:shipment": "node-operator",
    "logistics:node": "node-operator",
    "logistics:lane": "reference-data",
    "repairs:order": "facility-operator",
    "repairs:facility": "reference-data",
    "training:session": "facility-operator",
    "training:calendar": "facility-operator",
    "training:enrolment": "facility-operator",
    "training:request": "recipient-planner",
    "training:course": "reference-data",
    "training:facility": "reference-data",
    "funding": "donor-liaison",
    "manning": "coordinator",
    "planning": "planning",
    "core": "reference-data",
    "catalog": "reference-data",
    "development": "reference-data",
    "notifications": "notifications",
    ":report": "reports",
    ":coalition": "reports",
    ":briefing": "reports",
    "intake_review:report": "intake-reports",
    "intake_review": "intake-trackers",
    "spreadsheets": "intake",
}
#: On the start page, the guide to the signed-in user's own role.
ROLE_PAGES = {
    "coordinator": "coordinator",
    "donor_liaison": "donor-liaison",
    "recipient_planner": "recipient-planner",
    "node_operator": "node-operator",
    "facility_operator": "facility-operator",
    "viewer": "viewer",
}


def docs_folder() -> Any:
    return resources.files("convoy") / "docs"


def doc_slugs() -> list[str]:
    return sorted(p.name.removesuffix(".md") for p in docs_folder().iterdir()
                  if p.name.endswith(".md"))


def page_url(slug: str) -> str:
    return reverse("help") if slug == "index" else reverse("help-page", kwargs={"slug": slug})


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


@lru_cache(maxsize=64)
def render_doc(slug: str) -> tuple[str, str] | None:
    """(title, HTML) of the guide page `slug`, or None if there is no such page."""
    if not SLUG.match(slug):
        return None
    source = docs_folder() / f"{slug}.md"
    if not source.is_file():
        return None
    md = _markdown()
    tokens = md.parse(source.read_text(encoding="utf-8"))
    title = slug.replace("-", " ").capitalize()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            text = tokens[index + 1].content
            token.attrSet("id", slugify(text))
            if token.tag == "h1" and title == slug.replace("-", " ").capitalize():
                title = text
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("href", _href(str(child.attrGet("href") or "")))
    return title, md.renderer.render(tokens, md.options, {})


def _href(href: str) -> str:
    """A link to another guide page (`planning.md#approval`) as its /help/ address."""
    found = DOC_LINK.match(href)
    if not found:
        return href
    return page_url(found["slug"]) + (found["anchor"] or "")


def context_page(request: HttpRequest) -> str:
    """The guide page for the page being shown."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "index"
    if match.url_name == "home":
        for membership in memberships(request.user):
            return ROLE_PAGES.get(membership.role, "index")
        return "index"
    if match.url_name in ("help", "help-page"):
        return "index"
    first = (match.url_name or "").split("-")[0]
    return CONTEXT_PAGES.get(f"{match.namespace}:{first}",
                             CONTEXT_PAGES.get(match.namespace, "index"))


class HelpPageView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, slug: str = "index") -> HttpResponse:
        found = render_doc(slug)
        if found is None:
            raise Http404(_("No page of the guide has this name."))
        title, body = found
        return render(request, "web/help.html", {
            "title": title, "body": body, "slug": slug, "index_url": reverse("help"),
        })
