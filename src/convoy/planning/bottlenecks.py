"""The planner's bottlenecks (convoy.planner.bottlenecks) as sentences for the run page: the
records they name by their names, each linked to its page where the reader may open it."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from convoy.planner.bottlenecks import about
from convoy.web.links import record_url


def sentences(user: Any, bottlenecks: list[dict[str, Any]], week_date: Any,
              week_span: Any) -> list[dict[str, SafeString]]:
    """The bottlenecks as sentences, most valuable first, each with what uses it most."""
    named = _Records(user, bottlenecks)
    rows = []
    for b in bottlenecks:
        figures: dict[str, Any] = {"adds": points(b["value"]), "step": _number(b["step"])}
        count = int(b["step"])
        if b["kind"] == "capacity":
            figures["name"] = named.node(b["where"], b["name"])
            figures["weeks"] = week_span(week_date, b["first_week"], b["last_week"])
            one = b["first_week"] == b["last_week"]
            if b.get("closed"):
                figures["when"] = (gettext("closed in the week of %(weeks)s") if one else
                                   gettext("closed in the weeks of %(weeks)s")) % figures
                text = ngettext(
                    "%(name)s, %(when)s: reopening with %(step)s tonne a week would add %(adds)s.",
                    "%(name)s, %(when)s: reopening with %(step)s tonnes a week would add "
                    "%(adds)s.", count)
            else:
                figures["when"] = (gettext("in the week of %(weeks)s") if one else
                                   gettext("in the weeks of %(weeks)s")) % figures
                text = ngettext(
                    "%(name)s, %(when)s: %(step)s more tonne a week would add %(adds)s.",
                    "%(name)s, %(when)s: %(step)s more tonnes a week would add %(adds)s.", count)
        elif b["kind"] == "seats":
            figures["session"], figures["course"] = named.session(b["where"], b["name"])
            figures["end"] = week_date(b["first_week"])
            text = ngettext("Session %(session)s (%(course)s, ends in the week of %(end)s): "
                            "%(step)s more seat would add %(adds)s.",
                            "Session %(session)s (%(course)s, ends in the week of %(end)s): "
                            "%(step)s more seats would add %(adds)s.", count)
        else:
            figures["group"] = named.group(b["where"])
            figures["pledge"] = named.pledge(b["pledge"])
            text = ngettext("%(group)s: %(step)s more unit like pledge %(pledge)s would add "
                            "%(adds)s.",
                            "%(group)s: %(step)s more units like pledge %(pledge)s would add "
                            "%(adds)s.", count)
        used = ""
        if b["priority"] is not None:
            share = {"priority": b["priority"], "group": named.group(b["group"]),
                     "share": f"{_number(100 * b['share'])} %"}
            # More units of a group go to that group's requirements: not named twice.
            used = _fill(gettext("Used mostly for priority %(priority)s (%(share)s of it).")
                         if b["kind"] == "supply" and b["group"] == b["where"] else
                         gettext("Used mostly for priority %(priority)s, %(group)s (%(share)s of "
                                 "it)."), share)
        rows.append({"text": _fill(text, figures), "used": used})
    return rows


def points(value: float) -> str:
    """"about 12 points" in the page's language. A fraction of points takes its own form in
    Ukrainian (0,9 бала), which no plural form of a whole number gives."""
    rounded = about(value).replace(",", "")
    number = float(rounded)
    shown = _number(number, len(rounded.partition(".")[2]))
    if not number.is_integer():
        return pgettext("a fraction of points", "about %(value)s points") % {"value": shown}
    return ngettext("about %(value)s point", "about %(value)s points",
                    int(number)) % {"value": shown}


def _number(value: float, decimals: int = 0) -> str:
    """As the page's language writes numbers (2,000.5 or 2 000,5)."""
    return formats.number_format(value, decimals, force_grouping=True)


def _fill(text: str, figures: dict[str, Any]) -> SafeString:
    """The sentence with its figures, escaped, and the links among them kept."""
    safe = {k: conditional_escape(v) for k, v in figures.items()}
    return mark_safe(conditional_escape(text) % safe)  # every part is escaped


class _Records:
    """The records the bottlenecks name, looked up once for the page through the permission
    rule: one the reader may not open (or that is gone) is named by its code, unlinked.

    (A page-wide "link only if the reader may open it" helper is on its way to convoy.web.links;
    this lookup follows the page's link_codes until then.)"""

    def __init__(self, user: Any, bottlenecks: list[dict[str, Any]]) -> None:
        from convoy.catalog.models import ItemGroup
        from convoy.donations.models import Pledge
        from convoy.logistics.models import Node
        from convoy.repairs.models import RepairOrder
        from convoy.training.models import CourseSession

        def codes(*kinds: str, key: str = "where") -> set[str]:
            return {b[key] for b in bottlenecks if b["kind"] in kinds and b.get(key)}

        def visible(model: type[models.Model], wanted: set[str], *related: str
                    ) -> dict[str, Any]:
            if not wanted:
                return {}
            found = model._default_manager.restrict(user, "view").filter(  # type: ignore[attr-defined]
                code__in=wanted).select_related(*related)
            return {obj.code: obj for obj in found}

        groups = codes("supply") | {b["group"] for b in bottlenecks if b.get("group")}
        self.nodes = visible(Node, codes("capacity"), "nation")
        self.sessions = visible(CourseSession, codes("seats"), "course")
        self.groups = visible(ItemGroup, groups)
        pledges = codes("supply", key="pledge")
        self.pledges = {**visible(RepairOrder, pledges), **visible(Pledge, pledges)}

    def node(self, code: str, name: str) -> Any:
        node = self.nodes.get(code)
        if node is None:
            return name
        return _link(node, f"{node} ({node.nation.local_name})")

    def session(self, code: str, course: str) -> tuple[Any, Any]:
        session = self.sessions.get(code)
        if session is None:
            return code, course
        return _link(session, code), str(session.course)

    def group(self, code: str) -> Any:
        group = self.groups.get(code)
        return code if group is None else _link(group, str(group))

    def pledge(self, code: str) -> Any:
        pledge = self.pledges.get(code)
        return code if pledge is None else _link(pledge, code)


def _link(record: models.Model, text: str) -> Any:
    url = record_url(record)
    return format_html('<a href="{}">{}</a>', url, text) if url else text
