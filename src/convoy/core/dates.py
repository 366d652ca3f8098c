"""Date arithmetic that cannot overflow.

A date near the ends of the calendar (a far-future date stored before ranges were checked, a
query parameter, a plan's week 2^40) plus some weeks would raise OverflowError, a server error.
Pages shift dates with `add_days`/`add_weeks`, which stop at the calendar's ends; a write that
needs a real date checks the result with `in_window`, which refuses it at its field.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from convoy.core.validators import FIRST_DAY, LAST_DAY


def add_days(day: date, days: int) -> date:
    """`day` plus `days` (negative goes back), stopping at date.min and date.max."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def add_weeks(day: date, weeks: int) -> date:
    """`day` plus `weeks` weeks, stopping at date.min and date.max."""
    try:
        return add_days(day, 7 * int(weeks))
    except OverflowError:  # more weeks than timedelta holds
        return date.max if weeks > 0 else date.min


def monday_of(day: date) -> date:
    return add_days(day, -day.weekday())


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    """The first of the month after `day`'s (December 9999 stays where it is)."""
    if day.year == date.max.year and day.month == 12:
        return first_of_month(day)
    return add_days(first_of_month(day), 32).replace(day=1)


def previous_month(day: date) -> date:
    return first_of_month(add_days(first_of_month(day), -1))


def in_window(day: date, *, field: str, record: str = "") -> date:
    """`day` if it lies within the dates Convoy accepts; else a refusal at `field`."""
    if FIRST_DAY <= day <= LAST_DAY:
        return day
    where = f"{record}: " if record else ""
    raise ValidationError({field: _("%(where)s%(day)s is outside %(first)s to %(last)s.") % {
        "where": where, "day": day.isoformat(), "first": FIRST_DAY.isoformat(),
        "last": LAST_DAY.isoformat()}})
