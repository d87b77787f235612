"""What the permission matrix and the fuzz test found, pinned one by one with the case that showed it."""

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plan.models import Measure
from tests.security.conftest import LEADER, MARKETS, OUTREACH


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_closing_a_measure_twice_says_why_instead_of_a_server_error(client, world):
    client.force_login(world.people[LEADER])
    url = reverse("plan:measure_close", args=[2007, world.done_measure.code])
    version = Measure.objects.get(pk=world.done_measure.pk).version
    assert client.post(url, {"note": "材料齐全", "version": version}).status_code == 302
    again = client.post(url, {"note": "材料齐全", "version": version})  # a double click, or a second leader
    assert again.status_code == 400
    assert "打开页面后，这项措施已有变动" in _messages(again)[-1]
    # From the page as it is now: the closed measure cannot be closed again.
    now = Measure.objects.get(pk=world.done_measure.pk).version
    once_more = client.post(url, {"note": "材料齐全", "version": now})
    assert once_more.status_code == 400
    assert _messages(once_more)[-1] == "只有科室已标记完成的措施可以销号。"
    world.done_measure.refresh_from_db()
    assert world.done_measure.status == Measure.Status.CLOSED


def test_another_department_gets_403_for_milestones_whatever_it_posts(client, world):
    client.force_login(world.people[MARKETS])
    url = reverse("plan:milestone_add", args=[2007, world.measure.code])
    assert client.post(url, {}).status_code == 403  # not a "fill in the title" redirect
    assert client.post(url, {"title": "座谈会", "due": "2007-11-15"}).status_code == 403
    assert world.measure.milestones.count() == 1


def test_a_disguised_or_undecodable_register_file_is_refused_with_a_message(client, world):
    client.force_login(world.people[MARKETS])
    url = reverse("registers:import", args=["village-stores"])
    for name, content, message in [
        ("stores.xlsx", b"MZ\x90\x00 not a workbook", "不是真正的 XLSX 文件"),
        ("stores.csv", b"\xff\xfe\x00\xd8\x81", "CSV"),
    ]:
        before = world.store.__class__.objects.count()
        response = client.post(url, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 400, name
        assert message in response.content.decode(), name
        assert world.store.__class__.objects.count() == before


def test_control_characters_are_refused_where_people_type(client, world):
    client.force_login(world.people[OUTREACH])
    response = client.post(reverse("outreach:task_add", args=[world.event.pk]), {"title": "印制\x05手册"})
    assert response.status_code == 302
    assert any("控制字符" in m for m in _messages(response))
    assert not world.event.tasks.filter(title__contains="\x05").exists()

    client.force_login(world.people[MARKETS])
    response = client.post(
        reverse("registers:create", args=["village-stores"]),
        {
            "name": "大召\x1b农家店",
            "county": str(world.store.county_id),
            "kind": "new",
            "category": "general",
        },
    )
    assert response.status_code == 200
    assert "控制字符" in response.content.decode()
    assert not world.store.__class__.objects.filter(name__contains="\x1b").exists()

    client.force_login(world.people[LEADER])
    response = client.post(
        reverse("plan:month_return", args=["trade", 2007, 8]), {"message": "请补充\x00说明"}
    )
    assert response.status_code == 400  # the month's page again, with the message as typed
    world.months["submitted"].refresh_from_db()
    assert world.months["submitted"].state == "submitted"  # refused, not returned with a NUL in it
