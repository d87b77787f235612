"""The leaders' digest for a hand-worked pair of weeks, by e-mail and robots; once a week; after a bulletin.

The figures (tests.plan.fakes.seed_2006_2007, worked out there for September) and October added here:

    export      41000 / 52000 = 78.8 % ≥ 75.0 (0.9 × 83.3), 同比 41000 / 37333 = +9.8 % < 16 − 3   green → red
    import      30000 / 35000 = 85.7 % ≥ 83.3,               同比 30000 / 25000 = +20.0 % ≥ 16   red → green
    trade_total 71000 / 87000 = 81.6 % ≥ 75.0,               同比 71000 / 62333 = +13.9 % ≥ 13   red → yellow
    share       31.0 % ≥ 30                                                                     yellow → green
    retail      3400000 / 4000000 = 85.0 % ≥ 83.3,      同比 3400000 / 2777777 = +22.4 % ≥ 15   yellow → green
    village stores 184 / 200 = 92 % (green, as in September); overseas projects 1 / 2 = 50 % (red, as before)

Measure 3.1.1 is due 2007-09-30 (overdue at both digests), 3.1.2 on 2007-10-31 (overdue at the second only).
Every department submitted August to October except 对外贸易科 September and 市场体系建设科 October.
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory

from broadcast import digest, services
from broadcast.models import Delivery, Digest
from config.middleware import AfterResponseMiddleware
from core import after_response
from plan.models import Department, Measure, MonthlyReport
from tests.plan.fakes import actuals, seed_2006_2007  # noqa: F401  (the fixture)

FIRST_MONDAY = datetime.date(2007, 10, 15)
SECOND_MONDAY = datetime.date(2007, 11, 12)

FIRST = """### 工作要点周报（2007年10月15日）

截至9月底，7项目标中正常2项、略有滞后2项、滞后3项。

**目标状态变化**
- 无变化

