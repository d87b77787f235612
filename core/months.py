"""Month arithmetic, in one place: the plan speaks in (year, month) pairs and 1–N月 periods."""

import calendar
import datetime


def add_months(year: int, month: int, count: int) -> tuple[int, int]:
    """The (year, month) `count` months after (year, month); `count` may be negative."""
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def previous_month(year: int, month: int) -> tuple[int, int]:
    return add_months(year, month, -1)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def reporting_month(month: int) -> int:
    """The month whose report carries month N's figures: January has no deadline of its own, it is due with
    February as 1–2月 (docs/rules.md, "Settled questions"); every other month is its own."""
    return 2 if month == 1 else month


def default_deadline(year: int, month: int) -> datetime.date:
    """Figures for month N are due on the 10th of the following month; January's with February's."""
    next_year, next_month = add_months(year, reporting_month(month), 1)
    return datetime.date(next_year, next_month, 10)


def period_label(month: int) -> str:
    """The 1–N月 label of a cumulative period: 1月, 1–2月, …, 1–12月."""
    return "1月" if month == 1 else f"1–{month}月"


def period_text(year: int, month: int) -> str:
    """A year's 1–N月 period as a sentence or a notice names it: 2007年1–10月 (never 2007-10)."""
    return f"{year}年{period_label(month)}"


def parse_year_month(value: str) -> tuple[int, int]:
    """Parse "YYYY-MM" strictly; raises ValueError on anything else."""
    year_text, sep, month_text = (value or "").partition("-")
    digits = year_text + month_text
    if not sep or len(year_text) != 4 or not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"not a YYYY-MM month: {value!r}")
    year, month = int(year_text), int(month_text)
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {value!r}")
    return year, month
