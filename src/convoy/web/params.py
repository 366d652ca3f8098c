"""Query parameters, parsed in one place: each has bounds and a fallback, and what was not
understood is said in words (a message on the page), never a server error.

    params = QueryParams(request)
    start = params.month("from", default=today)
    params.tell(request)   # "The “from” date 9999-12-31 is outside ...; showing ... instead."
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from convoy.core.dates import first_of_month, monday_of
from convoy.core.validators import FIRST_DAY, LAST_DAY

#: More pages than any list has; a larger number is read as "the last page".
MAX_PAGE = 1_000_000
#: Longest free text a search or filter box takes.
MAX_TEXT = 100
_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})(?:-?([1-7]))?$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class QueryParams:
    """The request's query parameters, read with bounds and fallbacks."""

    def __init__(self, request: HttpRequest) -> None:
        self.query = request.GET
        self.problems: list[str] = []

    def raw(self, name: str) -> str:
        return self.query.get(name, "").replace("\x00", "").strip()

    def text(self, name: str, max_length: int = MAX_TEXT) -> str:
        return self.raw(name)[:max_length]

    def date(self, name: str, default: date | None = None, *, first: date = FIRST_DAY,
             last: date = LAST_DAY) -> date | None:
        """An ISO date (2026-05-04) from `first` to `last`; else `default`, with a message."""
        text = self.raw(name)
        if not text:
            return default
        day = parse_date(text)
        if day is None:
            return self._refuse(name, text, default, _("is not a date like 2026-05-04"))
        if not first <= day <= last:
            return self._refuse(name, text, default, _("is outside %(first)s to %(last)s") % {
                "first": first.isoformat(), "last": last.isoformat()})
        return day

    def week(self, name: str, default: date, *, first: date = FIRST_DAY,
             last: date = LAST_DAY) -> date:
        """The Monday of a week given as a date or an ISO week (2026-W19)."""
        day = self.date(name, default, first=first, last=last)
        return monday_of(day or default)

    def month(self, name: str, default: date, *, first: date = FIRST_DAY,
              last: date = LAST_DAY) -> date:
        """The first of a month given as a date or as 2026-05."""
        day = self.date(name, default, first=first, last=last)
        return first_of_month(day or default)

    def integer(self, name: str, default: int | None, *, low: int, high: int) -> int | None:
        """A whole number from `low` to `high`; else `default`, with a message."""
        text = self.raw(name)
        if not text:
            return default
        try:
            number = int(text)
        except ValueError:
            return self._refuse(name, text, default, _("is not a whole number"))
        if not low <= number <= high:
            return self._refuse(name, text, default, _("is outside %(low)s to %(high)s") % {
                "low": f"{low:,}", "high": f"{high:,}"})
        return number

    def page(self, name: str = "page") -> int:
        """A page number: junk or below 1 is the first page, beyond MAX_PAGE the last one
        (a paginator then shows the last page there is)."""
        text = self.raw(name)
        try:
            number = int(text)
        except ValueError:
            return 1
        return min(max(number, 1), MAX_PAGE)

    def choice(self, name: str, choices: Any, default: str = "") -> str:
        """One of `choices` (an iterable of allowed values); anything else is `default`."""
        text = self.raw(name)
        return text if text in set(choices) else default

    def primary_key(self, name: str) -> int | None:
        """A record's key as a positive number that fits the database, or None."""
        return self.integer(name, None, low=1, high=2**31 - 1) if self.raw(name) else None

    def tell(self, request: HttpRequest) -> None:
        """Show what was not understood as messages on the page."""
        for problem in self.problems:
            messages.warning(request, problem)

    def _refuse(self, name: str, text: str, default: Any, why: str) -> Any:
        shown = text[:40]
        if default is None:
            self.problems.append(_("“%(name)s” = “%(text)s” %(why)s; it is ignored.") % {
                "name": name, "text": shown, "why": why})
        else:
            self.problems.append(
                _("“%(name)s” = “%(text)s” %(why)s; showing %(default)s instead.") % {
                    "name": name, "text": shown, "why": why, "default": _shown(default)})
        return default


def _shown(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def parse_date(text: str) -> date | None:
    """A date from 2026-05-04, 2026-05 (its first day) or an ISO week 2026-W19 (its Monday)."""
    week = _ISO_WEEK.match(text)
    if week:
        try:
            return date.fromisocalendar(int(week[1]), int(week[2]), int(week[3] or 1))
        except ValueError:
            return None
    month = _MONTH.match(text)
    if month:
        try:
            return date(int(month[1]), int(month[2]), 1)
        except ValueError:
            return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
