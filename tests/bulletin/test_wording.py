"""The bulletin's sentences, pinned whole against hand-worked cases.

Each case states its arithmetic; the expected sentence is what an officer of the bureau would write.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from bulletin import wording
from plan.models import Department, Measure, MonthlyReport, Target, TargetNote
from plan.progress import TargetProgress, compute
from tests.plan.fakes import actuals, seed_2006_2007  # noqa: F401  (the fixture)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


TRADE = Department(code="trade", name="对外贸易科")


def target(code, name, kind="amount", value=None, unit="万美元", display="亿美元", factor=10000, growth=None):
    return Target(
        code=code,
        name=name,
        kind=kind,
        value=None if value is None else Decimal(value),
        unit=unit,
        display_unit=display,
        display_factor=factor,
        growth_target_pct=None if growth is None else Decimal(growth),
        department=TRADE,
    )


TRADE_TOTAL = target("trade_total", "外贸进出口总额", value=87000, growth=16)
EXPORT = target("export", "出口", value=52000, growth=16)
RETAIL = target("retail_sales", "社会消费品零售总额", value=4000000, unit="万元", display="亿元", growth=15)
SHARE = target(
    "export_hitech_mech_share",
    "高新技术和机电产品出口比重",
    kind="share",
    value=30,
    unit="%",
    display="%",
    factor=1,
)
STORES = target(
    "village_stores", "农家店改造和建设", kind="count", value=200, unit="家", display="家", factor=1
)
PROJECTS = target(
    "overseas_projects", "外经项目实现", kind="count", value=2, unit="个", display="个", factor=1
)


def progress(target, month, now=None, last=None):
    return TargetProgress(
        target=target,
        month=month,
        values={} if now is None else {month: Decimal(str(now))},
        last_values={} if last is None else {month: Decimal(str(last))},
    )


def test_growth_below_time_progress_the_issue_s_own_example():
    # 63400 / 87000 = 72.87 % → 72.9; 75.0 − 72.87 = 2.13 → 2.1 below; 63400 / 54050 − 1 = 17.30 % → 17.3
    item = progress(TRADE_TOTAL, 9, now=63400, last=54050)
    assert wording.amount_sentence(item, "1–9月") == (
        "1–9月，全市外贸进出口总额6.34亿美元，同比增长17.3%，完成年度目标的72.9%，低于序时进度2.1个百分点。"
    )


def test_a_fall_year_on_year():
    # 2850000 / 4000000 = 71.25 % → 71.3 (half up); the gap of the values shown: 71.3 − 75.0 = −3.7;
    # 2850000 / 2900000 − 1 = −1.72 % → 下降1.7%
    item = progress(RETAIL, 9, now=2850000, last=2900000)
    assert wording.amount_sentence(item, "1–9月") == (
        "1–9月，全市社会消费品零售总额285.00亿元，同比下降1.7%，完成年度目标的71.3%，低于序时进度3.7个百分点。"
    )


def test_above_time_progress_as_a_part_of_the_headline():
    # 39800 / 52000 = 76.54 % → 76.5, 1.54 → 1.5 above; 39800 / 33600 − 1 = 18.45 % → 18.5
    item = progress(EXPORT, 9, now=39800, last=33600)
    assert wording.parts_sentence([item], "1–9月") == (
        "其中，出口3.98亿美元，同比增长18.5%，完成年度目标的76.5%，高于序时进度1.5个百分点。"
    )


def test_level_with_time_progress_and_no_prior_year_means_no_yoy_clause():
    # 26000 / 52000 = 50.0 % at 6/12 = 50.0 %; last year unknown: no 同比 at all
    item = progress(EXPORT, 6, now=26000)
    assert (
        wording.amount_sentence(item, "1–6月")
        == "1–6月，全市出口2.60亿美元，完成年度目标的50.0%，与序时进度持平。"
    )


def test_level_year_on_year():
    # 54050.2 / 54050 − 1 = 0.0004 % → 0.0: 持平
    assert wording.growth_clause(Decimal("0.0004")) == "与上年同期持平"
    assert wording.growth_clause(Decimal("-0.04")) == "与上年同期持平"
    assert wording.growth_clause(Decimal("-0.05")) == "同比下降0.1%"


def test_no_figure_yet():
    assert wording.amount_sentence(progress(RETAIL, 9), "1–9月") == "社会消费品零售总额尚无1–9月数据。"
    assert wording.count_sentence(progress(STORES, 9), 9) == "农家店改造和建设尚无数据。"


def test_a_count_of_zero_is_a_figure():
    # 0 / 2 = 0.0 %; 0 − 75 = 75.0 below
    item = progress(PROJECTS, 9, now=0)
    assert wording.count_sentence(item, 9) == (
        "截至9月底，尚无核准（备案）的外经项目，完成年度目标的0.0%，低于序时进度75.0个百分点。"
    )


def test_a_count_with_its_counties_and_the_stores_awaiting_acceptance():
    # 160 / 200 = 80.0 %, 5.0 above 75.0
    item = progress(STORES, 9, now=160)
    assert wording.count_sentence(item, 9) == (
        "截至9月底，年内验收合格的农家店160家，完成年度目标的80.0%，高于序时进度5.0个百分点。"
    )
    facts = {"by_county": [("新城区", 20), ("回民区", 0), ("赛罕区", 140)], "awaiting": 8}
    assert (
        wording.village_store_facts(facts, "家")
        == "分旗县区看，新城区20家、赛罕区140家；另有8家已建成、尚未验收。"
    )
    assert wording.village_store_facts({"by_county": [("新城区", 0)], "awaiting": 0}, "家") == ""


def test_thousands_separators_and_a_target_met():
    # 1200 / 200 = 600.0 %: met, so no comparison with 序时进度
    item = progress(STORES, 12, now=1200)
    assert wording.count_sentence(item, 12) == (
        "截至12月底，年内验收合格的农家店1,200家，已完成全年目标（完成年度目标的600.0%）。"
    )


def test_a_target_met_exactly_and_early():
    # 87000 / 87000 = 100.0 % in October: 已完成全年目标, nothing about 序时进度 (83.3 %)
    item = progress(TRADE_TOTAL, 10, now=87000)
    assert wording.amount_sentence(item, "1–10月") == "1–10月，全市外贸进出口总额8.70亿美元，已完成全年目标。"
    # 99.96 % shows as 100.0: met as shown
    assert wording.completion_clause(Decimal("99.96")) == "已完成全年目标"
    assert wording.completion_clause(Decimal("99.94")) == "完成年度目标的99.9%"


def test_amounts_under_one_yi_are_written_in_wan():
    # 4300 万美元 is 0.43 亿: the text says 4,300万美元; 9999.6 万 → 10,000万 (whole, half up); 10000 → 1.00亿
    assert wording.amount(EXPORT, Decimal(4300)) == "4,300万美元"
    assert wording.amount(EXPORT, Decimal("9999.4")) == "9,999万美元"
    assert wording.amount(EXPORT, Decimal(10000)) == "1.00亿美元"
    assert wording.amount(RETAIL, Decimal(2850000)) == "285.00亿元"


def test_the_share_against_its_threshold():
    # 28.5 − 30 = 1.5 below; 28.5 − 27.1 = 1.4 up on last year
    item = progress(SHARE, 9, now="28.5", last="27.1")
    assert wording.share_sentence(item, "1–9月") == (
        "1–9月，高新技术和机电产品出口占出口总额的28.5%，比上年同期提高1.4个百分点，距30%的目标要求还差1.5个百分点。"
    )
    at = progress(SHARE, 9, now="30")
    assert (
        wording.share_sentence(at, "1–9月")
        == "1–9月，高新技术和机电产品出口占出口总额的30.0%，达到30%的目标要求。"
    )
    # 32.14 − 30 = 2.14 → 2.1 above
    above = progress(SHARE, 9, now="32.14")
    assert wording.share_sentence(above, "1–9月").endswith("32.1%，超过30%的目标要求2.1个百分点。")


def test_the_export_categories_with_their_shares_and_growth():
    # 12000 / 39800 = 30.15 % → 30.2, 12000 / 10000 − 1 = +20.0 %; 4000 / 39800 = 10.05 % → 10.1, no prior year
    exports = progress(EXPORT, 9, now=39800, last=33600)
    facts = {"export_mech_elec": (Decimal(12000), Decimal(10000)), "export_hitech": (Decimal(4000), None)}
    assert wording.export_facts(facts, exports) == (
        "出口商品中，机电产品出口1.20亿美元，同比增长20.0%，占出口总额的30.2%；高新技术产品出口4,000万美元，占出口总额的10.1%。"
    )
    assert wording.export_facts({"export_mech_elec": (None, None)}, exports) == ""


def test_overseas_projects_by_name():
    facts = {"realised": ["伊利集团蒙古国乳制品加工厂"], "signed": 2}
    assert (
        wording.overseas_project_facts(facts, "个")
        == "具体项目为伊利集团蒙古国乳制品加工厂；另有2个已签约、待核准（备案）。"
    )


# --- the whole draft, on the seeded 1–9月 of tests/plan/fakes.py ------------------------------------------


@pytest.fixture
def seeded(plan_2007, actuals):  # noqa: F811
    seed_2006_2007(actuals)
    trade = Department.objects.get(code="trade")
    MonthlyReport.objects.create(
        department=trade,
        year=2007,
        month=9,
        state="submitted",
        on_time=False,
    )
    TargetNote.objects.create(
        target=plan_2007.targets.get(code="import"), month=9, text="进口原油减少，\n正协调重点企业扩大进口。"
    )
    return actuals


def test_the_draft_of_the_seeded_september(seeded, plan_2007):
    measures = plan_2007.measures.order_by("order")
    Measure.objects.filter(pk=measures[0].pk).update(status="behind")
    Measure.objects.filter(pk=measures[1].pk).update(status="closed")
    Measure.objects.filter(pk=measures[2].pk).update(due=datetime.date(2007, 6, 30), status="in_progress")
    result = compute(plan_2007, 9, today=datetime.date(2007, 10, 20))
    draft = wording.draft(result)
    first, second, third = measures[0], measures[1], measures[2]

    assert draft.title == "2007年1–9月全市商务工作进展情况通报"
    text = draft.paragraphs
    assert text[0] == "一、主要目标完成情况"
    # green: export, village stores; yellow: share, retail; red: trade total, import, overseas projects
    assert text[1] == (
        "截至9月底，《呼和浩特市商务局2007年工作要点》确定的7项主要目标中，2项进度正常，2项略有滞后，3项滞后；序时进度为75.0%。"
    )
    # 62800 / 87000 = 72.18 → 72.2, −2.8; 62800 / 56100 − 1 = 11.94 → 11.9;
    # import 23000 / 35000 = 65.71 → 65.7, −9.3; 23000 / 22500 − 1 = 2.22 → 2.2
    assert text[2].startswith(
        "1–9月，全市外贸进出口总额6.28亿美元，同比增长11.9%，完成年度目标的72.2%，低于序时进度2.8个百分点。"
        "其中，出口3.98亿美元，同比增长18.5%，完成年度目标的76.5%，高于序时进度1.5个百分点；"
        "进口2.30亿美元，同比增长2.2%，完成年度目标的65.7%，低于序时进度9.3个百分点。"
        "1–9月，高新技术和机电产品出口占出口总额的28.5%，比上年同期提高1.4个百分点，距30%的目标要求还差1.5个百分点。"
    )
    assert "全市社会消费品零售总额285.00亿元，同比增长14.0%" in text[3]
    assert "年内验收合格的农家店160家" in text[3]
    assert "核准（备案）的外经项目1个，完成年度目标的50.0%，低于序时进度25.0个百分点。" in text[4]
    assert text[5] == "二、工作措施推进情况"
    total = plan_2007.measures.count()
    assert text[6] == (
        f"工作要点共列工作措施{total}项，截至2007年9月30日，已销号1项，推进中1项，滞后1项，未开始{total - 3}项，逾期1项。"
        f"滞后的有：{first.title}（{first.lead.name}）。"
        f"逾期的有：{third.title}（{third.lead.name}，完成时限2007年6月30日）。"
    )
    assert second.title not in text[6]
    assert text[7] == "三、数据报送情况"
    # Judged at 2007-10-20, the date the sentence names: the deadline 2007-10-10 has passed.
    assert text[8].startswith("截至2007年10月20日，未按时报送1–9月数据的科室：对外贸易科（迟报）、")
    assert "（逾期未报）" in text[8]
    assert text[9] == "四、滞后目标原因分析及措施"
    notes = text[10:]
    # The note is the import target's, quoted once beside it; the total of the same department has none.
    assert "进口（对外贸易科）：“进口原油减少， 正协调重点企业扩大进口。”" in notes
    assert "外贸进出口总额（对外贸易科）：科室尚未报送原因分析及措施。" in notes
    assert sum("进口原油减少" in note for note in notes) == 1
    assert "社会消费品零售总额（市场体系建设科）：科室尚未报送原因分析及措施。" in notes
    assert not any(note.startswith("出口（") for note in notes)
    # Nothing in the text is a raw number: every figure as on screen.
    assert "62800" not in draft.body and "72.18" not in draft.body


def test_nothing_behind_and_everyone_on_time(seeded, plan_2007):
    result = compute(plan_2007, 9, today=datetime.date(2007, 10, 5))
    MonthlyReport.objects.all().delete()
    result = compute(plan_2007, 9, today=datetime.date(2007, 10, 5))
    # Judged at 2007-10-05, before the deadline of 2007-10-10: nobody is late, nobody has reported yet.
    departments = "、".join(row.department.name for row in result.departments)
    assert wording.submissions_paragraph(result) == (
        f"截至2007年10月5日，{departments}的1–9月数据尚未到报送截止日期（2007年10月10日）。"
    )
    assert wording.measures_paragraph(result).endswith("无滞后或逾期的工作措施。")


def test_january_drafts_are_reported_with_february(seeded, plan_2007):
    # A January draft (made by an import) is not late: January is due with February, by 2007-03-10.
    trade = Department.objects.get(code="trade")
    MonthlyReport.objects.create(department=trade, year=2007, month=1, state="draft")
    result = compute(plan_2007, 1, today=datetime.date(2026, 12, 5))
    assert result.late_departments == []
    assert {row.timeliness for row in result.departments} == {"with_february"}
    assert wording.submissions_paragraph(result) == "1月数据随2月一并报送（1–2月）。"
