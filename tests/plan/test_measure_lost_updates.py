"""No lost update on a measure's page, from the two people's side: two staffers of the lead department report
the same month, a leader closes (销号) or sends back a measure whose progress changed under the page, two
people tick the same milestone. The later save of the same version is refused with the other's change shown
and what was typed kept; a save without its version is refused too. Runs on SQLite and on PostgreSQL (the
race with two database connections on PostgreSQL only)."""

import re
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from plan import measure_updates
from plan.models import Measure, MeasureUpdate, Milestone
from tests.conftest import _make_user, threads_interleave


@pytest.fixture
def measure(plan_2007):
    return plan_2007.measures.get(code="3.2.1")  # markets leads it


@pytest.fixture
def colleague(db):
    return _make_user("markets2", "staff", "markets", name="市场科同事")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client, measure) -> str:
    return client.get(measure.get_absolute_url()).content.decode()


def versions_on(html: str) -> dict[str, str]:
    """The hidden versions a page carries, as a browser would send them back."""
    return dict(re.findall(r'name="(version(?:_\d+)?)" value="(\d*)"', html))


def report(client, measure, html, **typed):
    data = {"month": "9", "text": "推进中", "progress_pct": "50", "status": "in_progress"}
    data.update({name: value for name, value in versions_on(html).items() if name.startswith("version_")})
    data.update(typed)
    return client.post(reverse("plan:measure_update", args=[2007, measure.code]), data)


def test_the_second_report_of_the_same_month_is_refused_with_the_first_shown(
    measure, markets_staff, colleague
):
    alice, bob = signed_in(markets_staff), signed_in(colleague)
    alice_page, bob_page = page(alice, measure), page(bob, measure)
    assert versions_on(alice_page)["version_9"] == versions_on(bob_page)["version_9"] == "0"  # no update yet

    assert report(alice, measure, alice_page, text="验收农家店30家", progress_pct="60").status_code == 302
    response = report(bob, measure, bob_page, text="回头看检查12家", progress_pct="40", status="behind")
    assert response.status_code == 400
    html = response.content.decode()
    # Bob reads who saved and what: Alice's text, progress and status; his own entry is still in the form.
    assert "已保存过这里的内容" in html and "市场填报员" in html
    assert "验收农家店30家" in html and "60" in html and "推进中" in html
    assert "回头看检查12家" in html
    update = MeasureUpdate.objects.get()
    assert (update.text, update.progress_pct, update.version) == ("验收农家店30家", 60, 1)

    # The refused page carries Alice's version of September: Bob saves again knowingly.
    assert versions_on(html)["version_9"] == "1"
    assert report(bob, measure, html, text="回头看检查12家").status_code == 302
    update.refresh_from_db()
    assert (update.text, update.version, update.history.count()) == ("回头看检查12家", 2, 2)


def test_the_version_that_counts_is_the_chosen_month_s(measure, markets_staff, colleague):
    alice, bob = signed_in(markets_staff), signed_in(colleague)
    alice_page, bob_page = page(alice, measure), page(bob, measure)
    assert report(alice, measure, alice_page, month="8", text="八月进展").status_code == 302
    # Bob reports September: Alice's August does not stand in his way.
    assert report(bob, measure, bob_page, month="9", text="九月进展").status_code == 302
    assert MeasureUpdate.objects.count() == 2


@pytest.mark.parametrize("version", [None, "", "abc", "-1"])
def test_a_report_without_a_usable_version_is_refused(measure, markets_staff, version):
    client = signed_in(markets_staff)
    data = {"month": "9", "text": "推进中", "progress_pct": "50", "status": "in_progress"}
    if version is not None:
        data["version_9"] = version
    response = client.post(reverse("plan:measure_update", args=[2007, measure.code]), data)
    assert response.status_code == 400
    assert "未保存任何内容" in response.content.decode()
    assert not MeasureUpdate.objects.exists()


def done(measure, user):
    department = measure_updates.reporting_department(user=user, measure=measure)
    versions = measure_updates.update_versions(measure=measure, department=department, year=2007)
    return measure_updates.measure_update_save(
        user=user,
        measure=measure,
        year=2007,
        month=11,
        text="全部验收完毕",
        progress_pct=100,
        status="done",
        expected_version=versions[11],
    )


