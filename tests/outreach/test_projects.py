"""Overseas projects: the stage rules, the 实现 count, and the plan's named project and event."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from outreach.models import FundApplication, OutreachEvent, OverseasProject
from outreach.reference_records import RUSSIA_WEEK, YILI_PROJECT
from plan.plan_data import load_plan
from plan.registry import actuals_for

D = datetime.date


def project(name, stage, approved_on=None, **extra):
    return OverseasProject.objects.create(
        name=name, enterprise="某企业", country="蒙古国", stage=stage, approved_on=approved_on, **extra
    )


def test_the_named_project_and_event_are_there_after_loadplan_linked_to_their_measures(plan_2007):
    load_plan(2007)  # again: nothing doubles
    yili = OverseasProject.objects.get(name=YILI_PROJECT)
    assert (yili.enterprise, yili.country, yili.measure.code) == ("伊利集团", "蒙古国", "3.4.3")
    assert not yili.is_realised
    week = OutreachEvent.objects.get(name=RUSSIA_WEEK)
    assert (week.country, week.measure.code) == ("俄罗斯", "3.4.2")
    assert OverseasProject.objects.count() == 1 and OutreachEvent.objects.count() == 1


def test_loadplan_leaves_the_project_as_staff_keep_it(plan_2007):
    OverseasProject.objects.filter(name=YILI_PROJECT).update(stage="signed")
    load_plan(2007)
    assert OverseasProject.objects.get(name=YILI_PROJECT).stage == "signed"


def test_stage_rules(db):
    with pytest.raises(ValidationError) as error:
        OverseasProject(name="a", enterprise="b", country="c", stage="approved").full_clean()
    assert "approved_on" in error.value.message_dict  # approved needs its date
    with pytest.raises(ValidationError) as error:
        OverseasProject(
            name="a", enterprise="b", country="c", stage="signed", approved_on=D(2007, 5, 1)
        ).full_clean()
    assert "approved_on" in error.value.message_dict  # a date without the stage
    with pytest.raises(ValidationError) as error:
        OverseasProject(
            name="a",
            enterprise="b",
            country="c",
            stage="approved",
            signed_on=D(2007, 6, 1),
            approved_on=D(2007, 5, 1),
        ).full_clean()
    assert "approved_on" in error.value.message_dict  # approved before it was signed
    with pytest.raises(ValidationError) as error:
        OverseasProject(
            name="a", enterprise="b", country="c", stage="operating", approved_on=D(2007, 5, 1)
        ).full_clean()
    assert "operating_on" in error.value.message_dict


def test_realised_count_by_month(plan_2007, django_assert_num_queries):
    project("A", "approved", D(2007, 4, 30))  # realised at the end of April
    project(
        "B", "operating", D(2007, 9, 1), operating_on=D(2007, 11, 1)
    )  # realised in September, still counts
    project("C", "implementing", D(2006, 12, 1))  # approved the year before: not a 2007 project
    project("D", "signed")  # not yet approved
    with django_assert_num_queries(1):  # the realised projects' approval dates
        actuals = actuals_for("overseas_projects", 2007)
    assert [int(actuals.values[m]) for m in (3, 4, 8, 9, 12)] == [0, 1, 1, 2, 2]
    assert actuals_for("overseas_projects", 2006).values[12] == 1


def test_fund_application_rules(plan_2007):
    application = FundApplication(
        name="某公司", fund="western", year=2007, amount_applied=50, status="granted"
    )
    with pytest.raises(ValidationError) as error:
        application.full_clean()
    assert "amount_granted" in error.value.message_dict
    application.amount_granted = 30
    application.full_clean()


def test_event_tasks_only_by_outreach(client, plan_2007, outreach_staff, trade_staff):
    from django.urls import reverse

    week = OutreachEvent.objects.get(name=RUSSIA_WEEK)
    url = reverse("outreach:task_add", args=[week.pk])
    client.force_login(trade_staff)
    assert client.post(url, {"title": "落实参展企业"}).status_code == 403
    client.force_login(outreach_staff)
    client.post(url, {"title": "落实参展企业", "due_on": "2007-05-31"})
    task = week.tasks.get()
    client.post(reverse("outreach:task_toggle", args=[task.pk]), {"done": "1", "version": task.version})
    task.refresh_from_db()
    assert task.done_on is not None
    page = client.get(reverse("registers:detail", args=["outreach-events", week.pk])).content.decode()
    assert "落实参展企业" in page


def test_project_page_shows_the_stage_bar(client, plan_2007, leader):
    from django.urls import reverse

    yili = OverseasProject.objects.get(name=YILI_PROJECT)
    yili.stage, yili.signed_on, yili.approved_on = "approved", D(2007, 6, 1), D(2007, 9, 18)
    yili.save()
    client.force_login(leader)
    html = client.get(reverse("registers:detail", args=["overseas-projects", yili.pk])).content.decode()
    assert (
        'aria-current="step">\n    核准/备案<br><span class="text-body-secondary">2007-09-18</span>' in html
    )
    assert "已于2007年9月18日核准/备案，计为实现" in html


def test_a_stale_tick_of_a_preparation_task_is_refused(plan_2007, outreach_staff):
    from django.test import Client
    from django.urls import reverse

    from outreach import services
    from tests.conftest import _make_user

    week = OutreachEvent.objects.get(name=RUSSIA_WEEK)
    task = services.task_create(user=outreach_staff, event=week, title="印制招商手册")
    alice, bob = Client(), Client()
    alice.force_login(outreach_staff)
    bob.force_login(_make_user("outreach2", "staff", "outreach", name="外经科同事"))
    detail = reverse("registers:detail", args=["outreach-events", week.pk])
    assert 'name="version" value="0"' in alice.get(detail).content.decode()
    assert 'name="version" value="0"' in bob.get(detail).content.decode()
    url = reverse("outreach:task_toggle", args=[task.pk])
    alice.post(url, {"done": "1", "version": "0"})
    # Bob's page still said "open": his click would have undone Alice's tick unseen.
    html = bob.post(url, {"done": "1", "version": "0"}, follow=True).content.decode()
    assert "外经填报员已保存过这里的内容" in html
    html = bob.post(url, {"done": "0"}, follow=True).content.decode()
    assert "未附带所显示内容的版本号" in html
    task.refresh_from_db()
    assert task.done_on is not None and task.version == 1
