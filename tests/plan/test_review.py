"""The leader approves with open eyes (issue 11, item 1): on a submitted month every figure that warned, its ⚠
and the staffer's confirmation note sit above the approve and return buttons; returning needs a message."""

import re

import pytest
from django.urls import reverse

from plan.models import MonthlyReport
from tests.plan.test_month_page import form_data, month_url, text

pytestmark = pytest.mark.django_db


def _submit_a_falling_export(client, trade_staff):
    """August saved; September's export falls below August's, confirmed with a note, and submitted."""
    client.force_login(trade_staff)
    august = form_data(export="40000", **{"import": "30000"})
    assert client.post(month_url(month=8), august).status_code == 302
    september = form_data(export="39000", action="submit", **{"import": "33000"})
    refused = client.post(month_url(), september)
    assert refused.status_code == 200 and "⚠" in refused.content.decode()
    september.update(confirm="on", confirm_note="海关修订了8月数")
    assert client.post(month_url(), september).status_code == 302
    report = MonthlyReport.objects.get(department__code="trade", year=2007, month=9)
    assert report.state == MonthlyReport.State.SUBMITTED
    return report


def test_the_leader_sees_each_warning_and_its_note_above_the_buttons(client, plan_2007, trade_staff, leader):
    _submit_a_falling_export(client, trade_staff)
    client.force_login(leader)
    response = client.get(month_url())
    html = response.content.decode()
    section = re.search(r'id="review-warnings".*?</section>', html, re.S).group(0)
    assert 'id="warned-export"' in section and 'id="warned-import"' not in section
    assert "⚠" in section and "39,000.00" in section and "40,000.00" in section
    assert "海关修订了8月数" in section
    # Above the buttons, and the ⚠ beside the figure in the table as well.
    assert html.index('id="review-warnings"') < html.index('id="review-forms"')
    assert html.count("field-warning") >= 1


def test_a_month_without_warnings_says_so(client, plan_2007, trade_staff, leader):
    client.force_login(trade_staff)
    assert client.post(month_url(), form_data(export="39000", action="submit")).status_code == 302
    client.force_login(leader)
    page = text(client.get(month_url()))
    assert "本月没有数据触发预警" in page or "No figure of this month warned." in page


def test_the_staffer_does_not_get_the_review_section(client, plan_2007, trade_staff):
    _submit_a_falling_export(client, trade_staff)
    assert 'id="review-warnings"' not in client.get(month_url()).content.decode()


def test_returning_requires_a_message(client, plan_2007, trade_staff, leader):
    _submit_a_falling_export(client, trade_staff)
    client.force_login(leader)
    url = reverse("plan:month_return", args=["trade", 2007, 9])
    client.post(url, {"message": "   "})
    assert MonthlyReport.objects.get(department__code="trade", month=9).state == "submitted"
    client.post(url, {"message": "请核实出口下降原因"})
    report = MonthlyReport.objects.get(department__code="trade", month=9)
    assert report.state == "returned" and report.review_message == "请核实出口下降原因"
