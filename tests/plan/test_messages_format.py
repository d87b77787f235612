"""Numbers and dates in messages as on screen: thousands separators and two decimals in every message that
prints an amount (降至 9,000.00); a date in a sentence as 2007年10月20日 (tables keep 2007-10-20)."""

import datetime
from decimal import Decimal

from django.utils.translation import override

from plan.figures.checks import check_month
from plan.formatting import date_text
from trade.checks import cross_check


def test_a_falling_cumulative_is_written_with_separators(db):
    with override("zh-hans"):
        _errors, warnings = check_month(
            department="markets",
            month=9,
            values={"retail_sales": Decimal("9000")},
            stored={"retail_sales": {8: Decimal("12345.6"), 10: Decimal("8000")}},
        )
    text = " ".join(warnings["retail_sales"])
    assert "12,345.60" in text and "降至 9,000.00" in text and "8,000.00" in text
    assert "9000" not in text and "12345" not in text


def test_an_outlier_is_written_with_separators(db):
    stored = {"retail_sales": {2: Decimal("20000"), 3: Decimal("30000"), 4: Decimal("40000")}}
    with override("zh-hans"):
        _errors, warnings = check_month(
            department="markets", month=5, values={"retail_sales": Decimal("100000")}, stored=stored
        )
    assert "60,000.00" in warnings["retail_sales"][0] and "10,000.00" in warnings["retail_sales"][0]


def test_the_trade_cross_checks_are_written_with_separators():
    errors = cross_check(
        {
            "export": Decimal("10000"),
            "export_mech_elec": Decimal("4000"),
            "export_hitech": Decimal("3500.5"),
            "export_hitech_mech_union": Decimal("12000"),
        }
    )
    text = " ".join(errors["export_hitech_mech_union"])
    assert "12,000.00" in text and "7,500.50" in text and "10,000.00" in text


def test_a_date_in_a_sentence():
    with override("zh-hans"):
        assert date_text(datetime.date(2007, 10, 20)) == "2007年10月20日"
    with override("en"):
        assert date_text(datetime.date(2007, 10, 20)) == "10/20/2007"
