"""The roll-over: `newplan 2008 --from 2007` makes a draft 2008 plan that the plan pages can show."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from plan.models import Measure, Plan, Target
from plan.rollover import _next_year


def newplan(*args):
    out = StringIO()
    call_command("newplan", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan_2008(plan_2007):
    # Work done in 2007 that must not carry over: a measure closed early, with a mid-year deadline.
    plan_2007.measures.filter(code="3.1.1").update(
        status=Measure.Status.CLOSED, progress_pct=100, due=datetime.date(2007, 6, 30)
    )
    output = newplan("2008", "--from", "2007")
    sections, targets, measures = (
        plan_2007.sections.count(),
        plan_2007.targets.count(),
        plan_2007.measures.count(),
    )
    assert f"{sections} sections, {targets} targets (values to be set), {measures} measures" in output
    return Plan.objects.get(year=2008)


def test_the_new_plan_is_a_draft_with_the_old_plan_s_structure(plan_2008, plan_2007):
    assert plan_2008.status == Plan.Status.DRAFT
    assert plan_2008.title == "呼和浩特市商务局2008年工作要点"
    old = {
        s.code: (s.number, s.title, s.department_id, s.parent and s.parent.code)
        for s in plan_2007.sections.all()
    }
    new = {
        s.code: (s.number, s.title, s.department_id, s.parent and s.parent.code)
        for s in plan_2008.sections.all()
    }
    assert new == old
    assert all(s.parent.plan_id == plan_2008.pk for s in plan_2008.sections.exclude(parent=None))


def test_targets_keep_everything_but_their_value(plan_2008):
    targets = {t.code: t for t in plan_2008.targets.select_related("section", "department")}
    assert set(targets) == {
        "trade_total",
        "export",
        "import",
        "export_hitech_mech_share",
        "retail_sales",
        "village_stores",
        "overseas_projects",
    }
    assert all(t.value is None for t in targets.values())
    # The growth targets are kept: 2008's 同比 is measured against 2007's actuals.
    assert targets["trade_total"].growth_target_pct == Decimal("16.00")
    assert targets["retail_sales"].growth_target_pct == Decimal("15.00")
    assert targets["village_stores"].growth_target_pct is None
    assert targets["export"].unit == "万美元" and targets["export"].display_unit == "亿美元"
    assert targets["export"].section.plan_id == plan_2008.pk and targets["export"].section.code == "2.1"
    assert targets["retail_sales"].department.code == "markets"
    assert targets["export"].history.first().history_change_reason == "由2007年工作要点复制"


def test_measures_move_a_year_and_start_afresh(plan_2008):
    measures = {m.code: m for m in plan_2008.measures.prefetch_related("co_departments")}
    assert len(measures) == 26
    assert measures["3.1.1"].due == datetime.date(2008, 6, 30)
    assert measures["3.1.1"].status == Measure.Status.NOT_STARTED
    assert measures["3.1.1"].progress_pct == 0
    assert measures["3.5.6"].due == datetime.date(2008, 12, 31)
    assert {d.code for d in measures["3.5.2"].co_departments.all()} == {
        "trade",
        "markets",
        "regulation",
        "outreach",
    }
    assert measures["3.5.2"].lead.code == "office"
    # The 2007 plan is untouched.
    assert Measure.objects.get(plan__year=2007, code="3.1.1").status == Measure.Status.CLOSED


def test_a_29_february_deadline_moves_to_28_february():
    assert _next_year(datetime.date(2008, 2, 29), 1) == datetime.date(2009, 2, 28)
    assert _next_year(datetime.date(2007, 3, 31), 1) == datetime.date(2008, 3, 31)


def test_running_it_again_refuses_and_changes_nothing(plan_2008):
    Target.objects.filter(plan=plan_2008, code="export").update(value=Decimal("60000"))
    with pytest.raises(CommandError, match="2008年工作要点已存在，未作任何改动。"):
        newplan("2008", "--from", "2007")
    assert Target.objects.get(plan=plan_2008, code="export").value == Decimal("60000")
    assert Plan.objects.count() == 2


def test_it_refuses_a_missing_source_or_an_earlier_year(plan_2007):
    with pytest.raises(CommandError, match="There is no 2006 plan to copy."):
        newplan("2007", "--from", "2006")
    with pytest.raises(CommandError, match="新工作要点的年份必须晚于2007年"):
        newplan("2005", "--from", "2007")
    assert list(Plan.objects.values_list("year", flat=True)) == [2007]


def test_from_defaults_to_the_year_before(plan_2007):
    newplan("2008")
    assert Plan.objects.get(year=2008).targets.count() == plan_2007.targets.count()


def test_the_dashboard_stays_on_the_active_plan_until_the_draft_is_made_active(plan_2008, client, leader):
    client.force_login(leader)
    assert Plan.objects.current().year == 2007
    html = client.get(reverse("plan:dashboard")).content.decode()
    assert "8.70 亿美元" in html and "待设定" not in html
    plan_2008.status = Plan.Status.ACTIVE
    plan_2008.save()
    assert Plan.objects.current().year == 2008
    html = client.get(reverse("plan:dashboard")).content.decode()
    assert "呼和浩特市商务局2008年工作要点" in html
    # Every target card says its value is still to be set.
    assert html.count('<span class="target-value">待设定</span>') == plan_2008.targets.count()
    assert "增长 16.0%" in html  # the growth target is kept


def test_the_draft_plan_s_pages_render(plan_2008, client, leader):
    client.force_login(leader)
    html = client.get(reverse("plan:document", args=[2008])).content.decode()
    assert "呼和浩特市商务局2008年工作要点" in html
    assert 'href="/plan/2008/targets/export/"' in html
    assert 'href="/plan/2008/measures/3.1.1/"' in html
    html = client.get(reverse("plan:measures", args=[2008])).content.decode()
    assert html.count('href="/plan/2008/measures/3.') == 26
    html = client.get(reverse("plan:target", args=[2008, "export"])).content.decode()
    assert "待设定" in html
    response = client.get(reverse("plan:measure", args=[2008, "3.1.1"]))
    assert response.status_code == 200
    assert "2008-06-30" in response.content.decode()


def test_the_department_page_shows_open_targets_as_to_be_set(plan_2008, client, leader):
    plan_2008.status = Plan.Status.ACTIVE
    plan_2008.save()
    client.force_login(leader)
    html = client.get(reverse("plan:department", args=["trade"])).content.decode()
    assert html.count("待设定") == 4  # trade_total, export, import, the hi-tech share
