"""Drafting, editing, issuing and archiving a bulletin; its Word file read back; who may do what; the command."""

import io
import pathlib
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from bulletin import services
from bulletin.models import Bulletin
from plan import formatting
from plan.models import Department, MonthlyReport, Target, TargetNote
from tests.conftest import _make_user
from tests.plan.fakes import actuals, seed_2006_2007  # noqa: F401  (the fixture)


@pytest.fixture
def seeded(plan_2007, actuals):  # noqa: F811
    seed_2006_2007(actuals)
    MonthlyReport.objects.create(
        department=Department.objects.get(code="trade"),
        year=2007,
        month=9,
        state="submitted",
        on_time=False,
    )
    TargetNote.objects.create(
        target=plan_2007.targets.get(code="import"), month=9, text="=进口原油减少，正协调重点企业扩大进口。"
    )
    return actuals


@pytest.fixture
def office_staff(db):
    return _make_user("office1", "staff", "office", name="办公室文秘")


def edit_url(month=9):
    return reverse("bulletin:edit", args=[2007, month])


def post_edit(client, bulletin, **changes):
    data = {
        "version": bulletin.version,
        "title": bulletin.title,
        "body": bulletin.body,
        "distribution": bulletin.distribution,
        **changes,
    }
    return client.post(edit_url(bulletin.month), data)


# --- who may do what ------------------------------------------------------------------------------------------


