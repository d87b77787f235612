"""The dashboard, the drill-downs and the bulletin: what a leader reads, from one computation."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plan import formatting, progress, registry
from plan.models import Department, Measure, MonthlyReport, Plan, Target, TargetNote
from tests.plan.fakes import CODES_2007, seed_2006_2007


@pytest.fixture
def seeded(plan_2007, actuals):
    seed_2006_2007(actuals)
    MonthlyReport.objects.create(
        department=Department.objects.get(code="trade"),
        year=2007,
        month=9,
        state="submitted",
        on_time=False,
    )
    TargetNote.objects.create(
        target=plan_2007.targets.get(code="import"), month=9, text="进口原油减少，正协调重点企业扩大进口。"
    )
    return actuals


def card(html, code):
    start = html.index(f'id="card-{code}"')
    end = html.find('class="col"', start)
    return html[start : end if end != -1 else len(html)]


def test_anonymous_is_sent_to_log_in(client, seeded):
    for url in ["/", "/plan/2007/targets/export/", "/departments/trade/", "/plan/2007/bulletin/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    assert client.get("/plan/2007/bulletin.xlsx").status_code == 302


def test_dashboard_opens_on_the_latest_month_with_its_lights_and_notes(login_as, seeded, trade_staff):
    html = login_as(trade_staff).get("/").content.decode()
    assert "截至2007年1–9月" in html
    export, imports = card(html, "export"), card(html, "import")
    assert 'data-status="green"' in export and "进口原油减少" not in export
    assert 'data-status="red"' in imports and "进口原油减少" in imports
    # 23000 万美元 = 2.30 亿美元; 23000 / 35000 = 65.7 %; 同比 23000 / 22500 = +2.2 %
    assert "2.30 亿美元" in imports and "65.7%" in imports and "增长 2.2%" in imports
    # The retail figures are sample data; the trade ones are not.
    assert "示例数据" in card(html, "retail_sales") and "示例数据" not in export
    # Yellow without a note from its department: the card says it is missing.
    assert "科室尚未填写" in card(html, "retail_sales")
    assert 'id="chart-export" type="application/json"' in html
    assert 'data-chart="chart-export"' in html


def test_changing_the_as_of_month(login_as, seeded, leader):
    html = login_as(leader).get("/", {"year": 2007, "month": 6}).content.decode()
    assert "截至2007年1–6月" in html
    assert "50.0%" in html
    # 39800 × 6 / 9 = 26533 万美元 = 2.65 亿美元
    assert "2.65 亿美元" in card(html, "export")
    assert "进口原油减少" not in html  # that note is September's


def test_the_completeness_table(login_as, seeded, leader):
    html = login_as(leader).get("/", {"month": 9}).content.decode()
    row = re.search(r'id="completeness-trade".*?</tr>', html, re.S).group(0)
    assert "已提交" in row and "迟报" in row
    row = re.search(r'id="completeness-office".*?</tr>', html, re.S).group(0)
    assert "未开始" in row and "逾期未报" in row


def test_measures_by_section_and_the_overdue_ones(login_as, seeded, leader, plan_2007):
    first = plan_2007.measures.order_by("order").first()
    Measure.objects.filter(pk=first.pk).update(status="behind", due="2007-06-30")
    html = login_as(leader).get("/", {"month": 9}).content.decode()
    overdue = re.search(r'id="overdue".*?</ul>', html, re.S).group(0)
    assert first.title in overdue
    # Totals row: 25 not started, 0 in progress, 1 behind, 0 done, 0 closed.
    totals = re.search(r"<tfoot>.*?</tfoot>", html, re.S).group(0)
    assert re.findall(r'<td class="text-end">(\d+)</td>', totals) == ["25", "0", "1", "0", "0"]


def test_registers_at_a_glance_show_counts_and_registered_summaries(login_as, seeded, leader):
    registry.register_summary("农家店（按旗县区）", lambda year, month: [("新城区", 12), ("武川县", 3)])
    html = login_as(leader).get("/", {"month": 9}).content.decode()
    assert "农家店（按旗县区）" in html
    assert "武川县" in html
    registers = html[html.index('id="registers"') :]
    assert "160 家" in registers and "1 个" in registers


def test_the_year_selector(login_as, seeded, leader):
    Plan.objects.create(year=2006, title="2006年工作要点", status=Plan.Status.DRAFT)
    client = login_as(leader)
    html = client.get("/", {"year": 2006}).content.decode()
    assert "2006年工作要点" in html
    assert '<option value="2006" selected>' in html
    # The menu still leads to the current (active) plan.
    assert 'href="/plan/2007/measures/"' in html
    assert client.get("/", {"year": 1990}).status_code == 404


def test_a_plan_year_without_figures_is_all_grey(login_as, plan_2007, actuals, leader):
    html = login_as(leader).get("/").content.decode()
    assert html.count('data-status="grey"') == plan_2007.targets.count()
    assert "本期暂无数据" in html


def test_target_drill_down(login_as, seeded, leader):
    html = login_as(leader).get("/plan/2007/targets/export/", {"month": 9}).content.decode()
    table = re.search(r'id="monthly-table".*?</table>', html, re.S).group(0)
    # 1–2月 combined, then 39800 × m / 9 a month.
    assert re.search(r'id="row-2".*?1–2月', table, re.S)
    row9 = re.search(r'id="row-9".*?</tr>', table, re.S).group(0)
    assert "3.98 亿美元" in row9 and "增长 18.5%" in row9
    assert 'id="figure-history"' in html
    assert login_as(leader).get("/plan/2007/targets/nope/").status_code == 404


def test_department_drill_down(login_as, seeded, markets_staff):
    html = login_as(markets_staff).get("/departments/trade/", {"month": 9}).content.decode()
    assert 'id="card-export"' in html and 'id="card-retail_sales"' not in html
    assert "2007-09" in re.search(r'id="department-reports".*?</table>', html, re.S).group(0)
    measures = re.search(r'id="department-measures".*?</table>', html, re.S).group(0)
    assert "壮大出口主体规模和实力" in measures
    assert login_as(markets_staff).get("/departments/nope/").status_code == 404


def test_bulletin_numbers_equal_the_dashboard_s(login_as, seeded, leader, plan_2007):
    client = login_as(leader)
    dashboard = client.get("/", {"month": 9}).content.decode()
    bulletin = client.get("/plan/2007/bulletin/", {"month": 9}).content.decode()
    api = client.get("/api/v1/progress/2007/", {"as_of": "2007-09"}).json()
    book = load_workbook(io.BytesIO(client.get("/plan/2007/bulletin.xlsx", {"month": 9}).content))
    sheet = book.worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert "app-navbar" not in bulletin  # printable: no navigation
    assert "@page" in (pathlib_static("bulletin/static/bulletin/bulletin.css"))

    for target_api in api["targets"]:
        code = target_api["code"]
        target = Target.objects.get(plan=plan_2007, code=code)
        row_html = re.search(rf'id="bulletin-{code}".*?</tr>', bulletin, re.S).group(0)
        card_html = card(dashboard, code)
        assert f'data-status="{target_api["status"]}"' in row_html
        assert f'data-status="{target_api["status"]}"' in card_html
        if target_api["actual"] is None:  # a target no figure answers yet (none of the 2007 plan's)
            assert target_api["status"] == "grey" and rows[target.name][5] is None
            continue
        actual = formatting.target_amount(target, Decimal(str(target_api["actual"])))
        assert actual in row_html and actual in card_html
        if target.kind != "share":
            completion = formatting.percent(Decimal(str(target_api["completion_pct"])))
            assert completion in row_html and completion in card_html
        # The workbook in the plan's units, as the screen shows it.
        xlsx = rows[target.name]
        assert xlsx[2] == ("%" if target.kind == "share" else target.display_unit)
        shown = formatting.target_amount(target, Decimal(str(xlsx[5])) * target.display_factor)
        assert shown == actual
        if target.kind == "share":
            assert xlsx[6] is None and xlsx[7] is None and xlsx[8] is not None
        else:
            assert formatting.percent(Decimal(str(xlsx[6]))) == completion
            assert xlsx[8] is None
            projected = formatting.target_amount(target, Decimal(str(xlsx[12])) * target.display_factor)
            assert projected in card_html
    # The notes of the off-track targets, and the late departments.
    assert "进口原油减少" in re.search(r'id="note-import".*?</div>', bulletin, re.S).group(0)
    assert 'id="note-export"' not in bulletin
    late = re.search(r'id="late-departments".*?</p>', bulletin, re.S).group(0)
    assert "对外贸易科" in late
    # The note is the import target's: beside it only, not beside the total of its department, also off track.
    assert rows["进口"][14] == "进口原油减少，正协调重点企业扩大进口。"
    assert rows["外贸进出口总额"][14] is None


def pathlib_static(name):
    from django.conf import settings

    return (settings.BASE_DIR / name).read_text(encoding="utf-8")


def test_the_workbook_is_an_attachment(login_as, seeded, leader):
    response = login_as(leader).get(reverse("bulletin:xlsx", args=[2007]), {"month": 9})
    assert response["Content-Disposition"] == 'attachment; filename="bulletin-2007-09.xlsx"'


# Query counts on big data: ten years of monthly reports, 300 measures, and actuals functions that each run a
# query, as the domain apps' functions do.


@pytest.fixture
def big(plan_2007, actuals, monkeypatch, settings):
    # Nothing kept between requests, so that every request pays the whole computation (plan.cache keeps the
    # parts that read only the plan's tables even with these fakes; tests/plan/test_cache.py counts it).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    departments = list(Department.objects.all())
    MonthlyReport.objects.bulk_create(
        MonthlyReport(department=d, year=year, month=month, state="approved", on_time=True)
        for year in range(1998, 2008)
        for month in range(1, 13)
        for d in departments
    )
    section = plan_2007.sections.get(code="3.1")
    Measure.objects.bulk_create(
        Measure(
            plan=plan_2007,
            code=f"9.{n}",
            section=section,
            title=f"措施{n}",
            lead=departments[n % 5],
            due="2007-12-31",
            order=100 + n,
        )
        for n in range(300)
    )
    seed_2006_2007(actuals)

    def querying(func):
        def run(year):
            Plan.objects.filter(year=year).exists()  # one query, like a real app's aggregate
            return func(year)

        return run

    monkeypatch.setattr(
        registry.actuals,
        "_actuals",
        {code: querying(func) for code, func in registry.actuals._actuals.items()},
    )
    registry.register_summary("按阶段", querying_summary)


def querying_summary(year, month):
    return [(str(year), Plan.objects.filter(year=year).count())]


# Every request: the session and the user before the view. The first request after logging in also saves the
# session after it (a savepoint, the update, its release), which slides the idle time-out; later ones within a
# minute do not write it (config/sessions.py).
REQUEST = 2
REFRESH = 3
# plan.progress.compute: the targets with their departments, an actuals function per target for this year and
# one for last year (one query each here: these fakes are not batched), the departments with their reports of
# the month, the targets' notes of the month.
COMPUTE = 1 + 2 * len(CODES_2007) + 1 + 1
# What it reads when a page first asks for it: the month's reporting deadline (the submissions), the measures,
# and the one registered summary.
DEADLINE = MEASURES = SUMMARIES = 1
# The pages that group the measures by section read the plan's sections.
SECTIONS = 1
# The dashboard and the API read the tables' tokens first (plan.cache).
TOKENS = 1
# What the apps above plan count beside its targets, measures and months (plan.registry.badges_for: the open 批示
# of supervision), one query a page; and the bulletin's 督办件办理情况 (supervision.selectors.month_summary).
BADGES = 1
SUPERVISION = 1


def test_dashboard_queries_are_fixed_on_big_data(login_as, big, leader, django_assert_num_queries):
    client = login_as(leader)
    # + the plans (for the selector, the default plan and the menu).
    with django_assert_num_queries(
        REQUEST + REFRESH + TOKENS + COMPUTE + DEADLINE + MEASURES + SUMMARIES + SECTIONS + BADGES + 1
    ):
        response = client.get("/", {"month": 9})
    assert response.status_code == 200
    # The session is not written again.
    with django_assert_num_queries(
        REQUEST + TOKENS + COMPUTE + DEADLINE + MEASURES + SUMMARIES + SECTIONS + BADGES + 1
    ):
        response = client.get("/", {"month": 9})
    assert response.status_code == 200
    assert "措施299" not in response.content.decode()  # the measures are counted, not listed


def test_api_queries_are_fixed_on_big_data(login_as, big, leader, django_assert_num_queries):
    client = login_as(leader)
    # + the plan of the year; the API has no register summaries.
    with django_assert_num_queries(REQUEST + REFRESH + TOKENS + COMPUTE + DEADLINE + MEASURES + 1):
        response = client.get("/api/v1/progress/2007/", {"as_of": "2007-09"})
    assert len(response.json()["measures"]) == 326


def test_api_with_a_token_needs_no_session(client, big, leader, django_assert_num_queries):
    from api.models import ApiToken

    token = ApiToken(user=leader)
    key = token.set_new_key()
    token.save()
    client.get("/api/v1/progress/2007/", HTTP_AUTHORIZATION=f"Bearer {key}")  # notes the token's first use
    # 1 the token with its account, 2 the plan, 3 the tables' tokens, then the computation (no summaries).
    with django_assert_num_queries(3 + COMPUTE + DEADLINE + MEASURES):
        response = client.get("/api/v1/progress/2007/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_target_page_and_bulletin_queries_are_fixed_on_big_data(
    login_as, big, leader, django_assert_num_queries
):
    client = login_as(leader)
    # + the plan of the year, the menu's plan year (and nothing of the measures, submissions or summaries); the
    # tables' tokens, for the actuals the cache holds (these fakes are not batched, so none here).
    with django_assert_num_queries(REQUEST + REFRESH + TOKENS + COMPUTE + BADGES + 2):
        client.get("/plan/2007/targets/export/", {"month": 9})
    # + the plan of the year; the bulletin has no menu; + the month's draft and issues (one query) and, for
    # the text drafted beside the numbers, the facts the domain apps declare (Plugin.facts): the export
    # categories 1, the village stores by county with those awaiting acceptance 1, the overseas projects
    # realised and signed 2; the submissions and the measures, not the register summaries.
    # Both read the tables' tokens for the cached actuals.
    with django_assert_num_queries(
        REQUEST + TOKENS + COMPUTE + DEADLINE + MEASURES + 1 + 1 + 4 + SUPERVISION
    ):
        client.get("/plan/2007/bulletin/", {"month": 9})
    with django_assert_num_queries(REQUEST + TOKENS + COMPUTE + DEADLINE + MEASURES + 1):
        client.get("/plan/2007/bulletin.xlsx", {"month": 9})


def test_computation_does_not_grow_with_the_years(big, plan_2007, django_assert_num_queries):
    # Ten years of reports in the table, and still the same queries.
    with django_assert_num_queries(COMPUTE):
        result = progress.compute(plan_2007, 9)
    assert result.target("export").status == "green"
    departments = Department.objects.count()
    with django_assert_num_queries(DEADLINE + MEASURES + SUMMARIES):
        assert len(result.departments) == departments
        assert len(result.measures) == 326
        assert result.summaries


def test_a_target_no_app_answers_for_says_so(login_as, plan_2007, monkeypatch, leader):
    monkeypatch.setattr(registry.actuals, "_actuals", {})
    html = login_as(leader).get("/").content.decode()
    assert card(html, "export").count("尚无数据来源") == 1


def test_pages_have_no_inline_script_or_style(login_as, seeded, leader):
    client = login_as(leader)
    for url in ["/", "/plan/2007/targets/export/", "/departments/trade/", "/plan/2007/bulletin/"]:
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        assert " on" + "click=" not in html, url
        # Every <script> either loads a file or is a json_script data block.
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
