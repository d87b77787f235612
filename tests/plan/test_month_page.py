"""The department month page: entry, checks, the cycle's buttons, conflicts and history, through the web."""

import datetime
import re
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from markets.models import RetailFigure
from plan import cycle
from plan.models import Department, MonthlyReport, TargetNote
from trade.models import TradeFigure

pytestmark = pytest.mark.django_db

TRADE_CODES = ["export", "import", "export_mech_elec", "export_hitech", "export_hitech_mech_union"]


def month_url(code="trade", year=2007, month=9, name="plan:month"):
    return reverse(name, args=[code, year, month])


def form_data(version=0, unit="wan", action="save", note="", **values):
    """The month page's post; `note` goes into the box of the export target (one box per target)."""
    data = {"version": str(version), "unit": unit, "action": action, "note__export": note}
    if action == "submit":
        data["submit_confirmed"] = "1"  # what the page's script sets when the staffer confirms
    for code, value in values.items():
        data[f"{code}__cumulative"] = value
        data[f"{code}__release"] = "final"
    return data


def seed(model, code, year, values):
    for month, value in values.items():
        model.objects.create(indicator=code, year=year, month=month, cumulative=D(value))


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_owner_sees_the_month_page(client, trade_staff):
    client.force_login(trade_staff)
    response = client.get(month_url())
    assert response.status_code == 200
    page = text(response)
    for label in ["出口", "进口", "机电产品出口", "高新技术产品出口", "高新技术和机电产品出口（去重）"]:
        assert label in page
    assert "2007年1–9月" in page
    assert 'name="export__cumulative"' in response.content.decode()


def test_other_department_gets_403_and_anonymous_goes_to_log_in(client, markets_staff):
    response = client.get(month_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(markets_staff)
    assert client.get(month_url()).status_code == 403
    assert client.post(month_url(), form_data(export="100")).status_code == 403
    assert not TradeFigure.objects.exists()
    assert client.get(month_url("markets")).status_code == 200


def test_a_leader_reads_but_cannot_enter(client, leader):
    client.force_login(leader)
    response = client.get(month_url())
    assert response.status_code == 200
    assert 'name="export__cumulative"' not in response.content.decode()
    assert client.post(month_url(), form_data(export="100")).status_code == 403
    assert not TradeFigure.objects.exists()


def test_the_page_shows_last_month_this_month_and_growth(client, trade_staff):
    seed(TradeFigure, "export", 2006, {8: 30000, 9: 33000})
    seed(TradeFigure, "export", 2007, {8: 34800, 9: 38280})
    client.force_login(trade_staff)
    page = text(client.get(month_url()))
    # 1–8月 34,800; 1–9月 38,280; 当月 3,480 against 3,000 last September (增长 16.0%);
    # the same period last year 33,000, so the cumulative grew 16.0% too.
    assert "34,800.00" in page
    assert "3,480.00" in page
    assert "33,000.00" in page
    assert page.count("增长 16.0%") == 2


def test_february_without_january_is_the_combined_period(client, trade_staff):
    seed(RetailFigure, "retail_sales", 2007, {2: 655000})
    seed(RetailFigure, "retail_sales", 2006, {2: 570000})
    client.force_login(
        trade_staff.__class__.objects.create(
            username="m2", role="staff", department=Department.objects.get(code="markets")
        )
    )
    page = text(client.get(month_url("markets", 2007, 2)))
    assert "1–2月合并" in page
    assert "655,000.00" in page  # 当月 of the combined period is the cumulative itself
    assert "增长 14.9%" in page  # 655,000 / 570,000 − 1 = 14.91%


def test_the_month_page_compares_like_with_like_when_last_year_has_only_jan_feb(client, markets_staff):
    """当月 never mixes periods (docs/rules.md, "Settled questions"): this year has January, last year only 1–2月.
    February is compared as 1–2月 against 1–2月; January alone has nothing to compare with ("—")."""
    seed(RetailFigure, "retail_sales", 2007, {1: 300000, 2: 655000})
    seed(RetailFigure, "retail_sales", 2006, {2: 570000})
    client.force_login(markets_staff)
    html = client.get(month_url("markets", 2007, 2)).content.decode()
    row = re.search(r'<tr class="figure-row" id="row-retail_sales"(.*?)</tr>', html, re.S).group(0)
    # What the script needs to derive the same while typing: the combined period, last year's 1–2月.
    assert 'data-first="1"' in row and 'data-last-year-alone="570000.00"' in row
    cells = {name: text_of(row, name) for name in ("alone", "alone-growth")}
    assert cells == {"alone": "655,000.00 1–2月合并", "alone-growth": "增长 14.9%"}
    html = client.get(month_url("markets", 2007, 1)).content.decode()
    row = re.search(r'<tr class="figure-row" id="row-retail_sales"(.*?)</tr>', html, re.S).group(0)
    assert 'data-last-year-alone=""' in row
    assert (text_of(row, "alone"), text_of(row, "alone-growth")) == ("300,000.00", "—")


def text_of(row_html: str, cell: str) -> str:
    found = re.search(rf'data-cell="{cell}"[^>]*>(.*?)</td>', row_html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found)).strip()


