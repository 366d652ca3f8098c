"""Query parameters are read with bounds and fallbacks, and what is refused is said."""

from datetime import date

import pytest
from django.test import RequestFactory

from convoy.core import dates
from convoy.web.params import MAX_PAGE, QueryParams, parse_date

TODAY = date(2026, 5, 6)


def params(**query) -> QueryParams:
    return QueryParams(RequestFactory().get("/", query))


def test_a_date_within_the_window_is_taken():
    assert params(start="2026-05-04").date("start", TODAY) == date(2026, 5, 4)


@pytest.mark.parametrize("text", ["9999-12-31", "0001-01-01", "junk", "2026-13-01", "-1"])
def test_a_date_outside_the_window_or_junk_falls_back_with_a_message(text):
    p = params(start=text)
    assert p.date("start", TODAY) == TODAY
    assert len(p.problems) == 1 and "start" in p.problems[0] and "2026-05-06" in p.problems[0]


def test_an_absent_parameter_is_the_default_without_a_message():
    p = params()
    assert p.date("start", TODAY) == TODAY and p.integer("n", 3, low=1, high=9) == 3
    assert p.problems == []


def test_a_week_is_its_monday_and_may_be_an_iso_week():
    assert params(week="2026-05-07").week("week", TODAY) == date(2026, 5, 4)
    assert params(week="2026-W19").week("week", TODAY) == date(2026, 5, 4)
    assert params(week="2026-W60").week("week", TODAY) == date(2026, 5, 4)  # junk: this week


def test_a_month_is_its_first_day():
    assert params(**{"from": "2026-07"}).month("from", TODAY) == date(2026, 7, 1)
    assert params(**{"from": "2026-07-19"}).month("from", TODAY) == date(2026, 7, 1)


@pytest.mark.parametrize(("text", "page"), [("3", 3), ("0", 1), ("-5", 1), ("x", 1),
                                            (str(2**63), MAX_PAGE), ("", 1)])
def test_page_numbers_are_clamped(text, page):
    assert params(page=text).page() == page


def test_a_whole_number_outside_its_bounds_is_refused_in_words():
    p = params(n=str(2**31))
    assert p.integer("n", 26, low=1, high=520) == 26
    assert "1 to 520" in p.problems[0]
    assert params(n="7").integer("n", 26, low=1, high=520) == 7


def test_text_loses_nul_characters_and_is_cut():
    assert params(q="ab\x00c" + "x" * 200).text("q") == "abc" + "x" * 97


def test_a_primary_key_must_fit_the_database():
    assert params(user="12").primary_key("user") == 12
    assert params(user=str(2**40)).primary_key("user") is None
    assert params(user="-3").primary_key("user") is None


def test_parse_date_reads_iso_dates_months_and_weeks():
    assert parse_date("2026-W01") == date(2025, 12, 29)
    assert parse_date("2026-02") == date(2026, 2, 1)
    assert parse_date("2026-02-30") is None


def test_date_shifts_stop_at_the_ends_of_the_calendar():
    assert dates.add_weeks(date(9999, 12, 1), 10) == date.max
    assert dates.add_days(date(1, 1, 2), -10) == date.min
    assert dates.add_weeks(TODAY, 2**40) == date.max
    assert dates.add_weeks(TODAY, 2) == date(2026, 5, 20)
    assert dates.next_month(date(9999, 12, 5)) == date(9999, 12, 1)
    assert dates.next_month(date(2026, 12, 31)) == date(2027, 1, 1)
    assert dates.previous_month(date(2026, 1, 15)) == date(2025, 12, 1)


def test_a_date_outside_the_window_is_refused_at_its_field():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        dates.in_window(date.max, field="planned_departure", record="Shipment 4")
    assert "Shipment 4" in refused.value.message_dict["planned_departure"][0]
    assert dates.in_window(TODAY, field="x") == TODAY
