"""The arithmetic of docs/rules.md's "Progress against the plan", worked by hand.

Numbers below are worked on paper; the comments show the working.
"""

import datetime
from decimal import Decimal

import pytest

from plan import progress
from plan.models import MonthlyReport, Target, TargetNote
from plan.progress import Status, TargetProgress, round2

D = Decimal


def trade_total():
    return Target(
        code="trade_total", name="外贸进出口总额", kind="amount", value=D(87000), growth_target_pct=D(16)
    )


def share_target():
    return Target(code="export_hitech_mech_share", name="比重", kind="share", value=D(30))


def stores_target():
    return Target(code="village_stores", name="农家店", kind="count", value=D(200))


def compute(target, month, values, last=None):
    return TargetProgress(
        target=target,
        month=month,
        values={m: D(str(v)) for m, v in values.items()},
        last_values={m: D(str(v)) for m, v in (last or {}).items()},
    )


def test_every_figure_of_a_september_on_track():
    item = compute(trade_total(), 9, {9: 66000}, last={9: 56300, 12: 75000})
    # 66000 / 87000 × 100 = 75.862…
    assert round2(item.completion_pct) == D("75.86")
    # 9 / 12 × 100
    assert item.time_pct == 75
    # The gap is the difference of the values shown: 75.9 − 75.0 = 0.9 个百分点
    assert item.gap_points == D("0.9")
    # (66000 − 56300) / 56300 × 100 = 9700 / 563 = 17.229…
    assert round2(item.yoy_growth_pct) == D("17.23")
    # 56300 / 75000 × 100 = 75.066…
    assert round2(item.seasonal_expected_pct) == D("75.07")
    # 66000 / (56300 / 75000) = 87921.847…
    assert round2(item.projected) == D("87921.85")
    assert item.status == Status.GREEN


def test_missing_prior_year_gives_null_yoy_and_a_linear_projection():
    item = compute(trade_total(), 9, {9: 66000})
    assert item.yoy_growth_pct is None
    assert item.seasonal_expected_pct is None
    # 66000 × 12 / 9
    assert item.projected == 88000
    # Completion 75.86 ≥ 75 and an unknown 同比 does not hold it back.
    assert item.status == Status.GREEN


def test_last_year_without_its_full_year_gives_no_seasonal_share():
    item = compute(trade_total(), 9, {9: 66000}, last={9: 56300})
    assert item.seasonal_expected_pct is None
    assert item.projected == 88000
    assert item.yoy_growth_pct is not None


@pytest.mark.parametrize(
    ("month", "actual"),
    [
        (9, 65250),  # 87000 × 9 / 12
        (1, 7250),  # 87000 / 12: 8.333… on both sides, still exactly equal
        (7, 50750),  # 87000 × 7 / 12
    ],
)
def test_completion_exactly_at_time_progress_is_green(month, actual):
    assert compute(trade_total(), month, {month: actual}).status == Status.GREEN


def test_status_is_decided_on_the_completion_as_shown():
    # 65206.5 / 87000 = 74.95 % exactly: shown 75.0 %, level with 序时进度 75.0 % → green, gap 0.0
    item = compute(trade_total(), 9, {9: "65206.5"})
    assert item.status == Status.GREEN
    assert item.gap_points == 0
    # 65206.49 / 87000 = 74.94999 %: shown 74.9 % → yellow, gap −0.1
    item = compute(trade_total(), 9, {9: "65206.49"})
    assert item.status == Status.YELLOW
    assert item.gap_points == D("-0.1")


def test_time_progress_is_compared_as_shown_too():
    # January: 序时进度 8.333… is shown 8.3 %; 7221 / 87000 = 8.2999 % → 8.3 % → green, although below 8.333…
    assert compute(trade_total(), 1, {1: 7221}).status == Status.GREEN
    # 7177 / 87000 = 8.249 %: shown 8.2 % < 8.3 % → yellow
    assert compute(trade_total(), 1, {1: 7177}).status == Status.YELLOW


