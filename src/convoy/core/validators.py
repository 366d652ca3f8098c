"""Ranges every domain model shares: values nobody means (year 27, the date 9999-12-31, 2^31
seats) are refused at the field, so pages, the API, the command line and imports agree."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats, translation
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 2000, 2100
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
#: More units than any single pledge, requirement or shipment of equipment or ammunition.
MAX_UNITS = 10_000_000


def within(low: int, high: int, what: str | None = None) -> list:
    """Validators for `low <= value <= high`, with one message for both ends (translated when
    shown, not when the model is defined)."""
    message = format_lazy(
        _("Enter {what} from {low} to {high}."),
        what=what or _("a whole number"), low=_number(low), high=_number(high),
    )
    return [MinValueValidator(low, message), MaxValueValidator(high, message)]


def _number(value: int) -> str:
    """The bound as the page's language writes it (10,000,000 or 10 000 000), when shown."""
    if abs(value) < 10_000:
        return str(value)
    return lazy(_grouped, str)(value)


def _grouped(value: int) -> str:
    if translation.get_language() is None:  # no page language (e.g. makemigrations)
        return f"{value:,}"
    return formats.number_format(value, force_grouping=True)


def year_range(first: int = FIRST_YEAR) -> list:
    return within(first, LAST_YEAR, _("a year"))


def units() -> list:
    """A count of units: at least one, at most MAX_UNITS."""
    return within(1, MAX_UNITS)


@deconstructible
class DateWindow:
    """A date (or the date of a time stamp) between 2000-01-01 and 2100-12-31."""

    message = format_lazy(
        _("Enter a date from {first} to {last}."),
        first=f"{FIRST_DAY:%Y-%m-%d}", last=f"{LAST_DAY:%Y-%m-%d}",
    )

    def __call__(self, value: date | datetime | None) -> None:
        if value is None:
            return
        day = value.date() if isinstance(value, datetime) else value
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationError(self.message, code="date_window")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateWindow)

    def __hash__(self) -> int:
        return hash(type(self))


date_window = DateWindow()
