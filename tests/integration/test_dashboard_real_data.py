"""The dashboard and the progress API on the real apps' data: figures entered through the import path and
village stores and overseas projects on their registers, worked out by hand from docs/rules.md."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from markets.models import County, VillageStore
from outreach.models import OverseasProject
from plan.models import Plan
from plan.progress import compute
from tests.conftest import import_figures


@pytest.fixture
def figures(plan_2007):
    import_figures(
        *[
            # 2006: 1–9月 and the full year (万美元, 万元).
            ("export", 2006, 9, 30000),
            ("import", 2006, 9, 20000),
            ("export", 2006, 12, 40000),
            ("import", 2006, 12, 27000),
            ("export_mech_elec", 2006, 9, 6000),
            ("export_hitech", 2006, 9, 2400),
            ("export_hitech_mech_union", 2006, 9, 7500),
            ("retail_sales", 2006, 9, 2500000),
            # 2007: 1–2月 released together, then 1–9月.
            ("export", 2007, 2, 7000),
            ("import", 2007, 2, 5000),
            ("export", 2007, 9, 36000),
            ("import", 2007, 9, 24000),
            ("export_mech_elec", 2007, 9, 9000),
            ("export_hitech", 2007, 9, 3600),
            ("export_hitech_mech_union", 2007, 9, 10440),
            ("retail_sales", 2007, 9, 2900000),
        ]
    )


@pytest.fixture
def registers(plan_2007):
    county = County.objects.get(name="赛罕区")
    day = datetime.date
    for n, (category, built, accepted) in enumerate(
        [
            ("general", day(2007, 3, 1), day(2007, 9, 30)),  # accepted on the last day of September: counts
            ("farm_supply", day(2007, 4, 1), day(2007, 6, 15)),  # counts
            ("general", day(2007, 5, 1), day(2007, 10, 1)),  # accepted after September: not yet
            ("single", day(2007, 2, 1), day(2007, 3, 1)),  # a single-product shop: never
            ("general", day(2006, 5, 1), day(2006, 11, 1)),  # accepted the year before: not this year's
            ("general", day(2007, 6, 1), None),  # built, not accepted
        ],
        start=1,
    ):
        VillageStore.objects.create(
            name=f"测试店{n}", county=county, category=category, built_on=built, accepted_on=accepted
        )
    OverseasProject.objects.create(
        name="乳制品加工厂",
        enterprise="伊利集团",
        country="蒙古国",
        stage="approved",
        approved_on=day(2007, 7, 20),
    )
    OverseasProject.objects.create(name="皮革厂", enterprise="某公司", country="俄罗斯", stage="signed")


def _targets(year=2007, month=9):
    return {item.target.code: item for item in compute(Plan.objects.get(year=year), month).targets}


def test_amount_targets_by_hand(figures):
    targets = _targets()
    total = targets["trade_total"]
    # 36000 + 24000 = 60000 of 87000 → 68.97 %; 同比 (60000 − 50000) / 50000 = 20.0 %.
    assert total.actual == Decimal("60000")
    assert round(total.completion_pct, 2) == Decimal("68.97")
    assert round(total.yoy_growth_pct, 1) == Decimal("20.0")
    # Last year 1–9月 was 50000 of 67000 for the year: 74.63 % expected by now; projected 60000 / 0.7463 = 80400.
    assert round(total.seasonal_expected_pct, 2) == Decimal("74.63")
    assert round(total.projected, 0) == Decimal("80400")
    # 68.97 < 75 (序时进度) but ≥ 0.9 × 75 = 67.5, and 20.0 ≥ 16 − 3: yellow.
    assert total.status == "yellow"
    # Retail: 2900000 of 4000000 → 72.5 %; 同比 16.0 %; no 2006 full year → linear: 2900000 × 12 / 9.
    retail = targets["retail_sales"]
    assert round(retail.completion_pct, 2) == Decimal("72.50")
    assert round(retail.yoy_growth_pct, 1) == Decimal("16.0")
    assert retail.seasonal_expected_pct is None
    assert round(retail.projected, 2) == Decimal("3866666.67")
    assert retail.status == "yellow"


def test_the_share_target_uses_the_deduplicated_union(figures):
    share = _targets()["export_hitech_mech_share"]
    # 10440 / 36000 = 29.0 %: under 30, at least 27 → yellow (not 9000 + 3600 = 35.0 %, which double-counts).
    assert round(share.actual, 2) == Decimal("29.00")
    assert share.status == "yellow"


def test_january_is_grey_when_1_2_months_are_combined(figures):
    targets = _targets(month=1)
    assert targets["export"].actual is None
    assert targets["export"].status == "grey"
    assert _targets(month=2)["export"].actual == Decimal("7000")


def test_count_targets_follow_the_registers(figures, registers):
    targets = _targets()
    # Two stores count by 30 September (the 9-30 acceptance included); 2 of 200 = 1.0 %.
    assert targets["village_stores"].actual == Decimal("2")
    assert round(targets["village_stores"].completion_pct, 2) == Decimal("1.00")
    # One project reached 核准/备案 in July.
    assert targets["overseas_projects"].actual == Decimal("1")
    assert _targets(month=6)["overseas_projects"].actual == Decimal("0")


def test_the_api_and_the_dashboard_show_the_same_numbers(client, leader, figures, registers):
    client.force_login(leader)
    data = client.get(reverse("api:progress", args=[2007]), {"as_of": "2007-09"}).json()
    by_code = {t["code"]: t for t in data["targets"]}
    assert by_code["trade_total"]["actual"] == 60000.0
    assert by_code["trade_total"]["completion_pct"] == 68.97
    assert by_code["trade_total"]["yoy_growth_pct"] == 20.0
    assert by_code["trade_total"]["status"] == "yellow"
    assert by_code["village_stores"]["actual"] == 2.0
    html = client.get(reverse("plan:dashboard"), {"year": 2007, "as_of": "2007-09"}).content.decode()
    assert "6.00 亿美元" in html  # 60000 万美元 on the card
    # The registers at a glance: stores by 旗县区 and projects by stage.
    assert "计入目标的农家店（按旗县区）" in html and "外经项目（按当前阶段）" in html