def test_figures_are_stored_in_base_units_whatever_the_unit_typed(client, trade_staff):
    client.force_login(trade_staff)
    response = client.post(
        month_url(),
        form_data(unit="yi", export="3.7916", **{"import": "２．５５１８"}, export_mech_elec="0.9858"),
    )
    assert response.status_code == 302
    stored = dict(TradeFigure.objects.values_list("indicator", "cumulative"))
    assert stored == {"export": D("37916.00"), "import": D("25518.00"), "export_mech_elec": D("9858.00")}


def test_full_width_digits_separators_and_spaces_are_accepted(client, trade_staff):
    client.force_login(trade_staff)
    client.post(month_url(), form_data(export="３７，９１６", **{"import": "25 518.5"}))
    assert TradeFigure.objects.get(indicator="export").cumulative == D("37916")
    assert TradeFigure.objects.get(indicator="import").cumulative == D("25518.50")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "不是数字"),
        ("12,3a", "不是数字"),
        ("NaN", "不是数字"),
        ("Infinity", "不是数字"),
        ("-100", "负数"),
        ("1" * 20, "过大"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_kept(client, trade_staff, plan_2007, typed, message):
    client.force_login(trade_staff)
    response = client.post(month_url(), form_data(export=typed, **{"import": "25518"}, note="说明"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"出口：“{typed}”" in text(response) and message in text(response)
    assert f'value="{typed}"' in html and 'value="25518"' in html  # what was typed stays
    assert "说明" in html
    assert not TradeFigure.objects.exists()
    assert not TargetNote.objects.filter(text="说明").exists()


def test_empty_stores_nothing(client, trade_staff):
    client.force_login(trade_staff)
    assert client.post(month_url(), form_data(export="")).status_code == 302
    assert not TradeFigure.objects.exists()


def test_a_union_outside_its_bounds_is_refused(client, trade_staff):
    client.force_login(trade_staff)
    data = form_data(
        export="40000", export_mech_elec="11000", export_hitech="4000", export_hitech_mech_union="10000"
    )
    response = client.post(month_url(), data)
    page = text(response)
    assert "去重合计 10,000.00 低于两类中较大者（11,000.00）" in page
    assert not TradeFigure.objects.exists()
    data["export_hitech_mech_union__cumulative"] = "12000"
    assert client.post(month_url(), data).status_code == 302
    assert TradeFigure.objects.count() == 4


def test_a_warning_needs_a_confirmation_with_a_note(client, trade_staff, plan_2007):
    seed(TradeFigure, "export", 2007, {8: 34800})
    client.force_login(trade_staff)
    version = cycle.report_get(department=Department.objects.get(code="trade"), year=2007, month=9).version
    data = form_data(version=version, export="34000")
    response = client.post(month_url(), data)
    assert "累计值由1–8月的 34,800.00 降至 34,000.00" in text(response)
    assert 'id="confirm-box"' in response.content.decode()
    assert not TradeFigure.objects.filter(month=9).exists()
    # Confirmed but without a note: still refused.
    response = client.post(month_url(), {**data, "confirm": "on"})
    assert "请填写核实说明" in text(response)
    assert not TradeFigure.objects.filter(month=9).exists()
    response = client.post(month_url(), {**data, "confirm": "on", "confirm_note": "海关调整了8月数据"})
    assert response.status_code == 302
    figure = TradeFigure.objects.get(month=9)
    assert figure.cumulative == D(34000)
    assert figure.history.latest().history_change_reason == "已确认提示：海关调整了8月数据"
    # Saving the month again (a new note) does not ask about the figure already confirmed.
    version = MonthlyReport.objects.get().version
    response = client.post(month_url(), form_data(version=version, export="34,000", note="补充说明"))
    assert response.status_code == 302
    assert TargetNote.objects.get(target__code="export", month=9).text == "补充说明"


def test_a_locked_month_refuses_every_change(client, trade_staff, leader):
    trade = Department.objects.get(code="trade")
    report = cycle.report_submit(
        user=trade_staff,
        report=cycle.report_get(department=trade, year=2007, month=9),
        expected_version=0,
    )
    client.force_login(trade_staff)
    response = client.get(month_url())
    assert 'name="export__cumulative"' not in response.content.decode()
    response = client.post(month_url(), form_data(version=report.version, export="100"))
    assert "已锁定" in text(response)
    assert not TradeFigure.objects.exists()
    cycle.report_approve(user=leader, report=report)
    response = client.post(month_url(), form_data(version=report.version + 1, export="100"))
    assert not TradeFigure.objects.exists()


def test_a_stale_page_is_refused_and_shows_what_the_other_person_saved(client, trade_staff, admin_user):
    client.force_login(trade_staff)
    client.get(month_url())
    # The admin saves first, from a page loaded at version 0.
    cycle.report_get(department=Department.objects.get(code="trade"), year=2007, month=9)
    from django.test import Client

    other = Client()
    other.force_login(admin_user)
    assert other.post(month_url(), form_data(version=0, export="37916")).status_code == 302
    response = client.post(month_url(), form_data(version=0, export="40000"))
    page = text(response)
    assert "管理员 已保存了本月数据" in page
    assert "出口 37,916.00 万美元" in page
    assert 'value="40000"' in response.content.decode()
    assert TradeFigure.objects.get(indicator="export").cumulative == D(37916)


@time_machine.travel(datetime.datetime(2007, 10, 8, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_cycle_through_the_pages(client, trade_staff, markets_staff, leader, admin_user):
    client.force_login(trade_staff)
    client.post(month_url(), form_data(action="submit", export="37916", note="出口增长较快"))
    report = MonthlyReport.objects.get(department__code="trade", year=2007, month=9)
    assert report.state == "submitted" and report.on_time is True
    # Nobody but a leader approves or returns.
    for user in (trade_staff, markets_staff, admin_user):
        client.force_login(user)
        assert client.post(month_url(name="plan:month_approve")).status_code == 403
    client.force_login(leader)
    assert client.get(reverse("plan:review")).status_code == 200
    assert "对外贸易科" in text(client.get(reverse("plan:review")))
    client.post(month_url(name="plan:month_return"), {"message": "进口数据与海关不符"})
    report.refresh_from_db()
    assert report.state == "returned"
    client.force_login(trade_staff)
    assert "进口数据与海关不符" in text(client.get(month_url()))
    client.post(
        month_url(), form_data(version=report.version, action="submit", export="37916", **{"import": "25518"})
    )
    client.force_login(leader)
    client.post(month_url(name="plan:month_approve"))
    report.refresh_from_db()
    assert report.state == "approved"
    # Only an admin unlocks, and only with a reason.
    assert client.post(month_url(name="plan:month_unlock"), {"reason": "更正"}).status_code == 403
    client.force_login(admin_user)
    client.post(month_url(name="plan:month_unlock"), {"reason": ""})
    report.refresh_from_db()
    assert report.state == "approved"
    client.post(month_url(name="plan:month_unlock"), {"reason": "海关正式数据修订"})
    report.refresh_from_db()
    assert report.state == "draft"
    client.force_login(trade_staff)
    history = text(client.get(month_url(name="plan:month_history")))
    for shown in [
        "已提交",
        "退回：进口数据与海关不符",
        "已审核",
        "解锁：海关正式数据修订",
        "外贸填报员",
        "王局长",
        "管理员",
    ]:
        assert shown in history, shown
    # A figure changed after the unlock is logged with the unlock's reason, not as a plain page save.
    report.refresh_from_db()
    client.post(month_url(), form_data(version=report.version, export="38000", **{"import": "25518"}))
    changed = TradeFigure.objects.get(indicator="export", month=9).history.latest()
    assert (changed.cumulative, changed.history_change_reason) == (D(38000), "解锁后修改：海关正式数据修订")
    # Approved again, the next change (after the next unlock) names that unlock's reason.
    client.post(month_url(), form_data(version=report.version + 1, action="submit", export="38000"))
    client.force_login(leader)
    client.post(month_url(name="plan:month_approve"))
    report.refresh_from_db()
    assert report.unlock_reason == ""


def test_save_and_submit_without_the_script_asks_once_on_the_page(client, trade_staff):
    client.force_login(trade_staff)
    data = form_data(action="submit", export="37916")
    del data["submit_confirmed"]
    response = client.post(month_url(), data)
    # Saved, not submitted: the page asks.
    assert response.status_code == 302 and response["Location"].endswith("?submit=confirm")
    report = MonthlyReport.objects.get()
    assert report.state == "draft" and TradeFigure.objects.get().cumulative == D(37916)
    page = client.get(response["Location"]).content.decode()
    assert 'id="submit-confirm"' in page and "是否现在提交审核" in page
    assert 'id="submit-confirm"' not in client.get(month_url()).content.decode()
    client.post(month_url(name="plan:month_submit"), {"version": report.version})
    assert MonthlyReport.objects.get().state == "submitted"


def test_the_save_and_submit_button_asks_through_the_script(client, trade_staff):
    client.force_login(trade_staff)
    page = client.get(month_url()).content.decode()
    assert re.search(r'value="submit"[^>]*data-confirm="[^"]*锁定', page)
    assert 'name="submit_confirmed" value=""' in page


def test_the_history_shows_old_and_new_values_with_the_reason(client, trade_staff):
    client.force_login(trade_staff)
    client.post(month_url(), form_data(export="37000"))
    version = MonthlyReport.objects.get().version
    client.post(month_url(), form_data(version=version, export="37916"))
    page = text(client.get(month_url(name="plan:month_history")))
    assert "37,000.00 37,916.00" in page
    assert "月报页面填报" in page
    page = text(client.get(reverse("plan:indicator_history", args=["export"])))
    assert "37,000.00 37,916.00" in page and "外贸填报员" in page
    client.force_login(
        trade_staff.__class__.objects.create(
            username="m3", role="staff", department=Department.objects.get(code="markets")
        )
    )
    assert client.get(reverse("plan:indicator_history", args=["export"])).status_code == 403
    assert client.get(month_url(name="plan:month_history")).status_code == 403


def test_the_month_page_runs_a_fixed_number_of_queries(
    client, trade_staff, plan_2007, django_assert_num_queries
):
    for code in TRADE_CODES:
        seed(TradeFigure, code, 2006, {m: 1000 * m for m in range(1, 13)})
        seed(TradeFigure, code, 2007, {m: 1100 * m for m in range(2, 10)})
    client.force_login(trade_staff)
    client.get(month_url())  # warm the plan-year lookup of the session
    # On PostgreSQL the test's own transaction wrote the figures above, so plan.cache does not trust its stored
    # answers within it (the write has not committed): the other departments' actuals are read afresh, 3 more.
    from django.db import connection

    with django_assert_num_queries(18 if connection.vendor == "sqlite" else 21):
        # 1 session, 2 user, 3 the department of the URL, 4 the month's report, 5 the department's targets,
        # 6 the figures of 2007 and 2006 (all indicators), 7 their notes of the month; each note box's light
        # (plan.progress.compute): 8 the tables' tokens, 9 the plan's targets, 10 the figures from the cache,
        # 11 the departments with their reports, 12 the targets' notes; 13 whether the year's months are
        # reports (not a prior year's base), 14 the month's deadline, 15 the plan year of the menu, 16 the
        # user's department in the menu, 17 the department's measures and 18 their updates of the month (the
        # updates' evidence
        # only once there are updates); the session was refreshed by the request before, less than a
        # minute ago, so it is not written (config/sessions.py)
        response = client.get(month_url())
    assert response.status_code == 200


def test_the_department_s_months(client, trade_staff):
    client.force_login(trade_staff)
    page = text(client.get(reverse("plan:months", args=["trade"]) + "?year=2007"))
    assert "2007年1–9月" in page and "2007-10-10" in page
    assert client.get(reverse("plan:months", args=["markets"])).status_code == 403


def test_another_department_s_indicator_cannot_be_slipped_into_a_form(client, markets_staff):
    client.force_login(markets_staff)
    response = client.post(month_url("markets"), form_data(retail_sales="2942467", export="37916"))
    assert response.status_code == 302
    assert RetailFigure.objects.get().cumulative == D(2942467)
    assert not TradeFigure.objects.exists()


def test_sample_figures_are_marked(client, trade_staff, plan_2007):
    import io

    from trade import demo

    demo.load(stdout=io.StringIO())
    client.force_login(trade_staff)
    assert "示例数据" in text(client.get(month_url()))
    # A figure the staffer saves is no longer sample data.
    version = MonthlyReport.objects.get(department__code="trade", year=2007, month=9).version
    data = {
        "version": str(version),
        "unit": "wan",
        "action": "save",
        "confirm": "on",
        "confirm_note": "核对海关数据",
    }
    for figure in TradeFigure.objects.filter(year=2007, month=9):
        data[f"{figure.indicator}__cumulative"] = str(figure.cumulative + 1)
        data[f"{figure.indicator}__release"] = "final"
    assert client.post(month_url(), data).status_code == 302
    assert not TradeFigure.objects.filter(year=2007, month=9, is_sample=True).exists()


def test_the_review_list_is_for_leaders_and_admins(client, trade_staff, leader):
    response = client.get(reverse("plan:review"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(trade_staff)
    assert client.get(reverse("plan:review")).status_code == 403
    client.force_login(leader)
    assert "没有待审核的月报" in text(client.get(reverse("plan:review")))


def test_the_other_cycle_pages_run_a_fixed_number_of_queries(
    client, trade_staff, leader, plan_2007, django_assert_num_queries
):
    trade = Department.objects.get(code="trade")
    for month in range(2, 10):
        for code in TRADE_CODES:
            seed(TradeFigure, code, 2007, {month: 1000 * month})
        report = cycle.report_get(department=trade, year=2007, month=month)
        cycle.report_submit(user=trade_staff, report=report, expected_version=report.version)
    client.force_login(leader)
    client.get(reverse("plan:review"))
    # 1 session, 2 user, 3 the submitted months with their departments and submitters, 4 the plan year of the
    # menu; the session was refreshed by the request before, so it is not written (config/sessions.py)
    with django_assert_num_queries(4):
        assert client.get(reverse("plan:review")).status_code == 200
    # 1 session, 2 user, 3 department, 4 the months of the year, 5 the deadlines of the year, 6 whether the year
    # has a plan (a prior year's base months are not reports), 7 the plan year
    with django_assert_num_queries(7):
        assert client.get(reverse("plan:months", args=["trade"]) + "?year=2007").status_code == 200
    # 1 session, 2 user, 3 department, 4 the month's report, 5 the figures' history with their users,
    # 6 the month's history with its users, 7 the department's targets and 8 their notes' history with its
    # users, 9 the plan year
    with django_assert_num_queries(9):
        assert client.get(month_url(name="plan:month_history")).status_code == 200


def test_reasons_are_kept_whole_in_the_history_up_to_their_limit(client, trade_staff, leader, admin_user):
    """The history keeps a reason in a text column: an unlock's reason and a warning's note of the full allowed
    length are kept whole, one character more is refused with the field named (PostgreSQL refused anything
    over 100 before)."""
    from core.validators import REASON_MAX_LENGTH

    trade = Department.objects.get(code="trade")
    report = cycle.report_submit(
        user=trade_staff,
        report=cycle.report_get(department=trade, year=2007, month=9),
        expected_version=0,
    )
    report = cycle.report_approve(user=leader, report=report)
    with pytest.raises(cycle.ValidationError):
        cycle.report_unlock(user=admin_user, report=report, reason="更" * (REASON_MAX_LENGTH + 1))
    report = cycle.report_unlock(user=admin_user, report=report, reason="更" * REASON_MAX_LENGTH)
    assert report.history.latest().history_change_reason == "解锁：" + "更" * REASON_MAX_LENGTH
    seed(TradeFigure, "export", 2007, {8: 34800})
    client.force_login(trade_staff)
    note = "核" * (REASON_MAX_LENGTH + 1)
    data = {**form_data(version=report.version, export="34000"), "confirm": "on", "confirm_note": note}
    assert client.post(month_url(), data).status_code == 200
    data["confirm_note"] = note[:-1]
    assert client.post(month_url(), data).status_code == 302
    reason = TradeFigure.objects.get(month=9).history.latest().history_change_reason
    assert reason.endswith(note[:-1])


@pytest.mark.parametrize("version", [None, "", "abc", "²", "-1", "99999999999999999999"])
def test_a_month_save_without_a_usable_version_is_refused_not_last_write_wins(client, trade_staff, version):
    client.force_login(trade_staff)
    data = form_data(export="37916")
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    response = client.post(month_url(), data)
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    assert not TradeFigure.objects.exists()
    # The month's submit step is refused the same way.
    submit = {} if version is None else {"version": version}
    client.post(month_url(name="plan:month_submit"), submit)
    assert not MonthlyReport.objects.filter(state="submitted").exists()


def test_in_yi_the_unit_label_and_the_warnings_stay_in_yi_after_a_save(client, trade_staff):
    """Issue 17, item 10: typed in 亿, a refused save (a warning) and a stored one both come back in 亿: the
    unit switch, the label beside each indicator, the boxes and the warning's amounts."""
    seed(TradeFigure, "export", 2007, {8: 34800})
    client.force_login(trade_staff)
    response = client.post(month_url(), form_data(unit="yi", export="3.4"))
    html = response.content.decode()
    assert '<option value="yi" selected>' in html
    label = re.search(r'id="row-export".*?data-unit-label[^>]*>([^<]*)<', html, re.S).group(1)
    assert label == "亿美元"
    # 34,800 万 → 3.48 亿, 34,000 万 → 3.40 亿, as the page's columns show them in 亿.
    assert "累计值由1–8月的 3.48 降至 3.40" in text(response)
    assert 'value="3.4"' in html
    version = 0  # the refused save stored nothing
    response = client.post(
        month_url(),
        {**form_data(version=version, unit="yi", export="3.4"), "confirm": "on", "confirm_note": "海关调整"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?unit=yi")
    assert TradeFigure.objects.get(month=9).cumulative == D(34000)
    page = client.get(response["Location"]).content.decode()
    assert '<option value="yi" selected>' in page
    assert re.search(r'id="row-export".*?data-unit-label[^>]*>([^<]*)<', page, re.S).group(1) == "亿美元"
    assert re.search(r'name="export__cumulative"[^>]*value="([^"]*)"', page).group(1) == "3.4"
    # Saved again unchanged from that page, the figure stays 34,000 万 exactly.
    version = MonthlyReport.objects.get().version
    assert client.post(month_url(), form_data(version=version, unit="yi", export="3.4")).status_code == 302
    assert TradeFigure.objects.get(month=9).cumulative == D(34000)
    # In 万 (the default) the page stays as it was.
    assert "?unit" not in client.post(month_url(), form_data(version=version + 1, export="34000"))["Location"]


def test_the_month_s_save_runs_a_fixed_number_of_queries_however_much_data(client, trade_staff, plan_2007):
    """The save reads the month's report once (under its lock) and the year's figures once, and writes each
    figure with its history row: the same queries with one year of figures as with ten. (The computation after
    the write runs as the transaction commits, which the test's own transaction never does: plan.cache's tests
    count it.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(trade_staff)
    client.get(month_url())  # the session's refresh, not counted

    def save(value):
        report = MonthlyReport.objects.filter(department__code="trade", year=2007, month=9).first()
        data = form_data(report.version if report else 0, **dict.fromkeys(TRADE_CODES, str(value)))
        with CaptureQueriesContext(connection) as queries:
            response = client.post(month_url(), data)
        assert response.status_code == 302, text(response)
        return [q["sql"] for q in queries.captured_queries]

    save(5000)  # the month's report is made on its first save
    few = save(5100)
    for year in range(1998, 2007):
        for code in TRADE_CODES:
            seed(TradeFigure, code, year, {m: 400 * m for m in range(1, 13)})
        seed(RetailFigure, "retail_sales", year, {m: 30000 * m for m in range(1, 13)})
    many = save(5200)
    assert len(many) == len(few)
    # The month's report read twice (the page's department and month, then under its lock to save), the year's
    # trade figures once before the writes (the computation after the write takes them from its own read), an
    # update and a history row a figure.
    assert sum(sql.startswith('SELECT "plan_monthlyreport"') for sql in many) == 2
    assert sum(sql.startswith('SELECT "trade_tradefigure"."id"') for sql in many) == 1
    assert sum(sql.startswith('UPDATE "trade_tradefigure"') for sql in many) == len(TRADE_CODES)
    assert sum(sql.startswith('INSERT INTO "trade_historicaltradefigure"') for sql in many) == len(
        TRADE_CODES
    )
    # 1 session, 2 user, 3 the department of the URL, 4 the month's report, 5 the department's targets (the
    # form's note boxes); within two savepoints (the save, the notes): 6 the month's report under its lock, 7 its
    # update and 8 history row, 9 the targets again (the notes' owners), 10 their notes of the month; 11 the
    # year's figures, then an update and a history row for each of the five figures (21), and the releases.
    assert len(many) == 25
