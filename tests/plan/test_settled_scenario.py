"""One month on the edge of every settled rule (docs/rules.md, "Settled questions"), read on every surface: the
dashboard, the drill-down, the bulletin page, its workbook and the progress API must agree field by field,
and each agrees with the values worked out by hand below.

2007, as of September (today 2007-11-20). Base units: 万美元, 万元.

export       38974 / 52000 = 74.95 %  → shown 75.0 %, level with 序时进度 75.0 % (gap 0.0)
             同比 38974 / 33612.76 − 1 = 15.95001 % → shown 16.0 %, meets +16 %              → green
             projected 38974 × 45000 / 33612.76 = 52177.5 → 5.22 亿美元
import       23000 / 35000 = 65.71 % → 65.7 % < 0.9 × 75.0 = 67.5                        → red
             同比 +15.0 %; gap 65.7 − 75.0 = −9.3; projected 23000 × 28000 / 20000 = 3.22 亿美元
trade_total  61974 / 87000 = 71.23 % → 71.2 % ≥ 67.5; 同比 15.596 → 15.6 %: < 16, ≥ 13     → yellow
             projected 61974 × 73000 / 53612.76 = 84384.8 → 8.44 亿美元
share        10503.5 / 38974 = 26.95002 % → shown 27.0 %: yellow; 27.0 − 30 = −3.0 个百分点; no completion
retail       2850000 / 4000000 = 71.25 % → 71.3 %; gap 71.3 − 75.0 = −3.7; 同比 14.87 → 14.9 ≥ 12 → yellow
             (October is entered too: the default month stays September, the card keeps its figure)
             projected (no 2006 full year) 2850000 × 12 / 9 = 380.00 亿元
village      7 stores accepted (a single-product shop and one awaiting acceptance do not count; 2006's five
             give no 同比 and no line): 3.5 %, gap −71.5, projected 7 × 12 / 9 = 9.33 → 9 家          → red
overseas     0 realised (a signed one and one approved in October do not count): a figure, 0.0 %,
             projected 0 个                                                                       → red
measures     one due 2007-09-15: overdue at the as-of date 2007-09-30; one due 2007-10-15: not overdue on
             the dashboard or bulletin (judged at 2007-09-30), overdue in the measures list (today)
"""

import datetime
import io
import re
from decimal import Decimal as D

import pytest
import time_machine
from openpyxl import load_workbook

from markets.models import County, RetailFigure, VillageStore
from outreach.models import OverseasProject
from plan import formatting, registry
from plan.models import Target
from trade.models import TradeFigure

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2007, 11, 20, 10, 0, tzinfo=datetime.UTC)

EXPECTED = {
    # code: (status, actual, completion, gap, threshold, yoy, projected)
    "export": ("green", "3.90 亿美元", "75.0%", "0.0 个百分点", "—", "增长 16.0%", "5.22 亿美元"),
    "import": ("red", "2.30 亿美元", "65.7%", "-9.3 个百分点", "—", "增长 15.0%", "3.22 亿美元"),
    "trade_total": ("yellow", "6.20 亿美元", "71.2%", "-3.8 个百分点", "—", "增长 15.6%", "8.44 亿美元"),
    "export_hitech_mech_share": ("yellow", "27.0%", "—", "—", "-3.0 个百分点", None, "—"),
    "retail_sales": ("yellow", "285.00 亿元", "71.3%", "-3.7 个百分点", "—", "增长 14.9%", "380.00 亿元"),
    "village_stores": ("red", "7 家", "3.5%", "-71.5 个百分点", "—", "—", "9 家"),
    "overseas_projects": ("red", "0 个", "0.0%", "-75.0 个百分点", "—", "—", "0 个"),
}


def figures(model, code, year, values):
    for month, value in values.items():
        model.objects.create(indicator=code, year=year, month=month, cumulative=D(str(value)))