@pytest.mark.parametrize("action", ["close", "send_back"])
def test_a_leader_does_not_decide_on_progress_they_have_not_seen(measure, markets_staff, leader, action):
    done(measure, markets_staff)
    boss = signed_in(leader)
    opened = page(boss, measure)
    # Meanwhile the department corrects November's report (still done, with another text).
    department = signed_in(markets_staff)
    assert (
        report(
            department,
            measure,
            page(department, measure),
            month="11",
            text="补充：2家待整改",
            progress_pct="100",
            status="done",
        ).status_code
        == 302
    )

    url = reverse(f"plan:measure_{action}", args=[2007, measure.code])
    typed = {"note": "材料齐全"} if action == "close" else {"reason": "回头看未完成"}
    response = boss.post(url, {**typed, "version": versions_on(opened)["version"]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "打开页面后，这项措施已有变动" in html and "补充：2家待整改" in html
    assert list(typed.values())[0] in html  # what the leader typed stays
    assert Measure.objects.get(pk=measure.pk).status == "done"

    # The page now carries the measure as it is: deciding again acts on what the leader has read.
    response = boss.post(url, {**typed, "version": versions_on(html)["version"]})
    assert response.status_code == 302
    assert Measure.objects.get(pk=measure.pk).status == ("closed" if action == "close" else "in_progress")


def test_a_leader_s_step_without_a_version_is_refused(measure, markets_staff, leader):
    done(measure, markets_staff)
    response = signed_in(leader).post(
        reverse("plan:measure_close", args=[2007, measure.code]), {"note": "好"}
    )
    assert response.status_code == 400
    assert "未附带所显示内容的版本号" in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).status == "done"


def test_every_change_under_a_measure_bumps_its_version(measure, markets_staff):
    version, rows = Measure.objects.get(pk=measure.pk).version, measure.history.count()
    done(measure, markets_staff)
    assert Measure.objects.get(pk=measure.pk).version == version + 1
    milestone = measure_updates.milestone_create(
        user=markets_staff, measure=measure, title="完成验收", due="2007-11-30"
    )
    assert Measure.objects.get(pk=measure.pk).version == version + 2
    measure_updates.milestone_set_done(
        user=markets_staff, milestone=milestone, done_on=None, expected_version=milestone.version
    )
    assert Measure.objects.get(pk=measure.pk).version == version + 3
    # The measure's history lists its status changes (one here: done), not every bump.
    assert measure.history.count() == rows + 1


def test_the_second_tick_of_the_same_milestone_is_refused(measure, markets_staff, colleague):
    milestone = measure_updates.milestone_create(
        user=markets_staff, measure=measure, title="完成验收", due="2007-11-30"
    )
    alice, bob = signed_in(markets_staff), signed_in(colleague)
    alice_version = versions_on(page(alice, measure))["version"]
    bob_version = versions_on(page(bob, measure))["version"]
    url = reverse("plan:milestone_done", args=[milestone.pk])
    assert alice.post(url, {"done": "1", "version": alice_version}).status_code == 302
    # Bob's page still said "open": his "reopen" would undo Alice's tick without his knowing.
    response = bob.post(url, {"done": "0", "version": bob_version}, follow=True)
    assert "已保存过这里的内容" in response.content.decode() and "市场填报员" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.done_on is not None and milestone.version == 1
    response = bob.post(url, {"done": "0"}, follow=True)
    assert "未附带所显示内容的版本号" in response.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).done_on is not None


@pytest.mark.django_db(transaction=True)
def test_two_reports_of_the_same_month_at_the_same_moment_one_wins(plan_2007, markets_staff, colleague):
    """Two first reports of the same month racing in two database connections: the measure's row lock makes
    the second wait and then find the first's update, so exactly one is stored."""
    if not threads_interleave():
        pytest.skip("needs two connections that can race: PostgreSQL, or SQLite in a file")
    measure = Measure.objects.get(plan=plan_2007, code="3.2.1")
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(user, text):
        try:
            barrier.wait(5)
            measure_updates.measure_update_save(
                user=user,
                measure=measure,
                year=2007,
                month=9,
                text=text,
                progress_pct=50,
                status="in_progress",
                expected_version=0,
            )
            outcomes[text] = "saved"
        except Exception as error:  # noqa: BLE001 (the outcome is what the test reads)
            outcomes[text] = type(error).__name__
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=args) for args in ((markets_staff, "甲"), (colleague, "乙"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(outcomes.values()) == ["ConflictError", "saved"]
    update = MeasureUpdate.objects.get()
    assert update.version == 1 and update.text == next(t for t, o in outcomes.items() if o == "saved")
