"""Late and missing reports, judged by the one rule (plan.progress.departments.timeliness) at the date each
place names: the bulletin's text, its workbook, the department's page, the month list.

January has no deadline of its own (due with February, by 03-10); a year holding only the prior-year base
figures has no reports; a draft past its deadline is 逾期未报 wherever it shows."""

import datetime
import io
import re

import pytest
import time_machine
from openpyxl import load_workbook

from plan.models import Department, MonthlyReport

TODAY = datetime.datetime(2007, 11, 20, 10, 0)  # after the 10-11-10 deadline of October's report


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def trade(plan_2007):
    return Department.objects.get(code="trade")


def test_a_january_draft_is_not_late_anywhere(login_as, leader, trade_staff, trade):
    # An import made January's report as a draft; nothing submitted. Judged at 2007-11-20 (past 03-10).
    MonthlyReport.objects.create(department=trade, year=2007, month=1, state="draft")
    with time_machine.travel(TODAY, tick=False):
        page = plain(login_as(leader).get("/plan/2007/bulletin/", {"month": 1}).content.decode())
        months = plain(login_as(trade_staff).get("/months/trade/", {"year": 2007}).content.decode())
    assert "对外贸易科（逾期未报）" not in page
    assert "1月数据随2月一并报送（1–2月）。" in page
    # The month list: January's row says so and has no 逾期 badge; February's, not submitted, is overdue.
    january = months[months.index("2007年1月") : months.index("2007年1–2月")]
    assert "随1–2月一并报送" in january and "逾期" not in january
    february = months[months.index("2007年1–2月") : months.index("2007年1–3月")]
    assert "2007-03-10 逾期未报" in february


def test_the_workbook_names_the_date_it_judges_reports_at(login_as, leader, trade):
    MonthlyReport.objects.create(department=trade, year=2007, month=10, state="draft")
    with time_machine.travel(TODAY, tick=False):
        book = load_workbook(
            io.BytesIO(login_as(leader).get("/plan/2007/bulletin.xlsx", {"month": 10}).content)
        )
    targets, submissions = book.worksheets[0], book.worksheets[1]
    labels = {row[0]: row[1] for row in targets.iter_rows(min_row=2, max_row=5, values_only=True)}
    assert labels["工作措施逾期判断日期"].date() == datetime.date(2007, 10, 31)
    assert labels["月报报送情况判断日期"].date() == datetime.date(2007, 11, 20)
    assert submissions["A1"].value == "月报报送情况判断日期"
    assert submissions["B1"].value.date() == datetime.date(2007, 11, 20)
    assert submissions["B1"].number_format == "yyyy-mm-dd"
    rows = {row[0]: row for row in submissions.iter_rows(min_row=3, values_only=True)}
    assert rows["对外贸易科"][2].date() == datetime.date(2007, 11, 10)
    assert rows["对外贸易科"][3] == "逾期未报"


def test_the_same_draft_before_its_deadline_is_not_yet_due(login_as, leader, trade):
    MonthlyReport.objects.create(department=trade, year=2007, month=10, state="draft")
    with time_machine.travel(datetime.datetime(2007, 11, 5, 10, 0), tick=False):
        book = load_workbook(
            io.BytesIO(login_as(leader).get("/plan/2007/bulletin.xlsx", {"month": 10}).content)
        )
    rows = {row[0]: row for row in book.worksheets[1].iter_rows(min_row=3, values_only=True)}
    assert rows["对外贸易科"][3] == "未到期限"


def test_the_department_page_shows_a_past_deadline_draft_as_overdue(login_as, leader, trade):
    MonthlyReport.objects.create(department=trade, year=2007, month=9, state="draft")
    MonthlyReport.objects.create(department=trade, year=2007, month=1, state="draft")
    with time_machine.travel(TODAY, tick=False):
        html = login_as(leader).get("/departments/trade/", {"month": 10}).content.decode()
    september = plain(
        html[
            html.index('id="department-report-9"') : html.index(
                "</tr>", html.index('id="department-report-9"')
            )
        ]
    )
    assert "逾期未报" in september and "2007-10-10" in september
    january = plain(
        html[
            html.index('id="department-report-1"') : html.index(
                "</tr>", html.index('id="department-report-1"')
            )
        ]
    )
    assert "逾期" not in january
    # October, with no report and past its 11-10 deadline at the date the page names, is listed too.
    assert 'id="department-report-10"' in html
    assert "报送期限按今天 2007年11月20日 判断。" in plain(html)


def test_a_year_without_a_plan_has_no_overdue_months(login_as, trade_staff, plan_2007):
    # 2006 holds only the base figures for 同比: its months are not reports.
    with time_machine.travel(TODAY, tick=False):
        html = login_as(trade_staff).get("/months/trade/", {"year": 2006}).content.decode()
    assert "逾期未报" not in plain(html)
    assert "非月报（该年无工作要点）" in plain(html)


def test_a_later_year_without_a_plan_has_no_overdue_months(login_as, trade_staff, plan_2007):
    # 2008 has no plan (nor 2009): nothing to report against, so nothing is 逾期未报 there either.
    with time_machine.travel(datetime.datetime(2009, 6, 1, 10, 0), tick=False):
        html = plain(login_as(trade_staff).get("/months/trade/", {"year": 2008}).content.decode())
    assert "逾期未报" not in html and "非月报（该年无工作要点）" in html