**逾期举措（1项）**
- [【新增】3.1.1 壮大出口主体规模和实力（对外贸易科，2007年9月30日到期）](http://127.0.0.1:8000/plan/2007/measures/3.1.1/)

**逾期未报**
- [对外贸易科2007年9月月报逾期未报（截止2007年10月10日）](http://127.0.0.1:8000/months/trade/2007/9/)"""

SECOND = """### 工作要点周报（2007年11月12日）

截至10月底，7项目标中正常4项、略有滞后1项、滞后2项。

**目标状态变化**
- [外贸进出口总额由“滞后”转为“略有滞后”，完成年度目标的81.6%](http://127.0.0.1:8000/plan/2007/targets/trade_total/)
- [出口由“正常”转为“滞后”，完成年度目标的78.8%](http://127.0.0.1:8000/plan/2007/targets/export/)
- [进口由“滞后”转为“正常”，完成年度目标的85.7%](http://127.0.0.1:8000/plan/2007/targets/import/)
- [高新技术和机电产品出口比重由“略有滞后”转为“正常”，比重31.0%](http://127.0.0.1:8000/plan/2007/targets/export_hitech_mech_share/)
- [社会消费品零售总额由“略有滞后”转为“正常”，完成年度目标的85.0%](http://127.0.0.1:8000/plan/2007/targets/retail_sales/)

**逾期举措（2项）**
- [【新增】3.1.2 转变外贸管理方式，健全贸易摩擦工作机制（对外贸易科，2007年10月31日到期）](http://127.0.0.1:8000/plan/2007/measures/3.1.2/)
- [3.1.1 壮大出口主体规模和实力（对外贸易科，2007年9月30日到期）](http://127.0.0.1:8000/plan/2007/measures/3.1.1/)

**逾期未报**
- [对外贸易科2007年9月月报逾期未报（截止2007年10月10日）](http://127.0.0.1:8000/months/trade/2007/9/)
- [市场体系建设科2007年10月月报逾期未报（截止2007年11月10日）](http://127.0.0.1:8000/months/markets/2007/10/)"""


@pytest.fixture
def weeks(plan_2007, actuals):  # noqa: F811
    seed_2006_2007(actuals)
    Measure.objects.filter(plan=plan_2007).update(due=datetime.date(2007, 12, 31))
    Measure.objects.filter(plan=plan_2007, code="3.1.1").update(due=datetime.date(2007, 9, 30))
    Measure.objects.filter(plan=plan_2007, code="3.1.2").update(due=datetime.date(2007, 10, 31))
    for department in Department.objects.all():
        for month in (8, 9, 10):
            if (department.code, month) not in {("trade", 9), ("markets", 10)}:
                MonthlyReport.objects.create(
                    department=department, year=2007, month=month, state="submitted", on_time=True
                )
    return actuals


def add_october(fake):
    for code, value in {
        "export": 41000,
        "import": 30000,
        "trade_total": 71000,
        "retail_sales": 3400000,
        "export_hitech_mech_share": "31",
    }.items():
        fake.set(code, 2007, fake.data[code][2007] | {10: value})


@pytest.fixture
def leaders(leader):
    leader.email = "wang@example.org"
    leader.save()
    from tests.conftest import _make_user

    _make_user("leader2", "leader", name="李副局长")  # no address: no e-mail
    _make_user("leader3", "leader", name="赵副局长", email="zhao@example.org", is_active=False)
    return [leader]


def test_two_weeks_of_digests(weeks, leaders):
    first = services.digest_send(day=FIRST_MONDAY)
    assert digest.markdown(first.content) == FIRST
    add_october(weeks)

    second = services.digest_send(day=SECOND_MONDAY)

    assert digest.markdown(second.content) == SECOND
    stored = Digest.objects.get(key="week:2007-W46")
    assert (stored.year, stored.month, stored.text, stored.emailed_to) == (2007, 10, SECOND, 1)
    assert stored.statuses["export"] == "red" and stored.overdue_measures == ["3.1.2", "3.1.1"]
    assert stored.late_reports == ["trade:2007-09", "markets:2007-10"]


def test_the_e_mail_has_a_text_and_an_html_part_for_each_leader_with_an_address(weeks, leaders):
    services.digest_send(day=FIRST_MONDAY)

    [message] = mail.outbox
    assert message.to == ["wang@example.org"]
    assert message.subject == "工作要点周报（2007年10月15日）"
    assert message.body.startswith(
        "工作要点周报（2007年10月15日）\n\n截至9月底，7项目标中正常2项、略有滞后2项、滞后3项。"
    )
    assert (
        "  · 对外贸易科2007年9月月报逾期未报（截止2007年10月10日）\n    http://127.0.0.1:8000/months/trade/2007/9/"
        in (message.body)
    )
    assert message.body.endswith("详见：http://127.0.0.1:8000/?year=2007&month=9")
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    assert (
        '<a href="http://127.0.0.1:8000/months/trade/2007/9/">对外贸易科2007年9月月报逾期未报（截止2007年10月10日）</a>'
        in html
    )
    assert "<li>无变化</li>" in html


def test_links_follow_site_url(weeks, settings):
    settings.SITE_URL = "https://kpi.example.gov.cn/"
    content = services.digest_send(day=FIRST_MONDAY, dry_run=True).content
    assert content.link == "https://kpi.example.gov.cn/?year=2007&month=9"
    assert not Digest.objects.exists()


def test_senddigest_twice_in_a_week_sends_nothing_new(weeks, leaders, make_robot, standin):
    make_robot("leaders-group", kind="dingtalk", secret="SECfortest")
    make_robot("late-only", topics=("late",))
    out = io.StringIO()

    call_command("senddigest", "--date", "2007-10-15", "--wait", "0", stdout=out)
    call_command("senddigest", "--date", "2007-10-18", "--wait", "0", stdout=out)  # Thursday, same ISO week

    assert "Digest week:2007-W42: e-mailed 1 leaders, queued for 1 robots." in out.getvalue()
    assert "The digest of week:2007-W42 was sent already" in out.getvalue()
    assert len(mail.outbox) == 1
    assert Digest.objects.count() == 1
    [delivery] = Delivery.objects.all()
    assert (delivery.robot.name, delivery.key, delivery.state) == (
        "leaders-group",
        "digest:week:2007-W42",
        "sent",
    )
    [message] = standin.received
    assert message["payload"]["markdown"]["title"] == "工作要点周报（2007年10月15日）"
    assert message["payload"]["markdown"]["text"] == (
        FIRST + "\n\n[查看详情](http://127.0.0.1:8000/?year=2007&month=9)"
    )

    # The next week is a new digest.
    call_command("senddigest", "--date", "2007-10-22", "--wait", "0", stdout=out)
    assert len(mail.outbox) == 2 and Delivery.objects.count() == 2


def test_senddigest_dry_run_prints_and_stores_nothing(weeks, leaders):
    out = io.StringIO()
    call_command("senddigest", "--date", "2007-10-15", "--dry-run", stdout=out)
    assert "截至9月底，7项目标中正常2项、略有滞后2项、滞后3项。" in out.getvalue()
    assert "Would e-mail 1 leaders." in out.getvalue()
    assert not Digest.objects.exists() and not mail.outbox


def test_the_instructions_due_this_week_are_the_open_ones_due_from_monday_to_sunday(
    weeks, leader, time_machine
):
    from supervision import services as supervision

    time_machine.move_to(datetime.datetime(2007, 10, 8, 1, 0, tzinfo=datetime.UTC), tick=False)
    trade, markets = Department.objects.get(code="trade"), Department.objects.get(code="markets")
    # Due on Friday 19 October (11 days from 8 October by an explicit date), next Monday, and one done.
    due = supervision.instruction_create(
        by=leader, text="农家店建设进度", lead=markets, year=2007, due=datetime.date(2007, 10, 19)
    )
    supervision.instruction_create(
        by=leader, text="出口下滑原因", lead=trade, year=2007, due=datetime.date(2007, 10, 22)
    )
    stopped = supervision.instruction_create(
        by=leader, text="已不需要", lead=trade, year=2007, due=datetime.date(2007, 10, 17)
    )
    supervision.instruction_step(
        instruction=stopped, step="stop", by=leader, text="情况已变化", expected_version=stopped.version
    )
    text = digest.markdown(digest.build(day=FIRST_MONDAY, key="week:2007-W42"))
    assert text.endswith(
        f"**本周到期批示**\n- [{due.number}（市场体系建设科）农家店建设进度，2007年10月19日到期]"
        f"(http://127.0.0.1:8000/supervision/{due.pk}/)"
    )


def test_a_week_with_no_instruction_due_leaves_the_section_out(weeks):
    assert "批示" not in digest.markdown(digest.build(day=FIRST_MONDAY, key="week:2007-W42"))


def test_issuing_a_bulletin_sends_the_month_s_digest_once(
    weeks, leaders, login_as, django_capture_on_commit_callbacks, time_machine
):
    from django.urls import reverse

    from bulletin.models import Bulletin
    from tests.conftest import _make_user

    time_machine.move_to(datetime.datetime(2007, 10, 16, 9, 0, tzinfo=datetime.UTC), tick=False)
    client = login_as(_make_user("office1", "staff", "office", name="办公室文秘"))
    client.get(reverse("bulletin:edit", args=[2007, 9]))
    draft = Bulletin.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("bulletin:issue", args=[2007, 9]), {"version": draft.version, "confirm": "1"}
        )
    assert response.status_code == 302

    stored = Digest.objects.get()
    assert stored.key == "bulletin:2007-09" and stored.month == 9
    assert stored.title == "2007年9月工作进展通报已印发（2007年10月16日）"
    [message] = mail.outbox
    assert message.subject == stored.title

    # A correction of the same month sends nothing new.
    client.get(reverse("bulletin:edit", args=[2007, 9]))
    draft = Bulletin.objects.get(state="draft")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bulletin:issue", args=[2007, 9]), {"version": draft.version, "confirm": "1"})
    assert Bulletin.objects.filter(state="issued").count() == 2
    assert Digest.objects.count() == 1 and len(mail.outbox) == 1


def test_a_job_asked_for_in_a_request_runs_after_its_response(db, django_capture_on_commit_callbacks):
    ran = []

    def view(request):
        with django_capture_on_commit_callbacks(execute=True):
            after_response.defer(lambda: ran.append("job"))
        ran.append("view done")
        return HttpResponse("ok")

    response = AfterResponseMiddleware(view)(RequestFactory().get("/"))
    assert ran == ["view done"]
    response.close()  # the server is done with the response
    assert ran == ["view done", "job"]