def test_anonymous_sees_nothing(client, seeded):
    for url in [
        "/plan/2007/bulletin/",
        "/plan/2007/bulletin.xlsx",
        "/plan/2007/bulletin.docx",
        "/bulletins/",
        edit_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    assert not Bulletin.objects.exists()


def test_only_the_office_and_admins_edit_and_issue(
    login_as, seeded, office_staff, trade_staff, leader, admin_user
):
    for user in (trade_staff, leader):
        client = login_as(user)
        assert client.get(edit_url()).status_code == 403
        assert client.post(reverse("bulletin:issue", args=[2007, 9])).status_code == 403
        # The page offers them no edit or issue.
        html = client.get("/plan/2007/bulletin/", {"month": 9}).content.decode()
        assert 'id="edit-link"' not in html and 'id="issue-button"' not in html
        with pytest.raises(PermissionDenied):
            services.bulletin_draft(user=user, plan=seeded_plan(), month=9)
    assert not Bulletin.objects.exists()
    for user in (office_staff, admin_user):
        assert login_as(user).get(edit_url()).status_code == 200
    assert Bulletin.objects.count() == 1  # one draft of the month, whoever opened it


def seeded_plan():
    from plan.models import Plan

    return Plan.objects.get(year=2007)


def test_edit_issue_and_nobody_edits_an_issued_bulletin(login_as, seeded, office_staff, leader, admin_user):
    client = login_as(office_staff)
    client.get(edit_url())
    draft = Bulletin.objects.get()
    assert draft.state == "draft" and draft.version == 0
    assert draft.title == "2007年1–9月全市商务工作进展情况通报"
    edited_body = draft.body.replace("全市外贸进出口总额6.28亿美元", "全市外贸进出口总额达6.28亿美元")
    assert edited_body != draft.body
    response = post_edit(client, draft, body=edited_body)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version == 1 and "全市外贸进出口总额达6.28亿美元" in draft.body
    # Every edit is in the history, with who made it.
    assert [h.history_user for h in draft.history.order_by("history_date")] == [office_staff, office_staff]

    response = client.post(
        reverse("bulletin:issue", args=[2007, 9]), {"version": draft.version, "confirm": "1"}
    )
    issued = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "bulletin:issued", args=[issued.pk]
    )
    assert issued.state == "issued" and issued.number == 1 and issued.issue_label == "2007年第1期"
    assert issued.issued_by == office_staff and issued.issued_at is not None and issued.corrects is None
    assert bytes(issued.document)[:2] == b"PK"

    # Read-only for everyone, the admin included, on every path.
    for user in (office_staff, admin_user):
        with pytest.raises(PermissionDenied):
            services.bulletin_save(
                user=user, bulletin=issued, title="x", body="y", distribution="z", expected_version=None
            )
        with pytest.raises(PermissionDenied):
            services.bulletin_issue(user=user, bulletin=issued, expected_version=None)
    issued.refresh_from_db()
    assert issued.version == 2 and "全市外贸进出口总额达6.28亿美元" in issued.body

    # The leader reads it in the archive, opens it and downloads it.
    reader = login_as(leader)
    archive = reader.get(reverse("bulletin:archive")).content.decode()
    row = re.search(rf'id="issue-{issued.pk}".*?</tr>', archive, re.S).group(0)
    assert "2007年第1期" in row and "办公室文秘" in row
    page = reader.get(reverse("bulletin:issued", args=[issued.pk])).content.decode()
    assert "全市外贸进出口总额达6.28亿美元" in page and "办公室文秘" in page
    download = reader.get(reverse("bulletin:issued-docx", args=[issued.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="bulletin-2007-09-1.docx"'
    assert download.content == bytes(issued.document)


def test_issuing_the_month_again_corrects_the_earlier_issue(login_as, seeded, office_staff):
    client = login_as(office_staff)
    client.get(edit_url())
    first = Bulletin.objects.get()
    client.post(reverse("bulletin:issue", args=[2007, 9]), {"version": first.version, "confirm": "1"})
    # Opening the month again drafts anew; the form says it will correct 第1期.
    html = client.get(edit_url()).content.decode()
    assert "2007年第1期" in re.search(r'id="corrects-note".*?</div>', html, re.S).group(0)
    second = Bulletin.objects.drafts().get()
    client.post(reverse("bulletin:issue", args=[2007, 9]), {"version": second.version, "confirm": "1"})
    second.refresh_from_db()
    assert second.number == 2 and second.corrects_id == first.pk
    page = client.get(reverse("bulletin:issued", args=[first.pk])).content.decode()
    assert "已由2007年第2期更正" in page
    # The month's Word file is now the latest issue's.
    assert client.get("/plan/2007/bulletin.docx", {"month": 9}).content == bytes(second.document)


def test_a_stale_save_is_refused_and_shows_what_the_other_person_saved(
    login_as, seeded, office_staff, admin_user
):
    login_as(office_staff).get(edit_url())
    draft = Bulletin.objects.get()
    stale_version = draft.version
    services.bulletin_save(
        user=admin_user,
        bulletin=draft,
        title=draft.title,
        body="管理员改过的一段。",
        distribution=draft.distribution,
        expected_version=stale_version,
    )
    client = login_as(office_staff)
    response = client.post(
        edit_url(),
        {"version": stale_version, "title": draft.title, "body": "文秘的一段。", "distribution": "局领导。"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    conflict = re.search(r'id="conflict".*?</div>', html, re.S).group(0)
    assert "管理员改过的一段。" in conflict
    assert "文秘的一段。" in html  # what was typed is still in the form
    draft.refresh_from_db()
    assert draft.body == "管理员改过的一段。"


def test_redraft_keeps_the_old_text_in_the_history(login_as, seeded, office_staff):
    client = login_as(office_staff)
    client.get(edit_url())
    draft = Bulletin.objects.get()
    post_edit(client, draft, body="临时文字。")
    draft.refresh_from_db()
    client.post(reverse("bulletin:redraft", args=[2007, 9]), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.body.startswith("一、主要目标完成情况")
    assert "临时文字。" in [h.body for h in draft.history.all()]


# --- the page ------------------------------------------------------------------------------------------------


def test_the_page_shows_the_draft_beside_the_numbers(login_as, seeded, office_staff):
    client = login_as(office_staff)
    html = client.get("/plan/2007/bulletin/", {"month": 9}).content.decode()
    text = re.search(r'id="bulletin-text".*?</article>', html, re.S).group(0)
    assert "1–9月，全市外贸进出口总额6.28亿美元，同比增长11.9%" in text
    assert "尚未保存" in text  # drafted, not saved
    assert 'id="bulletin-numbers"' in html and 'id="bulletin-export"' in html
    assert 'id="edit-link"' in html and 'id="docx-link"' in html
    assert not Bulletin.objects.exists()  # reading drafts nothing


# --- the Word file ---------------------------------------------------------------------------------------------


def _docx(content) -> Document:
    return Document(io.BytesIO(content))


def test_the_word_file_read_back(login_as, seeded, office_staff, leader):
    client = login_as(office_staff)
    client.get(edit_url())
    draft = Bulletin.objects.get()
    client.post(reverse("bulletin:issue", args=[2007, 9]), {"version": draft.version, "confirm": "1"})
    issued = Bulletin.objects.get()
    document = _docx(login_as(leader).get(reverse("bulletin:issued-docx", args=[issued.pk])).content)
    texts = [p.text.replace("\xa0", " ") for p in document.paragraphs]
    # The red heading of the issuing body, the issue number, the issuer's line with its red rule, the title.
    assert texts[:3] == ["呼和浩特市商务局", "工作进展通报", "2007年第1期"]
    heading_run = document.paragraphs[0].runs[0]
    assert str(heading_run.font.color.rgb) == "E60012"
    assert heading_run._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    ) == ("方正小标宋简体")
    assert texts[3].startswith("呼和浩特市商务局办公室\t")
    assert 'w:color="E60012"' in document.paragraphs[3]._p.xml
    assert texts[4] == issued.title
    # Every paragraph of the text, in order, with a first-line indent of two characters.
    body = texts[5 : 5 + len(issued.paragraphs)]
    assert body == issued.paragraphs
    assert 'w:firstLineChars="200"' in document.paragraphs[6]._p.xml
    # The 版记: distribution and the date of issue.
    assert any(t.startswith("送：") for t in texts)
    assert any(t.endswith("印发") for t in texts)
    # A4, page numbers in the footer.
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "PAGE" in section.footer._element.xml
    # The fallbacks for the bureau's fonts are in the font table; the text is zh-CN.
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    fonts = document.part.part_related_by(RT.FONT_TABLE).blob.decode()
    assert "仿宋_GB2312" in fonts and 'w:val="仿宋;' in fonts and 'w:charset w:val="86"' in fonts

    # The targets table: the API's numbers, formatted as on screen.
    api = login_as(leader).get("/api/v1/progress/2007/", {"as_of": "2007-09"}).json()
    targets, measures = document.tables
    # (A number and its unit are joined by a no-break space, so a line never parts them.)
    rows = {row.cells[0].text: [c.text.replace("\xa0", " ") for c in row.cells] for row in targets.rows[1:]}
    for item in api["targets"]:
        target = Target.objects.get(plan__year=2007, code=item["code"])
        row = rows[target.name]
        if (
            item["actual"] is None
        ):  # a target no figure answers yet: its row says so, and the bulletin is made
            assert row[2] == formatting.target_amount(target, None)
            continue
        assert row[2] == formatting.target_amount(target, Decimal(str(item["actual"])))
        if target.kind != "share":
            assert row[3] == formatting.percent(Decimal(str(item["completion_pct"])))
            assert row[6] == formatting.growth(
                None if item["yoy_growth_pct"] is None else Decimal(str(item["yoy_growth_pct"]))
            )
    assert len(measures.rows) == 1 + len(api["measures"])


def test_the_draft_s_word_file_says_it_is_not_issued(login_as, seeded, leader):
    response = login_as(leader).get("/plan/2007/bulletin.docx", {"month": 9})
    assert response["Content-Disposition"] == 'attachment; filename="bulletin-2007-09-draft.docx"'
    texts = [p.text for p in _docx(response.content).paragraphs]
    assert texts[2] == "（草稿，未印发）"
    assert "2007年1–9月全市商务工作进展情况通报" in texts


# --- the workbook ------------------------------------------------------------------------------------------------


def test_text_cells_that_look_like_formulas_are_quoted(login_as, seeded, leader):
    book = load_workbook(io.BytesIO(login_as(leader).get("/plan/2007/bulletin.xlsx", {"month": 9}).content))
    notes = [row[-1] for row in book.worksheets[0].iter_rows(values_only=True) if len(row) > 12 and row[-1]]
    assert "'=进口原油减少，正协调重点企业扩大进口。" in notes


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_in_a_note_stays_text_in_the_workbook(login_as, seeded, leader, start):
    TargetNote.objects.filter(month=9).update(text=start + "SUM(A1:A9)")
    book = load_workbook(io.BytesIO(login_as(leader).get("/plan/2007/bulletin.xlsx", {"month": 9}).content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    cells = [value for row in rows for value in row]
    assert "'" + start + "SUM(A1:A9)" in cells
    assert start + "SUM(A1:A9)" not in cells
    # The numbers beside it are numbers.
    assert any(isinstance(value, float) for value in cells)


# --- the command ---------------------------------------------------------------------------------------------------


def test_the_command_writes_the_latest_issue_else_the_draft(seeded, office_staff, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("bulletin", "2007-09", "--text", stdout=out, stderr=err)
    assert out.getvalue().splitlines()[0] == "2007年1–9月全市商务工作进展情况通报"
    assert "drafted from the figures" in err.getvalue()

    draft = services.bulletin_draft(user=office_staff, plan=seeded_plan(), month=9)
    services.bulletin_save(
        user=office_staff,
        bulletin=draft,
        title="九月通报",
        body="第一段。\n第二段。",
        distribution="局领导。",
        expected_version=0,
    )
    out = io.StringIO()
    call_command("bulletin", "2007-09", "--text", stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines() == ["九月通报", "第一段。", "第二段。"]

    issued = services.bulletin_issue(
        user=office_staff, bulletin=draft, expected_version=Bulletin.objects.get(pk=draft.pk).version
    )
    docx_file, xlsx_file = tmp_path / "b.docx", tmp_path / "b.xlsx"
    err = io.StringIO()
    call_command("bulletin", "2007-09", "--docx", str(docx_file), "--xlsx", str(xlsx_file), stderr=err)
    assert "2007年第1期" in err.getvalue()
    assert docx_file.read_bytes() == bytes(issued.document)
    assert load_workbook(xlsx_file).worksheets[0]["A1"].value.startswith("呼和浩特市商务局2007年工作要点")

    with pytest.raises(CommandError):
        call_command("bulletin", "2007-13")
    with pytest.raises(CommandError):
        call_command("bulletin", "1999-01")


# --- the layers ------------------------------------------------------------------------------------------------------


def test_bulletin_imports_no_domain_app_and_plan_does_not_import_bulletin():
    root = pathlib.Path(__file__).resolve().parents[2]
    for path in (root / "bulletin").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (trade|markets|outreach)\b", source, re.M), path
    for path in (root / "plan").rglob("*.py"):
        assert not re.search(r"^\s*(from|import) bulletin\b", path.read_text(encoding="utf-8"), re.M), path


def test_issue_numbers_follow_each_other_in_the_year(seeded, office_staff):
    plan = seeded_plan()
    numbers = []
    for month in (7, 8, 9):
        draft = services.bulletin_draft(user=office_staff, plan=plan, month=month)
        numbers.append(
            services.bulletin_issue(user=office_staff, bulletin=draft, expected_version=draft.version).number
        )
    assert numbers == [1, 2, 3]


def test_a_draft_saved_issued_or_redrafted_without_its_version_is_refused(login_as, seeded, office_staff):
    client = login_as(office_staff)
    client.get(edit_url())
    draft = Bulletin.objects.get()
    data = {"title": "改过的标题", "body": draft.body, "distribution": draft.distribution}
    assert client.post(edit_url(), data).status_code == 400
    client.post(reverse("bulletin:issue", args=[2007, 9]), {"version": "²", "confirm": "1"})
    client.post(reverse("bulletin:redraft", args=[2007, 9]), {})
    after = Bulletin.objects.get()
    assert (after.title, after.state, after.version) == (draft.title, "draft", draft.version)


def test_issuing_asks_once_before_it_takes_a_number(login_as, seeded, office_staff):
    client = login_as(office_staff)
    client.get(edit_url())
    draft = Bulletin.objects.get()
    # The first post (the edit page's 印发 button) takes nothing: it asks, naming the number it would take.
    response = client.post(reverse("bulletin:issue", args=[2007, 9]), {"version": draft.version})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="issue-confirm"' in html
    assert "确认印发为2007年第1期" in html and "不可撤回" in html
    assert Bulletin.objects.get().state == "draft" and not Bulletin.objects.issued().exists()
    # The confirmation carries the version it was asked for; confirming issues.
    assert f'name="version" value="{draft.version}"' in html and 'name="confirm" value="1"' in html
    client.post(reverse("bulletin:issue", args=[2007, 9]), {"version": draft.version, "confirm": "1"})
    assert Bulletin.objects.get().number == 1


def test_the_editor_never_shows_version_0(login_as, seeded, office_staff):
    client = login_as(office_staff)
    html = client.get(edit_url()).content.decode()
    badge = re.search(r'id="draft-version">(.*?)</span>', html).group(1)
    assert badge == "草稿（尚未保存）"
    # What a person reads: the tags (a form's random CSRF token may hold "v0") are not text.
    shown = re.sub(r"<[^>]+>", " ", html)
    assert "第0版" not in shown and not re.search(r"\bv0\b", shown)
    draft = Bulletin.objects.get()
    post_edit(client, draft, title="改过的标题")
    html = client.get(edit_url()).content.decode()
    assert re.search(r'id="draft-version">(.*?)</span>', html).group(1) == "草稿，第1版"
    assert "第0版" not in html


def test_the_word_file_as_a_bureau_prints_it(login_as, seeded, leader):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = _docx(login_as(leader).get("/plan/2007/bulletin.docx", {"month": 9}).content)
    # Page numbers on the outer edge: odd pages on the right, even pages on the left (different footers).
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and "PAGE" in odd._p.xml
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and "PAGE" in even._p.xml
    # The headings stay with what follows them: the text's 一、二、… and the two annexes.
    headings = [p for p in document.paragraphs if re.match(r"^[一二三四]、|^附表", p.text)]
    assert len(headings) >= 5 and all(p.paragraph_format.keep_with_next for p in headings)
    # No number is broken across lines: each is a Latin run of its own (LibreOffice breaks anywhere inside
    # a run it takes as Chinese), with its decimals and % sign.
    share = next(p for p in document.paragraphs if "高新技术和机电产品出口占出口总额的" in p.text)
    assert "28.5%" in [run.text for run in share.runs]
    run = next(run for run in share.runs if run.text == "28.5%")
    assert 'w:val="en-US"' in run._r.xml and "w:hint" not in run._r.xml
    # The 附表's header names the period; the targets table fills the text's width (156 mm).
    targets = document.tables[0]
    assert [c.text for c in targets.rows[0].cells][2] == "1–9月累计"
    assert round(sum(cell.width.mm for cell in targets.rows[0].cells)) == 156
    assert targets.rows[0].cells[4].text == "与序时进度比（个百分点）"