def test_yellow_down_to_nine_tenths_of_time_progress_then_red():
    # 0.9 × 75.0 = 67.5 %; 58681.5 / 87000 = 67.45 % exactly, shown 67.5 % → yellow
    assert compute(trade_total(), 9, {9: "58681.5"}).status == Status.YELLOW
    # 58681.49 / 87000 = 67.44999 %, shown 67.4 % → red
    assert compute(trade_total(), 9, {9: "58681.49"}).status == Status.RED


@pytest.mark.parametrize(
    ("last_year", "expected"),
    [
        (56896.55, Status.GREEN),  # 66000 / 56896.55 → 同比 16.0000… ≥ 16
        (56921.08, Status.GREEN),  # 同比 15.95001, shown 16.0 → meets +16 %
        (56921.09, Status.YELLOW),  # 同比 15.94999, shown 15.9
        (57000, Status.YELLOW),  # 同比 15.79: on time but below the growth target
        (58432.93, Status.YELLOW),  # 同比 12.95001, shown 13.0 = growth target − 3 → yellow
        (58433, Status.RED),  # 同比 12.94987, shown 12.9 → red
        (58500, Status.RED),  # 同比 12.82: more than 3 个百分点 below
    ],
)
def test_growth_target_decides_between_green_yellow_and_red(last_year, expected):
    item = compute(trade_total(), 9, {9: 66000}, last={9: last_year})
    assert item.status == expected


def test_growth_exactly_at_target_is_green():
    # 58000 × 1.16 = 67280: 同比 exactly 16.0
    item = compute(trade_total(), 9, {9: 67280}, last={9: 58000})
    assert item.yoy_growth_pct == 16
    assert item.status == Status.GREEN
    # 67279 / 58000: 同比 15.998, shown 16.0 → green; 67250: 15.948, shown 15.9 → yellow
    assert compute(trade_total(), 9, {9: 67279}, last={9: 58000}).status == Status.GREEN
    assert compute(trade_total(), 9, {9: 67250}, last={9: 58000}).status == Status.YELLOW
    # 60000 × 1.13 = 67800: 同比 exactly 13.0 = growth target − 3 个百分点 → yellow
    assert compute(trade_total(), 9, {9: 67800}, last={9: 60000}).status == Status.YELLOW
    # 67770 / 60000: 12.95 exactly, shown 13.0 → yellow; 67769: 12.948, shown 12.9 → red
    assert compute(trade_total(), 9, {9: 67770}, last={9: 60000}).status == Status.YELLOW
    assert compute(trade_total(), 9, {9: 67769}, last={9: 60000}).status == Status.RED


def test_behind_time_and_growth_far_below_target_is_red():
    # Completion 70 % (≥ 67.5) but 同比 −5 %: red.
    item = compute(trade_total(), 9, {9: 60900}, last={9: 64105.26})
    assert round2(item.yoy_growth_pct) == D("-5.00")
    assert item.status == Status.RED


def test_january_missing_because_january_and_february_come_together():
    values = {2: 12000, 3: 20000}
    january = compute(trade_total(), 1, values, last={2: 10000})
    assert january.status == Status.GREY
    assert january.actual is None and january.completion_pct is None and january.projected is None

    february = compute(trade_total(), 2, values, last={2: 10000})
    assert february.actual == 12000
    rows = february.rows
    assert rows[0].label == "1月" and rows[0].month_value is None
    # The month of February is 1–2月 combined, compared with last year's 1–2月: 12000 / 10000 → +20 %.
    assert rows[1].label == "1–2月"
    assert rows[1].month_value == 12000
    assert rows[1].month_yoy == 20
    assert rows[1].cumulative_yoy == 20


