import datetime

import pytest

from core import months


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        ((2007, 1), -1, (2006, 12)),
        ((2007, 12), 1, (2008, 1)),
        ((2007, 9), -9, (2006, 12)),
        ((2007, 3), 24, (2009, 3)),
    ],
)
def test_add_months_crosses_years(start, count, expected):
    assert months.add_months(*start, count) == expected


def test_month_end_knows_leap_years():
    assert months.month_end(2008, 2) == datetime.date(2008, 2, 29)
    assert months.month_end(2007, 2) == datetime.date(2007, 2, 28)


def test_default_deadline_is_the_tenth_of_the_next_month():
    assert months.default_deadline(2007, 9) == datetime.date(2007, 10, 10)
    assert months.default_deadline(2007, 12) == datetime.date(2008, 1, 10)


def test_period_labels():
    assert months.period_label(1) == "1月"
    assert months.period_label(2) == "1–2月"


@pytest.mark.parametrize("text", ["2007-13", "2007-00", "07-01", "2007/01", "", "2007-1a", "２００７-01"])
def test_parse_year_month_refuses_bad_input(text):
    with pytest.raises(ValueError):
        months.parse_year_month(text)


def test_parse_year_month():
    assert months.parse_year_month("2007-09") == (2007, 9)


def test_january_is_due_with_february():
    # No deadline of its own: 1–2月 is reported together, by the 10th of March.
    assert months.reporting_month(1) == 2
    assert [months.reporting_month(m) for m in range(2, 13)] == list(range(2, 13))
    assert months.default_deadline(2007, 1) == months.default_deadline(2007, 2) == datetime.date(2007, 3, 10)
    assert months.default_deadline(2007, 12) == datetime.date(2008, 1, 10)
