"""督办's pages: who may see what, the list's filters and its constant queries, the write form from a card's
button, steps through the page (with their version), evidence files, and the badges on the plan's pages."""

import datetime
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supervision.models import Instruction, InstructionEvent, State

from .conftest import step

Kind = InstructionEvent.Kind
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def instruction(write):
    return write()


def test_anonymous_goes_to_log_in(client, instruction):
    for url in (reverse("supervision:list"), instruction.get_absolute_url(), reverse("supervision:new")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_who_sees_an_instruction(
    login_as, instruction, trade_staff, markets_staff, regulation_staff, leader, admin_user, office_staff
):
    url = instruction.get_absolute_url()
    for user in (trade_staff, markets_staff, leader, admin_user, office_staff):
        assert login_as(user).get(url).status_code == 200, user
    assert login_as(regulation_staff).get(url).status_code == 403
    assert (
        login_as(regulation_staff).get(reverse("supervision:document", args=[instruction.pk])).status_code
        == 403
    )
    listed = login_as(regulation_staff).get(reverse("supervision:list"))
    assert instruction.number not in listed.content.decode()
    assert instruction.number in login_as(markets_staff).get(reverse("supervision:list")).content.decode()


def test_staff_of_another_department_may_not_step(login_as, instruction, regulation_staff):
    response = login_as(regulation_staff).post(
        reverse("supervision:step", args=[instruction.pk]), {"step": "sign", "version": instruction.version}
    )
    assert response.status_code == 403
    instruction.refresh_from_db()
    assert instruction.state == State.ASSIGNED


def test_only_writers_open_the_form(login_as, plan_2007, trade_staff, leader):
    assert login_as(trade_staff).get(reverse("supervision:new")).status_code == 403
    response = login_as(leader).get(reverse("supervision:new") + "?target=trade_total&year=2007")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="target" value="trade_total"' in page
    assert "外贸进出口" in page or plan_2007.targets.get(code="trade_total").name in page


def test_a_leader_writes_from_the_card(login_as, plan_2007, leader, trade_staff, clock):
    from plan.models import Department

    trade, markets = Department.objects.get(code="trade"), Department.objects.get(code="markets")
    response = login_as(leader).post(
        reverse("supervision:new"),
        {
            "year": 2007,
            "target": "trade_total",
            "text": "抓紧落实",
            "lead": trade.pk,
            "co_departments": [markets.pk],
            "urgency": "urgent",
        },
    )
    instruction = Instruction.objects.get()
    assert response.status_code == 302 and response["Location"] == instruction.get_absolute_url()
    assert instruction.target.code == "trade_total" and instruction.due == datetime.date(2007, 3, 17)
    assert list(instruction.co_departments.all()) == [markets]


def test_steps_through_the_page_carry_the_version(login_as, instruction, trade_staff, markets_staff):
    client = login_as(trade_staff)
    page = client.get(instruction.get_absolute_url()).content.decode()
    assert 'id="step-sign"' in page and 'id="step-report"' not in page
    url = reverse("supervision:step", args=[instruction.pk])
    assert client.post(url, {"step": "sign", "version": instruction.version}).status_code == 302
    # The same page again (its version is old now): refused, nothing changed.
    stale = client.post(url, {"step": "reply", "text": "旧页面", "version": instruction.version})
    assert stale.status_code == 409
    instruction.refresh_from_db()
    assert instruction.state == State.SIGNED
    evidence = SimpleUploadedFile("调研报告.pdf", PDF, content_type="application/pdf")
    response = login_as(markets_staff).post(
        url, {"step": "reply", "text": "已配合", "version": instruction.version, "files": [evidence]}
    )
    assert response.status_code == 302
    attached = InstructionEvent.objects.get(kind="reply").files.get()
    assert attached.name == "调研报告.pdf"
    file_url = reverse("supervision:file", args=[attached.pk])
    assert login_as(trade_staff).get(file_url).status_code == 200


def test_a_disguised_file_is_refused(login_as, instruction, trade_staff):
    step(instruction, Kind.SIGN, trade_staff)
    instruction.refresh_from_db()
    fake = SimpleUploadedFile("报告.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = login_as(trade_staff).post(
        reverse("supervision:step", args=[instruction.pk]),
        {"step": "reply", "text": "附件", "version": instruction.version, "files": [fake]},
    )
    assert response.status_code == 400
    assert not InstructionEvent.objects.filter(kind="reply").exists()


def test_the_list_filters(login_as, write, leader, trade_staff, clock):
    from plan.models import Department

    first = write()  # due 2007-03-27
    second = write(lead=Department.objects.get(code="outreach"), co_departments=[], urgency="urgent")  # 03-17
    step(first, Kind.SIGN, trade_staff)
    client = login_as(leader)
    url = reverse("supervision:list")

    def numbers(query):
        page = client.get(url + query).content.decode()
        return {i.pk for i in (first, second) if f'id="instruction-{i.pk}"' in page}

    assert numbers("") == {first.pk, second.pk}
    assert numbers("?state=signed") == {first.pk}
    assert numbers("?department=markets") == {first.pk}  # a co-department
    assert numbers("?department=outreach") == {second.pk}
    assert numbers("?overdue=1&on=2007-03-18") == {second.pk}
    assert numbers("?overdue=1") == set()
    assert numbers("?week=1&on=2007-03-26") == {first.pk}  # the week of 26 March holds the 27th


def test_the_list_runs_a_constant_number_of_queries(
    login_as, write, leader, trade_staff, django_assert_max_num_queries
):
    write()
    client = login_as(leader)
    url = reverse("supervision:list")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(5):
        write()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_dashboard_shows_the_button_and_the_count(
    login_as, instruction, leader, trade_staff, django_assert_max_num_queries
):
    page = login_as(leader).get(reverse("plan:dashboard")).content.decode()
    card = page[page.index('id="card-trade_total"') :]
    card = card[: card.index('id="card-', 10)]
    assert "badge-count" in card and "badge-action" in card
    assert reverse("supervision:new") + "?target=trade_total" in card
    # Staff see the count but not the button.
    staff_page = login_as(trade_staff).get(reverse("plan:dashboard")).content.decode()
    assert "badge-count" in staff_page and "badge-action" not in staff_page
    # ...and their desk: one to sign.
    assert 'id="desk"' in staff_page
    # More 批示 on more targets: the dashboard asks no more of the database (each write empties the cache of
    # the cards: both pages are computed afresh).
    from supervision import services

    client = login_as(leader)

    def write_on(code):
        target = instruction.target.plan.targets.get(code=code)
        services.instruction_create(by=leader, text="再抓", lead=instruction.lead, year=2007, target=target)

    write_on("export")
    with django_assert_max_num_queries(200) as before:
        client.get(reverse("plan:dashboard"))
    write_on("import")
    write_on("import")
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(reverse("plan:dashboard")).content.decode()
    assert page.count("badge-count") == 3


def test_measure_and_month_pages_offer_the_button(login_as, plan_2007, leader, trade_staff):
    from plan.models import Department, MonthlyReport

    measure = plan_2007.measures.first()
    page = login_as(leader).get(measure.get_absolute_url()).content.decode()
    assert reverse("supervision:new") + f"?measure={measure.code}" in page.replace("&amp;", "&")
    report = MonthlyReport.objects.create(department=Department.objects.get(code="trade"), year=2007, month=2)
    page = login_as(leader).get(reverse("plan:month", args=["trade", 2007, 2])).content.decode()
    assert f"?report={report.pk}" in page


def test_the_report_document(login_as, write, trade_staff, markets_staff, leader, office_staff):
    instruction = write(by=office_staff, written_by=leader)
    step(instruction, Kind.SIGN, trade_staff)
    step(instruction, Kind.REPLY, markets_staff, "市场科配合完成摸底。")
    step(instruction, Kind.REPORT, trade_staff, "已完成全部工作")
    step(instruction, Kind.ACCEPT, leader, "同意")
    response = login_as(trade_staff).get(reverse("supervision:document", args=[instruction.pk]))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "呼和浩特市商务局" and texts[1] == "督办件办理情况报告"
    assert texts[2] == instruction.number
    body = "\n".join(texts)
    assert "王局长（办公室督查员代录）" in body and "请外贸科加大稳外贸工作力度" in body
    order = [body.index("市场科配合完成摸底"), body.index("已完成全部工作"), body.index("已办结")]
    assert order == sorted(order)
    assert "按期办结" in body
    assert texts[-2] == str(instruction.lead)
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.top_margin.mm) == 37
