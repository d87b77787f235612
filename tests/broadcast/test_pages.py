"""The robots' pages (/manage/robots/): administrators only; the webhook and the secret written, never shown;
the history without them; a test message sent after the response; the delivery log in constant queries."""

import pytest
from django.urls import reverse

from broadcast.models import Delivery, Robot
from plan.models import Department

SECRET = "SECpage0123456789secretvalue"
TOKEN = "accesstoken0123456789"


def pages(robot=None):
    urls = [reverse("broadcast:robots"), reverse("broadcast:robot_create"), reverse("broadcast:deliveries")]
    if robot is not None:
        urls.append(reverse("broadcast:robot", args=[robot.pk]))
    return urls


@pytest.fixture
def robot(db):
    return Robot.objects.create(
        name="局领导群",
        kind="dingtalk",
        url=f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}",
        secret=SECRET,
    )


def test_only_admins_reach_the_robot_pages(
    client, login_as, robot, trade_staff, leader, admin_user, outsider
):
    for url in pages(robot):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for user in (trade_staff, leader):
        login_as(user)
        for url in pages(robot):
            assert client.get(url).status_code == 403, (user, url)
        assert client.post(reverse("broadcast:robot_test", args=[robot.pk])).status_code == 403
    login_as(admin_user)
    for url in pages(robot):
        assert client.get(url).status_code == 200, url
    assert not Delivery.objects.exists()


def test_add_a_robot_then_the_secret_and_the_webhook_are_never_shown(login_as, admin_user, plan_2007):
    client = login_as(admin_user)
    response = client.post(
        reverse("broadcast:robot_create"),
        {
            "name": "外贸群",
            "kind": "dingtalk",
            "url": f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}",
            "secret": SECRET,
            "receives_late": "on",
            "departments": [Department.objects.get(code="trade").pk],
            "active": "on",
        },
    )
    assert response.status_code == 302
    robot = Robot.objects.get()
    assert (robot.secret, robot.receives_late, robot.receives_digest) == (SECRET, True, False)
    assert robot.url_shown == "https://oapi.dingtalk.com/robot/send?access_token=***"

    for url in pages(robot):
        html = client.get(url).content.decode()
        assert SECRET not in html and TOKEN not in html, url
    edit = client.get(reverse("broadcast:robot", args=[robot.pk])).content.decode()
    assert "已设置" in edit or "Set; leave empty to keep it." in edit
    record = robot.history.first()
    assert not hasattr(record, "secret") and not hasattr(record, "url")
    assert record.url_shown.endswith("access_token=***")
    assert [d.department.code for d in record.departments.all()] == ["trade"]

    # Saving with both boxes empty keeps them; a new name is saved.
    response = client.post(
        reverse("broadcast:robot", args=[robot.pk]),
        {"name": "对外贸易科群", "kind": "dingtalk", "url": "", "secret": "", "version": robot.version},
    )
    assert response.status_code == 302
    robot.refresh_from_db()
    assert (robot.name, robot.secret, robot.url.endswith(TOKEN), robot.version) == (
        "对外贸易科群",
        SECRET,
        True,
        1,
    )
    assert robot.receives_late is False and not robot.departments.exists()
    for record in robot.history.all():
        assert SECRET not in str(record.__dict__) and TOKEN not in str(record.__dict__)


def test_a_stale_save_is_refused(login_as, admin_user, robot):
    client = login_as(admin_user)
    data = {"name": "改名", "kind": "dingtalk", "url": "", "secret": "", "version": robot.version}
    assert client.post(reverse("broadcast:robot", args=[robot.pk]), data).status_code == 302
    again = client.post(reverse("broadcast:robot", args=[robot.pk]), {**data, "name": "又改名"})
    assert again.status_code == 200
    robot.refresh_from_db()
    assert robot.name == "改名"
    assert SECRET not in again.content.decode() and TOKEN not in again.content.decode()


def test_a_wecom_robot_has_no_secret(login_as, admin_user, db):
    client = login_as(admin_user)
    response = client.post(
        reverse("broadcast:robot_create"),
        {
            "name": "企业微信群",
            "kind": "wecom",
            "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1",
            "secret": "x",
        },
    )
    assert response.status_code == 200 and not Robot.objects.exists()


def test_the_test_button_queues_a_message_sent_after_the_response(
    login_as, admin_user, make_robot, standin, django_capture_on_commit_callbacks
):
    robot = make_robot("测试群", kind="dingtalk", secret=SECRET, topics=())
    client = login_as(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("broadcast:robot_test", args=[robot.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('broadcast:deliveries')}?robot={robot.pk}"
    [delivery] = Delivery.objects.all()
    assert delivery.topic == "test" and delivery.state == "sent"
    assert "测试群" in standin.received[0]["payload"]["markdown"]["text"]
    page = client.get(response["Location"]).content.decode()
    assert "测试消息" in page and SECRET not in page


def test_the_delivery_log_is_paginated_in_constant_queries(
    login_as, admin_user, robot, django_assert_max_num_queries
):
    from django.utils import timezone

    client = login_as(admin_user)
    other = Robot.objects.create(
        name="二群", kind="wecom", url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
    )

    def add(count, start):
        Delivery.objects.bulk_create(
            Delivery(
                robot=(robot, other)[n % 2],
                key=f"n{n}",
                topic="digest",
                title=f"通知{n}",
                text="x",
                next_try_at=timezone.now(),
                state=("queued", "sent", "failed")[n % 3],
                attempts=n % 4,
                last_errcode=310000 if n % 3 == 2 else None,
            )
            for n in range(start, start + count)
        )

    add(5, 0)
    # The session and the user; the deliveries counted; the menu's plan (two); the robots of the filter; one
    # page of deliveries with their robots; the session's refresh (three). The same with 25 times more rows.
    with django_assert_max_num_queries(10):
        small = client.get(reverse("broadcast:deliveries"))
    add(120, 5)
    with django_assert_max_num_queries(10):
        large = client.get(reverse("broadcast:deliveries"))
    assert small.status_code == large.status_code == 200
    html = large.content.decode()
    assert html.count("<tr>") == 51  # the header and 50 rows
    assert "errcode 310000" in html
    filtered = client.get(reverse("broadcast:deliveries"), {"robot": other.pk, "state": "failed"})
    assert list(filtered.context["page"].object_list) == list(
        Delivery.objects.filter(robot=other, state="failed").order_by("-created_at", "-pk")[:50]
    )
