"""Measure progress: monthly updates, the lock of a submitted month, 销号 by a leader, overdue, and the
department month's list of its measures' updates."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.urls import reverse

from plan import cycle, measure_updates
from plan.models import Measure, MeasureUpdate, Milestone


@pytest.fixture
def measure(plan_2007):
    return plan_2007.measures.get(code="3.2.1")  # markets leads it


def loaded(user, measure, month) -> int:
    """The version of the user's department's update for the month, as a page opened now shows it."""
    department = measure_updates.reporting_department(user=user, measure=measure)
    return measure_updates.update_versions(measure=measure, department=department, year=2007)[month]


def report(user, measure, month, pct, status="in_progress", text="推进中"):
    return measure_updates.measure_update_save(
        user=user,
        measure=measure,
        year=2007,
        month=month,
        text=text,
        progress_pct=pct,
        status=status,
        expected_version=loaded(user, measure, month),
    )


def now(measure) -> int:
    """The measure's version, as a leader's page opened now shows it."""
    return Measure.objects.get(pk=measure.pk).version


def test_the_lead_s_latest_update_sets_the_measure_s_status(measure, markets_staff):
    report(markets_staff, measure, 3, 30)
    report(markets_staff, measure, 5, 55, status="behind")
    report(markets_staff, measure, 4, 40)  # a late April update does not undo May's
    measure.refresh_from_db()
    assert (measure.status, measure.progress_pct) == ("behind", 55)


def test_saving_the_same_month_again_replaces_it(measure, markets_staff):
    report(markets_staff, measure, 5, 50, text="初稿")
    report(markets_staff, measure, 5, 60, text="终稿")
    update = MeasureUpdate.objects.get()
    assert (update.text, update.progress_pct) == ("终稿", 60)
    assert update.history.count() == 2


def test_another_department_may_not_report(measure, trade_staff, leader):
    for person in (trade_staff, leader):
        with pytest.raises(PermissionDenied):
            report(person, measure, 5, 50)
    assert not MeasureUpdate.objects.exists()


def test_a_co_department_reports_but_does_not_set_the_status(plan_2007, trade_staff):
    measure = plan_2007.measures.get(code="3.5.2")  # office leads; trade supports
    report(trade_staff, measure, 5, 80)
    measure.refresh_from_db()
    assert measure.status == "not_started"
    with pytest.raises(ValidationError):
        report(trade_staff, measure, 6, 100, status="done")


def test_a_submitted_month_locks_the_department_s_updates(measure, markets_staff):
    report(markets_staff, measure, 5, 50)
    month = cycle.report_get(department=measure.lead, year=2007, month=5)
    cycle.report_submit(user=markets_staff, report=month, expected_version=month.version)
    with pytest.raises(PermissionDenied):
        report(markets_staff, measure, 5, 70)
    assert MeasureUpdate.objects.get().progress_pct == 50
    report(markets_staff, measure, 6, 70)  # June is still open


def test_done_means_100_percent(measure, markets_staff):
    with pytest.raises(ValidationError):
        report(markets_staff, measure, 11, 90, status="done")


def test_leader_closes_a_finished_measure(measure, markets_staff, leader):
    with pytest.raises(ValidationError):
        measure_updates.measure_close(user=leader, measure=measure, expected_version=now(measure))  # not done
    report(markets_staff, measure, 11, 100, status="done")
    with pytest.raises(PermissionDenied):
        measure_updates.measure_close(user=markets_staff, measure=measure, expected_version=now(measure))
    measure_updates.measure_close(
        user=leader, measure=measure, note="验收材料齐全", expected_version=now(measure)
    )
    measure.refresh_from_db()
    assert measure.status == Measure.Status.CLOSED
    latest = measure.history.latest()
    assert latest.history_user == leader and "验收材料齐全" in latest.history_change_reason
    # A closed measure takes no more updates and stays closed.
    with pytest.raises(ValidationError):
        report(markets_staff, measure, 12, 100, status="done")


def test_leader_sends_a_measure_back_with_a_reason(measure, markets_staff, leader):
    report(markets_staff, measure, 11, 100, status="done")
    with pytest.raises(ValidationError):
        measure_updates.measure_send_back(
            user=leader, measure=measure, reason=" ", expected_version=now(measure)
        )
    measure_updates.measure_send_back(
        user=leader, measure=measure, reason="回头看未完成", expected_version=now(measure)
    )
    measure.refresh_from_db()
    assert measure.status == "in_progress"


def test_close_and_send_back_pages(client, measure, markets_staff, leader):
    report(markets_staff, measure, 11, 100, status="done")
    url = reverse("plan:measure_close", args=[2007, measure.code])
    client.force_login(markets_staff)
    assert client.post(url).status_code == 403
    client.force_login(leader)
    page = client.get(measure.get_absolute_url()).content.decode()
    assert 'id="closure"' in page
    client.post(url, {"version": now(measure)})
    measure.refresh_from_db()
    assert measure.status == "closed"


def test_progress_page_for_owner_other_department_and_anonymous(client, measure, markets_staff, trade_staff):
    url = reverse("plan:measure_update", args=[2007, measure.code])
    data = {
        "month": "5",
        "text": "完成验收32家",
        "progress_pct": "45",
        "status": "in_progress",
        "version_5": "0",
    }
    client.force_login(trade_staff)
    assert client.post(url, data).status_code == 403
    assert not MeasureUpdate.objects.exists()
    client.logout()
    assert client.post(url, data).status_code == 302
    assert not MeasureUpdate.objects.exists()
    client.force_login(markets_staff)
    response = client.post(url, {**data, "progress_pct": "120"})
    assert response.status_code == 400
    assert "完成验收32家" in response.content.decode()  # what was typed stays
    client.post(url, data)
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "完成验收32家" in page


def test_milestones_and_overdue(client, measure, markets_staff, leader):
    measure_updates.milestone_create(
        user=markets_staff, measure=measure, title="完成上半年验收", due="2007-06-30"
    )
    with pytest.raises(PermissionDenied):
        measure_updates.milestone_create(user=leader, measure=measure, title="x", due="2007-06-30")
    milestone = Milestone.objects.get()
    assert milestone.is_overdue(datetime.date(2007, 7, 1))
    assert not milestone.is_overdue(datetime.date(2007, 6, 30))
    with time_machine.travel(datetime.datetime(2008, 1, 2, 9, tzinfo=datetime.UTC)):
        client.force_login(leader)
        response = client.get(reverse("plan:measures", args=[2007]), {"overdue": "1"})
        # Every 2007 measure was due 2007-12-31 and none is closed.
        assert len(response.context["measures"]) == 26
        Measure.objects.filter(code="3.2.1").update(status="closed")
        response = client.get(reverse("plan:measures", args=[2007]), {"overdue": "1"})
        assert "3.2.1" not in [m.code for m in response.context["measures"]]
        response = client.get(reverse("plan:measures", args=[2007]), {"status": "closed"})
        assert [m.code for m in response.context["measures"]] == ["3.2.1"]


def test_department_month_lists_its_measures_updates(measure, markets_staff, django_assert_num_queries):
    report(markets_staff, measure, 5, 45, text="完成验收32家")
    month = cycle.report_get(department=measure.lead, year=2007, month=5)
    template = Template('{% include "plan/_report_extra.html" %}')
    with django_assert_num_queries(3):  # the department's measures, their May updates, the updates' files
        html = template.render(Context({"report": month}))
    assert "完成验收32家" in html
    # Each opens on this month's progress (issue 17, item 4).
    assert 'href="/plan/2007/measures/3.2.1/?month=5#update-card"' in html
    assert 'href="/plan/2007/measures/3.2.2/?month=5#update-card"' in html  # the other, not reported yet
    assert "3.1.1" not in html


def test_evidence_uploaded_with_the_month_s_progress(client, measure, markets_staff, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(markets_staff)
    url = reverse("plan:measure_update", args=[2007, measure.code])
    data = {
        "month": "6",
        "text": "回头看检查12家",
        "progress_pct": "50",
        "status": "in_progress",
        "version_6": "0",
    }
    response = client.post(url, {**data, "evidence": SimpleUploadedFile("check.exe", b"MZ")})
    assert response.status_code == 400
    assert not MeasureUpdate.objects.exists()
    client.post(url, {**data, "evidence": SimpleUploadedFile("检查记录.pdf", b"%PDF-1.4")})
    evidence = MeasureUpdate.objects.get().evidence.get()
    page = client.get(measure.get_absolute_url()).content.decode()
    assert f'href="{reverse("plan:evidence", args=[evidence.pk])}">检查记录.pdf</a>' in page


def test_measure_page_runs_a_constant_number_of_queries(
    client, measure, markets_staff, django_assert_num_queries
):
    for month in range(1, 7):
        report(markets_staff, measure, month, month * 10)
        measure_updates.milestone_create(
            user=markets_staff, measure=measure, title=f"节点{month}", due=f"2007-0{month}-28"
        )
    client.force_login(markets_staff)
    # session, user, the measure with plan/section/lead, its co-departments, the updates with department and
    # author, their evidence, the milestones, the measure's history, the versions of the department's updates
    # that the form carries, the open 批示 on it (plan.registry.badges_for); the page frame: current plan for
    # the menu, the user's department; the session's idle timer: savepoint, update, release.
    with django_assert_num_queries(15):
        response = client.get(measure.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("节点") >= 6


def test_a_locked_month_is_explained_on_the_page(client, measure, markets_staff):
    report(markets_staff, measure, 5, 50)
    cycle.report_submit(
        user=markets_staff,
        report=cycle.report_get(department=measure.lead, year=2007, month=5),
        expected_version=0,
    )
    client.force_login(markets_staff)
    url = reverse("plan:measure_update", args=[2007, measure.code])
    response = client.post(
        url,
        {"month": "5", "text": "补充内容", "progress_pct": "60", "status": "in_progress", "version_5": "1"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "已提交" in html and "补充内容" in html
    assert MeasureUpdate.objects.get().progress_pct == 50


def test_measure_page_links_its_registers(client, plan_2007, leader):
    client.force_login(leader)
    html = client.get(plan_2007.measures.get(code="3.3.3").get_absolute_url()).content.decode()
    assert f'href="{reverse("registers:list", args=["liquor-filings"])}">酒类流通备案登记</a>' in html


@time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_progress_opened_from_a_month_page_is_saved_for_that_month(client, measure, markets_staff):
    """Issue 17, item 4: from the markets department's May page, the measure's progress form opens on May
    (not on December, the default outside the plan year) and the save is stored for May and comes back to it."""
    import re

    client.force_login(markets_staff)
    page = client.get(reverse("plan:month", args=["markets", 2007, 5])).content.decode()
    link = re.search(rf'href="({re.escape(measure.get_absolute_url())}[^"]*)"', page).group(1)
    assert "month=5" in link
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert re.search(r'<option value="5" selected>', form)
    assert not re.search(r'<option value="12" selected>', form)
    version = re.search(r'name="version_5" value="(\d*)"', form).group(1)
    response = client.post(
        reverse("plan:measure_update", args=[2007, measure.code]),
        {
            "month": "5",
            "text": "五月完成验收12家",
            "progress_pct": "40",
            "status": "in_progress",
            "version_5": version,
        },
    )
    assert response.status_code == 302 and "month=5" in response["Location"]
    assert list(MeasureUpdate.objects.values_list("month", "text")) == [(5, "五月完成验收12家")]
    again = client.get(response["Location"]).content.decode()
    assert re.search(r'<option value="5" selected>', again)
