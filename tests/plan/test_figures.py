"""Reading typed figures, deriving 当月 and 同比, and the checks (plan/figures/checks.py, plan/cumulative.py,
trade/checks.py)."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from plan import cumulative, registry
from plan.figures import checks


@pytest.fixture(autouse=True)
def chinese():
    # The messages are read by the bureau's staff, in Chinese.
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(
    ("typed", "factor", "expected"),
    [
        ("12345.6", 1, D("12345.60")),
        ("12,345.67", 1, D("12345.67")),
        ("１２，３４５．６７", 1, D("12345.67")),  # full-width digits and comma
        (" 12 345 ", 1, D("12345.00")),
        ("8.7", 10000, D("87000.00")),  # 亿 typed, 万 stored
        ("0", 1, D("0.00")),
        ("", 1, None),
        ("   ", 1, None),
    ],
)
def test_typed_amounts_are_read_as_the_bureau_writes_them(typed, factor, expected):
    assert checks.parse_amount(typed, factor=factor) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,3a", "不是数字"),
        ("abc", "不是数字"),
        ("NaN", "不是数字"),
        ("Infinity", "不是数字"),
        ("1e5", "不是数字"),
        ("-5", "负数"),
        ("－５", "负数"),
        ("99999999999999", "过大"),
    ],
)
def test_bad_amounts_are_refused_with_the_typed_value(typed, message):
    with pytest.raises(ValueError) as error:
        checks.parse_amount(typed)
    assert message in str(error.value)
    assert typed in str(error.value)


def test_month_alone_is_the_difference_of_cumulatives():
    cums = {1: D(100), 2: D(190), 3: D(300)}
    assert cumulative.month_alone(cums, 1) == D(100)
    assert cumulative.month_alone(cums, 2) == D(90)
    assert cumulative.month_alone(cums, 3) == D(110)


def test_a_combined_january_february_release_is_the_first_period():
    # No January: 1–2月 is released together, and its 当月 covers both months.
    cums = {2: D(190), 3: D(300)}
    assert cumulative.month_alone(cums, 2) == D(190)
    assert cumulative.months_covered(cums, 2) == 2
    assert cumulative.month_alone(cums, 3) == D(110)


def test_a_gap_leaves_the_month_unknown():
    assert cumulative.month_alone({3: D(300), 5: D(520)}, 5) is None
    assert cumulative.month_alone({3: D(300)}, 4) is None


def test_a_revision_changes_this_month_and_the_next():
    cums = {7: D(700), 8: D(800), 9: D(905)}
    assert (cumulative.month_alone(cums, 8), cumulative.month_alone(cums, 9)) == (D(100), D(105))
    cums[8] = D(810)  # the 正式 figure replaces the 快报
    assert (cumulative.month_alone(cums, 8), cumulative.month_alone(cums, 9)) == (D(110), D(95))


def test_growth_is_against_the_same_period_last_year():
    assert cumulative.yoy_pct(D(8700), D(7500)) == D(16)
    assert cumulative.yoy_pct(D(90), D(100)) == D(-10)
    assert cumulative.yoy_pct(D(90), None) is None
    assert cumulative.yoy_pct(D(90), D(0)) is None


def _check(month, values, stored=None, department="trade"):
    return checks.check_month(department=department, month=month, values=values, stored=stored or {})


def test_union_between_the_larger_part_and_the_sum(db):
    base = {"export": D(1000), "export_mech_elec": D(200), "export_hitech": D(90)}
    ok, _warnings = _check(9, {**base, "export_hitech_mech_union": D(250)})
    assert ok == {}
    below, _ = _check(9, {**base, "export_hitech_mech_union": D(150)})
    assert "低于" in below["export_hitech_mech_union"][0] and "200" in below["export_hitech_mech_union"][0]
    above, _ = _check(9, {**base, "export_hitech_mech_union": D(300)})
    assert "290" in above["export_hitech_mech_union"][0]


def test_union_not_above_exports(db):
    errors, _ = _check(
        9,
        {
            "export": D(200),
            "export_mech_elec": D(250),
            "export_hitech": D(10),
            "export_hitech_mech_union": D(255),
        },
    )
    assert any("出口" in m and "200" in m for m in errors["export_hitech_mech_union"])


def test_a_falling_cumulative_is_a_warning_not_an_error(db):
    errors, warnings = _check(9, {"export": D(7900)}, stored={"export": {7: D(7000), 8: D(8000)}})
    assert errors == {}
    assert "8,000.00" in warnings["export"][0]


def test_a_cumulative_above_the_next_month_is_a_warning(db):
    _errors, warnings = _check(8, {"export": D(9500)}, stored={"export": {7: D(7000), 9: D(9000)}})
    assert "9,000.00" in warnings["export"][0]


def test_an_outlier_against_earlier_months_is_a_warning(db):
    # 1–2月 combined 200 (100 a month), March 100, April 110: a typical month is about 100.
    stored = {"retail_sales": {2: D(200), 3: D(300), 4: D(410)}}
    _e, steady = _check(5, {"retail_sales": D(520)}, stored=stored, department="markets")
    assert steady == {}
    # May alone 400: four times the typical month.
    _e, outlier = _check(5, {"retail_sales": D(810)}, stored=stored, department="markets")
    assert "400" in outlier["retail_sales"][0]
    # May alone 20: a fifth of it.
    _e, low = _check(5, {"retail_sales": D(430)}, stored=stored, department="markets")
    assert "20" in low["retail_sales"][0]


def test_indicators_are_registered_by_their_apps():
    assert [i.code for i in registry.department_indicators("trade")] == [
        "export",
        "import",
        "export_mech_elec",
        "export_hitech",
        "export_hitech_mech_union",
    ]
    assert [i.code for i in registry.department_indicators("markets")] == ["retail_sales"]
    assert registry.department_indicators("office") == []