def test_the_month_alone_is_the_difference_of_cumulative_figures():
    item = compute(trade_total(), 3, {1: 5000, 2: 11000, 3: 18000}, last={1: 4000, 2: 10000, 3: 16000})
    rows = item.rows
    assert [row.month_value for row in rows] == [5000, 6000, 7000]
    # 本月同比: 5000/4000, 6000/6000, 7000/6000
    assert [round2(row.month_yoy) for row in rows] == [D("25.00"), D("0.00"), D("16.67")]
    # 累计同比: 18000/16000
    assert rows[2].cumulative_yoy == D("12.5")


def test_a_falling_cumulative_is_flagged_and_still_counted():
    item = compute(trade_total(), 9, {8: 60000, 9: 59000})
    row = item.rows[-1]
    assert row.month_value == -1000
    assert row.falling
    assert item.actual == 59000
    # 59000 / 87000 = 67.816 % ≥ 67.5 → yellow
    assert item.status == Status.YELLOW


def test_a_month_without_figure_after_a_gap_has_no_month_value():
    item = compute(trade_total(), 5, {3: 18000, 5: 30000})
    assert item.rows[4].month_value is None
    assert item.rows[4].cumulative == 30000


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        ("30", Status.GREEN),
        ("30.5", Status.GREEN),
        ("29.95", Status.GREEN),  # shown 30.0 %
        ("29.94", Status.YELLOW),  # shown 29.9 %
        ("27", Status.YELLOW),
        ("26.95", Status.YELLOW),  # shown 27.0 %
        ("26.94", Status.RED),  # shown 26.9 %
    ],
)
def test_the_export_share_against_its_thresholds(share, expected):
    item = compute(share_target(), 6, {6: share}, last={6: 28})
    assert item.status == expected
    shown = D(share).quantize(D("0.1"), rounding="ROUND_HALF_UP")
    # Shares are compared in 个百分点 (of the values shown), not as a growth rate.
    assert item.yoy_growth_pct is None
    assert item.yoy_points == shown - 28
    # No completion %, and its distance from 30 is not a gap to 序时进度.
    assert item.completion_pct is None
    assert item.gap_points is None
    assert item.threshold_points == shown - 30
    assert item.projected is None


def test_share_thresholds_come_from_settings(settings):
    settings.PROGRESS_STATUS = {**settings.PROGRESS_STATUS, "share_yellow_floor": 25.0}
    assert compute(share_target(), 6, {6: "26"}).status == Status.YELLOW


def test_time_ratio_comes_from_settings(settings):
    settings.PROGRESS_STATUS = {**settings.PROGRESS_STATUS, "yellow_time_ratio": 0.8}
    # 0.8 × 75 = 60 %: 87000 × 0.6 = 52200
    assert compute(trade_total(), 9, {9: 52200}).status == Status.YELLOW
    # 52150 / 87000 = 59.94 %, shown 59.9 %
    assert compute(trade_total(), 9, {9: 52150}).status == Status.RED


def test_a_count_target():
    # 200 stores by the year end; June is half the year.
    last = {6: 80, 12: 160}
    item = compute(stores_target(), 6, {6: 100}, last=last)
    assert item.completion_pct == 50
    assert item.status == Status.GREEN
    # No 同比 and no seasonal expectation, whatever last year's register says; projected 100 × 12 / 6 = 200
    assert item.yoy_growth_pct is None
    assert item.seasonal_expected_pct is None
    assert item.last_actual is None
    assert item.projected == 200
    # No prior-year line on the chart, and no 同比 in the monthly rows.
    assert item.chart_data()["last"] is None
    assert all(row.cumulative_yoy is None and row.month_yoy is None for row in item.rows)
    # 0.9 × 50 % = 45 % = 90 stores
    assert compute(stores_target(), 6, {6: 90}).status == Status.YELLOW
    assert compute(stores_target(), 6, {6: 89}).status == Status.RED
    # No growth target: a fall against last year does not turn it yellow.
    assert compute(stores_target(), 6, {6: 100}, last={6: 150}).status == Status.GREEN


