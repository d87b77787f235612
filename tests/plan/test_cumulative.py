"""当月 and its 同比 never mix periods (docs/rules.md, "Settled questions"): one rule, plan.cumulative.month_comparison,
and every screen that shows 当月 agrees with it."""

from decimal import Decimal as D

from plan.cumulative import month_comparison


def test_a_normal_month_is_this_month_against_the_same_month_last_year():
    this = {7: D(700), 8: D(820)}
    last = {7: D(600), 8: D(700)}
    alone = month_comparison(this, last, 8)
    # 820 − 700 = 120 against 700 − 600 = 100: 同比 +20.0%
    assert (alone.label, alone.value, alone.last, alone.yoy) == ("8月", D(120), D(100), D(20))


def test_1_2_combined_this_year_compares_with_1_2_last_year():
    this = {2: D(190)}  # released as 1–2月
    last = {1: D(80), 2: D(170)}
    alone = month_comparison(this, last, 2)
    # 190 against last year's 1–2月 170, not last February's 90: +11.76…%
    assert (alone.label, alone.value, alone.last) == ("1–2月", D(190), D(170))
    assert round(alone.yoy, 2) == D("11.76")


def test_1_2_combined_last_year_makes_this_february_1_2_as_well():
    this = {1: D(100), 2: D(190)}
    last = {2: D(170)}  # last year only had 1–2月
    alone = month_comparison(this, last, 2)
    # February alone (90) cannot be compared with 1–2月 (170): both years as 1–2月.
    assert (alone.label, alone.value, alone.last) == ("1–2月", D(190), D(170))
    assert round(alone.yoy, 2) == D("11.76")


def test_no_prior_year_leaves_the_comparison_unknown():
    alone = month_comparison({1: D(100), 2: D(190)}, {}, 2)
    assert (alone.label, alone.value, alone.last, alone.yoy) == ("2月", D(90), None, None)


def test_march_after_a_combined_release_is_march_alone_in_both_years():
    this = {2: D(190), 3: D(300)}
    last = {2: D(170), 3: D(260)}
    alone = month_comparison(this, last, 3)
    assert (alone.value, alone.last) == (D(110), D(90))


def test_a_missing_previous_month_leaves_the_month_unknown():
    alone = month_comparison({3: D(300), 5: D(520)}, {4: D(400), 5: D(500)}, 5)
    assert alone.value is None and alone.yoy is None
