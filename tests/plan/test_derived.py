"""The derived statistics of a 统计月报 (plan.progress.derived, docs/rules.md "Derived statistics"): 拉动, 贡献率 and
what it will take, pinned against hand-worked cases, and where a reader meets them: the drill-downs, the progress
API and the bulletin's paragraphs."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from bulletin import wording
from plan import registry
from plan.cumulative import yoy_pct
from plan.models import Department, Target
from plan.progress import TargetProgress, compute, derived, round2, shown
from tests.plan.fakes import actuals, seed_2006_2007  # noqa: F401  (the fixture)

D = Decimal


def two(value):
    """As the API gives it: two decimals, half up."""
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


# --- 拉动 and 贡献率 --------------------------------------------------------------------------------------------


def test_export_and_import_add_up_to_the_whole_s_growth_and_to_a_hundred():
    # 1–10月: export 40,000 → 46,000, import 25,000 → 28,000 (万美元); the whole 65,000 → 74,000.
    # 同比 = 9,000 / 65,000 = 13.846 %   → 13.8 on screen, 13.85 in the API
    # export 拉动 = 6,000 / 65,000 = 9.2308 → 9.2, 9.23; 贡献率 = 6,000 / 9,000 = 66.667 → 66.7, 66.67
    # import 拉动 = 3,000 / 65,000 = 4.6154 → 4.6, 4.62; 贡献率 = 3,000 / 9,000 = 33.333 → 33.3, 33.33
    whole_growth = yoy_pct(D(74000), D(65000))
    export_pull = derived.pull_points(D(46000), D(40000), D(65000))
    import_pull = derived.pull_points(D(28000), D(25000), D(65000))
    export_share = derived.contribution_pct(D(46000), D(40000), D(74000), D(65000))
    import_share = derived.contribution_pct(D(28000), D(25000), D(74000), D(65000))

    assert (shown(whole_growth), shown(export_pull), shown(import_pull)) == (D("13.8"), D("9.2"), D("4.6"))
    assert (two(whole_growth), two(export_pull), two(import_pull)) == (D("13.85"), D("9.23"), D("4.62"))
    assert (shown(export_share), shown(import_share)) == (D("66.7"), D("33.3"))
    assert (two(export_share), two(import_share)) == (D("66.67"), D("33.33"))
    # Exactly (to the precision of the arithmetic), the parts are the whole.
    assert abs(export_pull + import_pull - whole_growth) < D("1e-20")
    assert abs(export_share + import_share - 100) < D("1e-20")
    # And as shown here: 9.2 + 4.6 = 13.8; 66.7 + 33.3 = 100.0.
    assert shown(export_pull) + shown(import_pull) == shown(whole_growth)
    assert shown(export_share) + shown(import_share) == 100


def test_a_whole_that_did_not_change_has_pulls_but_no_contribution():
    # export 100 → 120, import 200 → 180: the whole 300 → 300. 拉动 ±20 / 300 = ±6.67 points, 同比 0.
    assert two(derived.pull_points(D(120), D(100), D(300))) == D("6.67")
    assert two(derived.pull_points(D(180), D(200), D(300))) == D("-6.67")
    assert derived.contribution_pct(D(120), D(100), D(300), D(300)) is None


def test_a_whole_that_fell_gives_a_part_that_grew_a_negative_contribution():
    # export 1,000 → 2,000 (+1,000), import 5,000 → 2,000 (−3,000): the whole 6,000 → 4,000 (−2,000).
    # 贡献率: +1,000 / −2,000 = −50 %, −3,000 / −2,000 = 150 %: still 100 % together.
    assert derived.contribution_pct(D(2000), D(1000), D(4000), D(6000)) == -50
    assert derived.contribution_pct(D(2000), D(5000), D(4000), D(6000)) == 150
    assert derived.pull_points(D(2000), D(5000), D(6000)) == -50


def test_without_last_year_there_is_neither_pull_nor_contribution():
    assert derived.pull_points(D(46000), None, D(65000)) is None
    assert derived.pull_points(D(46000), D(40000), None) is None
    assert derived.pull_points(D(46000), D(40000), D(0)) is None
    assert derived.contribution_pct(D(46000), None, D(74000), D(65000)) is None
    assert derived.contribution_pct(D(46000), D(40000), D(74000), None) is None


# --- What it will take ------------------------------------------------------------------------------------


def test_what_it_will_take_the_bureau_s_own_example():
    # 后2个月需月均完成0.93亿美元，比上年同期月均高18.5%:
    # goal 87,000, 1–10月 68,400: (87,000 − 68,400) / 2 = 9,300 万美元 a month;
    # last year 1–10月 60,000 of 75,700: (75,700 − 60,000) / 2 = 7,850; 9,300 / 7,850 − 1 = 18.47 % → 18.5
    needed = derived.needed_monthly(D(87000), D(68400), 10)
    last = derived.last_year_monthly(D(75700), D(60000), 10)
    assert derived.remaining(D(87000), D(68400), 10) == 18600
    assert needed == 9300 and last == 7850
    assert shown(derived.needed_vs_last_year_pct(needed, last)) == D("18.5")


def test_nothing_is_needed_in_december_or_once_met():
    assert derived.remaining(D(87000), D(80000), 12) is None
    assert derived.needed_monthly(D(87000), D(80000), 12) is None
    assert derived.last_year_monthly(D(75700), D(60000), 12) is None
    # met, exactly or beyond
    assert derived.remaining(D(87000), D(87000), 10) is None
    assert derived.remaining(D(87000), D(90000), 10) is None
    # met as shown: 86,966 / 87,000 = 99.96 % shows as 100.0 (已完成); 86,940 = 99.93 % does not
    assert derived.remaining(D(87000), D(86966), 10) is None
    assert derived.remaining(D(87000), D(86940), 10) == 60
    # no goal, no figure
    assert derived.remaining(None, D(100), 10) is None
    assert derived.remaining(D(87000), None, 10) is None


def test_without_last_year_the_need_stands_without_its_comparison():
    needed = derived.needed_monthly(D(87000), D(68400), 10)
    assert needed == 9300
    assert derived.last_year_monthly(None, D(60000), 10) is None
    assert derived.last_year_monthly(D(75700), None, 10) is None
    assert derived.needed_vs_last_year_pct(needed, None) is None
    # Last year's later months summing to nothing (a revision): no rate exists.
    assert derived.needed_vs_last_year_pct(needed, derived.last_year_monthly(D(60000), D(60000), 10)) is None


# --- On a target's progress -------------------------------------------------------------------------------

TRADE = Department(code="trade", name="对外贸易科")


def target(code, name, kind="amount", value=None, unit="万美元", display="亿美元", factor=10000):
    return Target(
        code=code,
        name=name,
        kind=kind,
        value=None if value is None else D(value),
        unit=unit,
        display_unit=display,
        display_factor=factor,
        department=TRADE,
    )


TRADE_TOTAL = target("trade_total", "外贸进出口总额", value=87000)
EXPORT = target("export", "出口", value=52000)
IMPORT = target("import", "进口", value=35000)
SHARE = target("export_hitech_mech_share", "比重", kind="share", value=30, unit="%", display="%", factor=1)
STORES = target(
    "village_stores", "农家店改造和建设", kind="count", value=200, unit="家", display="家", factor=1
)


def progress(target, month, now=None, last=None, last_full=None, whole=None):
    last_values = {} if last is None else {month: D(last)}
    if last_full is not None:
        last_values[12] = D(last_full)
    item = TargetProgress(
        target=target,
        month=month,
        values={} if now is None else {month: D(now)},
        last_values=last_values,
    )
    item.whole = whole
    return item


def test_a_target_s_progress_carries_them_with_the_api_s_fields():
    # October: the whole 65,000 → 74,000; import 25,000 → 28,000 of 35,000, last year 31,000 in all.
    whole = progress(TRADE_TOTAL, 10, now=74000, last=65000, last_full=80000)
    imports = progress(IMPORT, 10, now=28000, last=25000, last_full=31000, whole=whole)
    # 拉动 3,000 / 65,000 = 4.615 → 4.62; 贡献率 3,000 / 9,000 = 33.33;
    # needed (35,000 − 28,000) / 2 = 3,500 a month; last year (31,000 − 25,000) / 2 = 3,000; 3,500 / 3,000 − 1
    # = 16.67 %
    assert imports.as_api() == imports.as_api() | {
        "pull_points": 4.62,
        "contribution_pct": 33.33,
        "needed_monthly": 3500.0,
        "needed_vs_last_year_pct": 16.67,
    }
    assert imports.needed_total == 7000 and imports.months_left == 2
    # The whole is no part: no 拉动 of its own. 13,000 / 2 = 6,500 a month against (80,000 − 65,000) / 2 =
    # 7,500: 13.33 % less.
    assert whole.as_api() == whole.as_api() | {
        "pull_points": None,
        "contribution_pct": None,
        "needed_monthly": 6500.0,
        "needed_vs_last_year_pct": -13.33,
    }
    assert whole.derived_display["needed_vs_last_year"] == "低13.3%"


def test_a_share_has_none_and_december_has_no_need():
    share = progress(SHARE, 9, now="28.5", last="27.1", last_full="27.1")
    assert [share.as_api()[k] for k in ("pull_points", "contribution_pct", "needed_monthly")] == [None] * 3
    december = progress(TRADE_TOTAL, 12, now=80000, last=75000, last_full=75000)
    assert december.needed_monthly is None and december.as_api()["needed_vs_last_year_pct"] is None


def test_a_count_needs_its_number_and_per_month_without_last_year():
    # 160 of 200 stores by September: 40 still needed, 40 / 3 = 13.33 a month; a count has no last year.
    item = progress(STORES, 9, now=160, last=150, last_full=190)
    assert item.needed_total == 40
    assert round2(item.needed_monthly) == D("13.33")
    assert item.needed_vs_last_year_pct is None and item.last_year_monthly is None
    assert item.derived_display["needed_total"] == "40 家"
    assert item.derived_display["needed_monthly"] == "13.3 家"


def test_the_parts_are_the_trade_plug_in_s_to_declare():
    assert registry.parts_of("trade_total") == ("export", "import")
    assert registry.whole_of("import") == "trade_total"
    assert registry.whole_of("retail_sales") is None


def test_compute_gives_each_part_its_whole(plan_2007, actuals, monkeypatch):  # noqa: F811
    seed_2006_2007(actuals)
    result = compute(plan_2007, 9, today=datetime.date(2007, 10, 20))
    # September: export 33,600 → 39,800, the whole 56,100 → 62,800: 6,200 / 56,100 = 11.05 points,
    # 6,200 / 6,700 = 92.54 %
    exports = result.target("export")
    assert exports.whole is result.target("trade_total")
    assert (round2(exports.pull_points), round2(exports.contribution_pct)) == (D("11.05"), D("92.54"))
    assert result.target("retail_sales").whole is None
    # Without the plug-in's declaration, nothing is a part of anything.
    monkeypatch.setattr(registry.parts, "_parts", {})
    result = compute(plan_2007, 9, today=datetime.date(2007, 10, 20))
    assert result.target("export").whole is None and result.target("export").pull_points is None


# --- Where they are read -----------------------------------------------------------------------------------


@pytest.fixture
def seeded(plan_2007, actuals):  # noqa: F811
    seed_2006_2007(actuals)
    return actuals


def test_the_api_gives_them(login_as, seeded, leader):
    data = login_as(leader).get("/api/v1/progress/2007/", {"as_of": "2007-09"}).json()
    targets = {t["code"]: t for t in data["targets"]}
    fields = ("pull_points", "contribution_pct", "needed_monthly", "needed_vs_last_year_pct")
    # import 22,500 → 23,000 within 56,100 → 62,800: 500 / 56,100 = 0.89 points, 500 / 6,700 = 7.46 %;
    # (35,000 − 23,000) / 3 = 4,000 a month against (30,000 − 22,500) / 3 = 2,500: +60 %
    assert [targets["import"][f] for f in fields] == [0.89, 7.46, 4000.0, 60.0]
    # the whole: (87,000 − 62,800) / 3 = 8,066.67 against (74,800 − 56,100) / 3 = 6,233.33: +29.41 %
    assert [targets["trade_total"][f] for f in fields] == [None, None, 8066.67, 29.41]
    assert [targets["export_hitech_mech_share"][f] for f in fields] == [None] * 4
    # (200 − 160) / 3 = 13.33 stores a month; no last year for a count
    assert [targets["village_stores"][f] for f in fields] == [None, None, 13.33, None]


def test_the_target_drill_down_shows_them(login_as, seeded, leader):
    html = login_as(leader).get(reverse("plan:target", args=[2007, "import"]), {"month": 9}).content.decode()
    assert "derived-figures" in html
    assert "拉动外贸进出口总额增长" in html
    for figure in ("+0.9 个百分点", "7.5%", "1.20 亿美元", "0.40 亿美元", "0.25 亿美元", "高60.0%"):
        assert figure in html, figure
    assert "后3个月需月均完成" in html and "上年同期月均" in html


def test_the_department_drill_down_shows_them_and_the_dashboard_does_not(login_as, seeded, leader):
    client = login_as(leader)
    html = client.get(reverse("plan:department", args=["trade"]), {"month": 9}).content.decode()
    # export: 6,200 / 56,100 = 11.05 → +11.1 points, 92.5 %; import +0.9, 7.5 %
    assert "+11.1 个百分点" in html and "92.5%" in html and "+0.9 个百分点" in html
    dashboard = client.get(reverse("plan:dashboard"), {"year": 2007, "month": 9}).content.decode()
    assert "derived-figures" not in dashboard


def test_the_drill_down_of_a_met_target_shows_no_need(login_as, seeded, leader):
    # 200 of 200 by September: met, so nothing is still needed (and a count has no 拉动): no derived figures.
    seeded.set("village_stores", 2007, dict.fromkeys(range(1, 13), 200))
    url = reverse("plan:target", args=[2007, "village_stores"])
    html = login_as(leader).get(url, {"month": 9}).content.decode()
    assert 'id="card-village_stores"' in html and "200 家" in html
    assert "derived-figures" not in html


# --- The bulletin's sentences ------------------------------------------------------------------------------


@pytest.fixture
def chinese():
    with translation.override("zh-hans"):
        yield


def test_the_bulletin_says_what_it_will_take(chinese):
    # September, 1–9月 55,000 of 87,000: 32,000 / 3 = 10,666.67 万美元 = 1.07亿美元 a month; last year 48,000 of
    # 76,000: 28,000 / 3 = 9,333.33; 10,666.67 / 9,333.33 − 1 = 14.29 % → 14.3
    item = progress(TRADE_TOTAL, 9, now=55000, last=48000, last_full=76000)
    assert wording.needed_sentence([item]) == (
        "要完成全年目标，外贸进出口总额后3个月需月均完成1.07亿美元，比上年同期月均高14.3%。"
    )
    # November: the month alone. 87,000 − 72,000 = 15,000 against 76,000 − 64,000 = 12,000: +25.0 %
    november = progress(TRADE_TOTAL, 11, now=72000, last=64000, last_full=76000)
    assert wording.needed_sentence([november]) == (
        "要完成全年目标，外贸进出口总额12月需完成1.50亿美元，比上年同期高25.0%。"
    )
    # Without last year: the need alone.
    alone = progress(TRADE_TOTAL, 9, now=55000)
    assert wording.needed_sentence([alone]) == "要完成全年目标，外贸进出口总额后3个月需月均完成1.07亿美元。"


def test_the_bulletin_names_the_need_only_of_targets_behind_time_progress(chinese):
    # 68,000 / 87,000 = 78.2 % ≥ 75.0: ahead, nothing said; 160 / 200 at 9 is ahead too
    ahead = progress(TRADE_TOTAL, 9, now=68000, last=48000, last_full=76000)
    assert wording.needed_sentence([ahead, progress(STORES, 9, now=160)]) == ""
    # 140 / 200 = 70.0 % < 75.0: 60 still needed, 20 a month
    stores = progress(STORES, 9, now=140)
    assert wording.needed_sentence([stores]) == "要完成全年目标，年内验收合格的农家店还需60家，月均20.0家。"
    # December: nothing, however far behind
    assert wording.needed_sentence([progress(TRADE_TOTAL, 12, now=60000, last=50000, last_full=50000)]) == ""


def test_the_bulletin_says_the_parts_pull_and_contribution(chinese):
    whole = progress(TRADE_TOTAL, 10, now=74000, last=65000)
    exports = progress(EXPORT, 10, now=46000, last=40000, whole=whole)
    imports = progress(IMPORT, 10, now=28000, last=25000, whole=whole)
    assert wording.pulls_sentence([whole, exports, imports]) == (
        "出口拉动外贸进出口总额增长9.2个百分点，贡献率66.7%；进口拉动外贸进出口总额增长4.6个百分点，贡献率33.3%。"
    )
    # Whole unchanged: 拉动 alone; a part that fell 下拉 the whole.
    flat = progress(TRADE_TOTAL, 10, now=300, last=300)
    up = progress(EXPORT, 10, now=120, last=100, whole=flat)
    down = progress(IMPORT, 10, now=180, last=200, whole=flat)
    assert wording.pulls_sentence([flat, up, down]) == (
        "出口拉动外贸进出口总额增长6.7个百分点；进口下拉外贸进出口总额6.7个百分点。"
    )
    # A part whose whole is in another paragraph: not said here.
    assert wording.pulls_sentence([exports]) == ""


def test_the_drafted_paragraph_closes_with_them(seeded, plan_2007, chinese):
    result = compute(plan_2007, 9, today=datetime.date(2007, 10, 20))
    paragraphs = wording.draft(result).paragraphs
    trade = next(p for p in paragraphs if p.startswith("1–9月，全市外贸进出口总额"))
    # export 6,200 / 56,100 = 11.05 → 11.1, 6,200 / 6,700 = 92.5; import 500 / 56,100 = 0.89 → 0.9, 7.5
    assert (
        "出口拉动外贸进出口总额增长11.1个百分点，贡献率92.5%；进口拉动外贸进出口总额增长0.9个百分点，贡献率7.5%。"
        in trade
    )
    # behind: the whole (−2.8) and import (−9.3), not export (+1.5)
    assert "要完成全年目标，外贸进出口总额后3个月需月均完成" in trade
    assert "比上年同期月均高29.4%；进口后3个月需月均完成" in trade and trade.endswith(
        "比上年同期月均高60.0%。"
    )
    assert "出口后3个月" not in trade
    # retail: (4,000,000 − 2,850,000) / 3 = 383,333 万元 = 38.33亿元; last year (3,333,333 − 2,500,000) / 3
    # = 277,777.67: +38.0 %
    assert any(
        "要完成全年目标，社会消费品零售总额后3个月需月均完成38.33亿元，比上年同期月均高38.0%。" in p
        for p in paragraphs
    )
    assert any("要完成全年目标，核准（备案）的外经项目还需1个，月均0.3个。" in p for p in paragraphs)