def test_a_zero_count_is_a_figure_not_grey():
    item = compute(stores_target(), 3, {3: 0})
    assert item.status == Status.RED
    assert item.completion_pct == 0
    assert item.projected == 0


@pytest.mark.parametrize(
    ("month", "count", "projected"),
    [
        (9, 7, 9),  # 7 × 12 / 9 = 9.33 → 9
        (9, 3, 4),  # 3 × 12 / 9 = 4.0
        (8, 1, 2),  # 1 × 12 / 8 = 1.5 → 2 (half up)
        (7, 1, 2),  # 12 / 7 = 1.71 → 2
        (5, 1, 2),  # 12 / 5 = 2.4 → 2
    ],
)
def test_a_count_projects_a_whole_number(month, count, projected):
    item = compute(stores_target(), month, {month: count})
    assert item.projected == projected
    assert item.projected == item.projected.to_integral_value()


def test_the_chart_keeps_last_year_for_amounts():
    item = compute(trade_total(), 3, {3: 18000}, last={3: 16000})
    assert item.chart_data()["last"][2] == 16000  # (this unsaved target's display factor is 1)
    # Without any figure of last year there is no line at all.
    assert compute(trade_total(), 3, {3: 18000}).chart_data()["last"] is None


# Through the registry and the database.


def test_a_revision_changes_the_answer(plan_2007, actuals):
    actuals.set("export", 2007, {9: 39000})  # 快报: 75 % of 52000, on time
    assert progress.compute(plan_2007, 9).target("export").status == Status.GREEN
    actuals.set("export", 2007, {9: 35000})  # 正式: 67.3 % < 67.5 %
    revised = progress.compute(plan_2007, 9).target("export")
    assert revised.actual == 35000
    assert revised.status == Status.RED


def test_default_month_before_every_amount_has_a_figure(plan_2007, actuals):
    actuals.set("export", 2007, {2: 1, 3: 2, 4: 3})
    actuals.set("retail_sales", 2007, {2: 1, 3: 2, 4: 3, 5: 4})
    # Register counts are known for every month: they do not move the default.
    actuals.set("village_stores", 2007, dict.fromkeys(range(1, 13), 5))
    # Imports (and so the total) have no figure at all: no month has all amounts, so the latest with any.
    result = progress.compute(plan_2007, today=datetime.date(2008, 1, 1))
    assert result.month == 5
    assert result.month_reason == progress.MonthReason.SOME_FIGURES
    assert result.as_of == "2007-05"
    assert result.months_with_figures == list(range(1, 13))


def test_default_month_is_the_latest_in_which_every_amount_has_a_figure(plan_2007, actuals):
    # Trade is in to September; the markets department has already entered October.
    for code in ("export", "import", "trade_total"):
        actuals.set(code, 2007, {2: 10, 3: 20, 9: 90})
    actuals.set("retail_sales", 2007, {2: 1, 3: 2, 9: 9, 10: 10})
    actuals.set("export_hitech_mech_share", 2007, {2: 30, 11: 30})  # not an amount: it does not decide
    result = progress.compute(plan_2007, today=datetime.date(2007, 11, 20))
    assert result.month == 9
    assert result.month_reason == progress.MonthReason.ALL_AMOUNTS
    # Retail keeps its September figure rather than turning grey, and the page can say what is ahead.
    assert result.target("retail_sales").actual == 9
    assert {item.target.code for item in result.ahead} == {"retail_sales", "export_hitech_mech_share"}
    assert result.as_api()["as_of"] == "2007-09"
    assert result.as_api()["as_of_reason"] == "all_amounts"
    # A month the reader picks is shown as picked.
    chosen = progress.compute(plan_2007, 10, today=datetime.date(2007, 11, 20))
    assert chosen.month_reason == progress.MonthReason.CHOSEN
    assert chosen.target("export").actual is None