@pytest.fixture
def scenario(plan_2007):
    figures(TradeFigure, "export", 2006, {9: "33612.76", 12: 45000})
    figures(TradeFigure, "import", 2006, {9: 20000, 12: 28000})
    figures(TradeFigure, "export", 2007, {2: 8000, 9: 38974})
    figures(TradeFigure, "import", 2007, {2: 5000, 9: 23000})
    figures(TradeFigure, "export_mech_elec", 2007, {9: 9000})
    figures(TradeFigure, "export_hitech", 2007, {9: 3000})
    figures(TradeFigure, "export_hitech_mech_union", 2007, {9: "10503.5"})
    figures(RetailFigure, "retail_sales", 2006, {9: 2481000})
    figures(RetailFigure, "retail_sales", 2007, {9: 2850000, 10: 3200000})
    # Any other amount target of the plan (one added after this scenario was written) has its 1–9月 figure
    # as well, so that the default month is still the latest with every amount.
    for target in plan_2007.targets.filter(kind=Target.Kind.AMOUNT):
        indicator = registry.indicator(target.code)
        if indicator is not None and not indicator.model.objects.filter(indicator=target.code).exists():
            figures(indicator.model, target.code, 2007, {9: target.value / 2})
    county = County.objects.order_by("order").first()

    def store(name, built, accepted, category="general"):
        VillageStore.objects.create(
            name=name, county=county, category=category, built_on=built, accepted_on=accepted
        )

    for n in range(5):
        store(f"2006店{n}", datetime.date(2006, 5, 1), datetime.date(2006, 6, 1))
    for n in range(7):
        store(f"农家店{n}", datetime.date(2007, 3, 1), datetime.date(2007, 4 + n % 5, 10))
    store("药店", datetime.date(2007, 3, 1), datetime.date(2007, 4, 1), category="single")
    store("待验收店", datetime.date(2007, 8, 1), None)
    OverseasProject.objects.create(name="签约项目", enterprise="甲公司", country="蒙古", stage="signed")
    OverseasProject.objects.create(
        name="十月核准项目",
        enterprise="乙公司",
        country="俄罗斯",
        stage="approved",
        approved_on=datetime.date(2007, 10, 8),
    )
    first, second = plan_2007.measures.order_by("order")[:2]
    first.due, second.due = datetime.date(2007, 9, 15), datetime.date(2007, 10, 15)
    first.save()
    second.save()
    return first, second


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def field(html: str, css: str) -> str:
    """The text of the first element whose class list holds `css`."""
    found = re.search(rf'<(\w+)[^>]*class="(?:[^"]*\s)?{css}(?:\s[^"]*)?"[^>]*>(.*?)</\1>', html, re.S)
    return plain(found.group(2)) if found else "—"


def card(html: str, code: str) -> str:
    start = html.rfind("<div", 0, html.index(f'id="card-{code}"'))
    end = html.find('class="chart-box', start)
    return html[start:end]


def test_every_surface_agrees_on_the_edge_of_every_rule(client, leader, scenario):
    overdue_measure, later_measure = scenario
    client.force_login(leader)
    with time_machine.travel(TODAY, tick=False):
        dashboard = client.get("/").content.decode()
        bulletin = client.get("/plan/2007/bulletin/", {"month": 9}).content.decode()
        api = client.get("/api/v1/progress/2007/").json()
        book = load_workbook(io.BytesIO(client.get("/plan/2007/bulletin.xlsx", {"month": 9}).content))
        details = {
            code: client.get(f"/plan/2007/targets/{code}/", {"month": 9}).content.decode()
            for code in EXPECTED
        }
        measures = client.get("/plan/2007/measures/").content.decode()

    # The default month: the latest in which every amount target has a figure, and the page says why.
    assert api["as_of"] == "2007-09" and api["as_of_reason"] == "all_amounts"
    assert api["measures_overdue_on"] == "2007-09-30" and api["deadlines_judged_on"] == "2007-11-20"
    overdue_in_api = {m["code"] for m in api["measures"] if m["overdue"]}
    assert overdue_measure.code in overdue_in_api and later_measure.code not in overdue_in_api
    reason = plain(re.search(r'id="month-reason".*?</p>', dashboard, re.S).group(0))
    assert "1–9月" in reason and "社会消费品零售总额" in reason
    assert 'data-reason="all_amounts"' in dashboard

    # The API keeps two decimals while the status follows the one shown: 74.95 % is green beside 75.0 %.
    by_code = {item["code"]: item for item in api["targets"]}
    assert by_code["export"]["completion_pct"] == 74.95 and by_code["export"]["status"] == "green"
    assert by_code["export"]["yoy_growth_pct"] == 15.95
    assert by_code["export_hitech_mech_share"]["completion_pct"] is None
    assert by_code["export_hitech_mech_share"]["threshold_points"] == -3.0
    for code in ("village_stores", "overseas_projects"):
        assert by_code[code]["yoy_growth_pct"] is None and by_code[code]["seasonal_expected_pct"] is None
    assert by_code["overseas_projects"]["actual"] == 0 and by_code["overseas_projects"]["completion_pct"] == 0

    rows = {row[0]: row for row in book.worksheets[0].iter_rows(values_only=True) if row and row[0]}
    for code, (status, actual, completion, gap, threshold, yoy, projected) in EXPECTED.items():
        target = Target.objects.get(plan__year=2007, code=code)
        item = by_code[code]
        on_card, on_detail = card(dashboard, code), card(details[code], code)
        row = re.search(rf'id="bulletin-{code}".*?</tr>', bulletin, re.S).group(0)
        xlsx = rows[target.name]

        # Status.
        assert item["status"] == status, code
        assert f"status-{status}" in on_card and f"status-{status}" in on_detail
        assert f'data-status="{status}"' in row
        assert xlsx[13] == field(on_card, "status-badge") or xlsx[13] in plain(on_card)

        # The actual, in the plan's unit everywhere (the workbook's number in its 单位 column's unit).
        assert formatting.target_amount(target, D(str(item["actual"]))) == actual
        assert actual in field(on_card, "target-actual") and actual in field(on_detail, "target-actual")
        assert field(row, "actual") == actual
        assert xlsx[2] == ("%" if target.kind == "share" else target.display_unit)
        assert formatting.target_amount(target, D(str(xlsx[5])) * target.display_factor) == actual

        # Completion: none for the share.
        api_completion = item["completion_pct"]
        assert (
            formatting.percent(D(str(api_completion))) if api_completion is not None else "—"
        ) == completion
        assert field(row, "completion") == completion
        assert (formatting.percent(D(str(xlsx[6]))) if xlsx[6] is not None else "—") == completion
        if target.kind != "share":
            assert field(on_card, "completion") == completion == field(on_detail, "completion")

        # The gap to 序时进度 (never the share's) and the share's distance from 30 (its own column).
        for expected, css, column, key in (
            (gap, "gap", 7, "gap_points"),
            (threshold, "threshold", 8, "threshold_points"),
        ):
            api_value = item[key]
            assert (formatting.points(D(str(api_value))) if api_value is not None else "—") == expected
            assert field(row, css) == expected
            assert (formatting.points(D(str(xlsx[column]))) if xlsx[column] is not None else "—") == expected
            if expected != "—":
                assert expected in field(on_card, css) and expected in field(on_detail, css)

        # 同比: none for counts (and the share's is in points).
        if yoy is not None:
            api_yoy = item["yoy_growth_pct"]
            assert formatting.growth(None if api_yoy is None else D(str(api_yoy))) == yoy
            assert field(row, "yoy") == yoy
            assert formatting.growth(None if xlsx[9] is None else D(str(xlsx[9]))) == yoy
            if target.kind == "count":
                assert 'class="col-6 mb-0 text-end yoy"' not in on_card
                assert item["seasonal_expected_pct"] is None
            else:
                assert field(on_card, "yoy") == yoy == field(on_detail, "yoy")

        # The projection: a whole number for counts.
        api_projected = item["projected"]
        assert (
            formatting.target_amount(target, D(str(api_projected))) if api_projected is not None else "—"
        ) == projected
        assert field(row, "projected") == projected
        if target.kind == "count":
            assert api_projected == int(api_projected)
        if target.kind != "share":
            assert field(on_card, "projected") == projected == field(on_detail, "projected")
            assert formatting.target_amount(target, D(str(xlsx[12])) * target.display_factor) == projected

    # Counts: no prior-year line, and a link to the register filtered to what counts.
    for code, key in (("village_stores", "village-stores"), ("overseas_projects", "overseas-projects")):
        assert '"last": null' in details[code]
        assert f"/registers/{key}/?counts=2007-09" in details[code]
        assert "数据录入后" not in details[code]
    assert '"last": [' in details["export"]
    assert "数据录入后" not in details["export"]

    # Overdue: judged at the as-of date on the dashboard and the bulletin, today in the list; each says so.
    for page in (dashboard, bulletin):
        assert "2007年9月30日" in plain(re.search(r'id="overdue-judged".*?</p>', page, re.S).group(0))
    overdue_block = re.search(r'id="overdue".*?</ul>', dashboard, re.S).group(0)
    assert overdue_measure.code in overdue_block and later_measure.code not in overdue_block
    assert "2007年11月20日" in plain(re.search(r'id="overdue-judged".*?</p>', measures, re.S).group(0))
    later_row = re.search(
        rf"<tr[^>]*>(?:(?!</tr>).)*?{re.escape(later_measure.title)}.*?</tr>", measures, re.S
    )
    assert later_row and "逾期" in plain(later_row.group(0))


def test_the_register_link_lists_what_counts(client, leader, scenario):
    client.force_login(leader)
    with time_machine.travel(TODAY, tick=False):
        stores = plain(client.get("/registers/village-stores/", {"counts": "2007-09"}).content.decode())
        projects = plain(client.get("/registers/overseas-projects/", {"counts": "2007-09"}).content.decode())
        october = plain(client.get("/registers/overseas-projects/", {"counts": "2007-10"}).content.decode())
        # Anything but a YYYY-MM month is ignored: the whole register.
        garbage = plain(client.get("/registers/village-stores/", {"counts": "2007-13"}).content.decode())
        assert client.get("/registers/village-stores/", {"counts": "0000-01"}).status_code == 200
    assert all(f"农家店{n}" in stores for n in range(7))
    assert "药店" not in stores and "待验收店" not in stores and "2006店0" not in stores
    assert "十月核准项目" not in projects and "签约项目" not in projects
    assert "十月核准项目" in october
    assert "药店" in garbage and "2006店0" in garbage