def test_default_month_never_passes_the_current_month(plan_2007, actuals):
    for code in ("export", "import", "trade_total", "retail_sales"):
        actuals.set(code, 2007, {5: 1, 6: 2})
    assert progress.compute(plan_2007, today=datetime.date(2007, 5, 31)).month == 5


def test_targets_without_a_source_are_grey(plan_2007, monkeypatch):
    from plan import registry

    monkeypatch.setattr(registry.actuals, "_actuals", {})
    result = progress.compute(plan_2007)
    assert result.month == 1
    assert {item.status for item in result.targets} == {Status.GREY}
    assert not any(item.registered for item in result.targets)


def test_notes_and_late_departments(plan_2007, actuals):
    from plan.models import Department, ReportingDeadline

    actuals.set("export", 2007, {9: 30000})  # 57.7 % < 67.5 % → red
    trade = Department.objects.get(code="trade")
    markets = Department.objects.get(code="markets")
    MonthlyReport.objects.create(department=trade, year=2007, month=9, state="submitted", on_time=False)
    TargetNote.objects.create(target=plan_2007.targets.get(code="export"), month=9, text="海关数据延迟")
    MonthlyReport.objects.create(department=markets, year=2007, month=9, state="approved", on_time=True)
    ReportingDeadline.objects.create(year=2007, month=9, due_on=datetime.date(2007, 10, 12))

    before_deadline = progress.compute(plan_2007, 9, today=datetime.date(2007, 10, 11))
    export = before_deadline.target("export")
    assert export.status == Status.RED and export.note == "海关数据延迟"
    states = {row.department.code: (row.state, row.timeliness) for row in before_deadline.departments}
    assert states["trade"] == ("submitted", "late")
    assert states["markets"] == ("approved", "on_time")
    assert states["office"] == ("not_started", "pending")
    assert [row.department.code for row in before_deadline.late_departments] == ["trade"]

    after_deadline = progress.compute(plan_2007, 9, today=datetime.date(2007, 10, 13))
    assert [row.department.code for row in after_deadline.late_departments] == [
        "trade",
        "regulation",
        "outreach",
        "office",
    ]


def test_overdue_measures_are_judged_at_the_as_of_month(plan_2007, actuals):
    measure = plan_2007.measures.order_by("order").first()
    measure.due = datetime.date(2007, 6, 30)
    measure.save()

    def overdue(month):
        result = progress.compute(plan_2007, month, today=datetime.date(2030, 1, 1))
        return [row.code for row in result.overdue_measures]

    assert overdue(6) == []
    assert overdue(7) == [measure.code]
    measure.status = "closed"
    measure.save()
    assert overdue(7) == []


def test_january_is_reported_with_february(plan_2007, actuals):
    from plan.models import Department, ReportingDeadline

    # No deadline of its own: January is due when 1–2月 is, the admin's February deadline included.
    assert (
        ReportingDeadline.due_for(2007, 1) == ReportingDeadline.due_for(2007, 2) == datetime.date(2007, 3, 10)
    )
    ReportingDeadline.objects.create(year=2007, month=2, due_on=datetime.date(2007, 3, 15))
    assert ReportingDeadline.due_for(2007, 1) == datetime.date(2007, 3, 15)
    # A department that reports 1–2月 in February is not behind for January.
    january = progress.compute(plan_2007, 1, today=datetime.date(2007, 6, 1))
    assert january.late_departments == []
    assert {row.timeliness for row in january.departments} == {"with_february"}
    february = progress.compute(plan_2007, 2, today=datetime.date(2007, 6, 1))
    assert len(february.late_departments) == Department.objects.count()


def test_a_january_report_that_exists_is_judged_like_any_other(plan_2007, actuals):
    from plan.models import Department

    trade = Department.objects.get(code="trade")
    MonthlyReport.objects.create(department=trade, year=2007, month=1, state="submitted", on_time=False)
    january = progress.compute(plan_2007, 1, today=datetime.date(2007, 6, 1))
    assert [row.department.code for row in january.late_departments] == ["trade"]
