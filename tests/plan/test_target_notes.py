"""A note belongs to a target, not to a department (docs/rules.md, "Settled questions"; issue 17, item 3).

The trade department has four targets; in the seeded September three are off track (tests/plan/fakes.py:
外贸进出口总额 red, 进口 red, 高新技术和机电产品出口比重 yellow) and 出口 is green. It writes one note for the
total and one for the import, on its month page; each is shown beside its own target only, on the card, the
drill-down, the bulletin's text and the workbook, and the share (no note) says its note is missing.
"""

import datetime
import io
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from openpyxl import load_workbook

from bulletin import wording
from plan import cycle, progress
from plan.models import Department, MonthlyReport, TargetNote
from tests.plan.fakes import actuals, seed_2006_2007  # noqa: F401  (the fixture)

TOTAL_NOTE = "一般贸易出口回落，正组织企业参加广交会。"
IMPORT_NOTE = "进口原油减少，正协调重点企业扩大进口。"


def card(html, code):
    start = html.index(f'id="card-{code}"')
    end = html.find('class="col"', start)
    return html[start : end if end != -1 else len(html)]


@pytest.fixture
def written(client, plan_2007, actuals, trade_staff):  # noqa: F811
    """The staffer writes the two notes in their boxes on the month page."""
    seed_2006_2007(actuals)
    client.force_login(trade_staff)
    url = reverse("plan:month", args=["trade", 2007, 9])
    page = client.get(url).content.decode()
    # One box per target of the department, each named by its target.
    for code in ("trade_total", "export", "import", "export_hitech_mech_share"):
        assert f'name="note__{code}"' in page
    assert "进口 · 原因分析及措施" in page
    # Each box shows its target's light; the three off track without a note are marked.
    assert (
        'data-target="import" data-status="red"' in page
        and 'data-target="export" data-status="green"' in page
    )
    assert page.count("needs-note") == 3
    response = client.post(
        url,
        {
            "version": "0",
            "unit": "wan",
            "action": "save",
            "note__trade_total": TOTAL_NOTE,
            "note__import": IMPORT_NOTE,
        },
    )
    assert response.status_code == 302
    return plan_2007


def test_each_note_is_stored_once_for_its_target(written):
    assert dict(TargetNote.objects.filter(month=9).values_list("target__code", "text")) == {
        "trade_total": TOTAL_NOTE,
        "import": IMPORT_NOTE,
    }


def test_the_month_page_shows_each_note_in_its_own_box(written, client):
    page = client.get(reverse("plan:month", args=["trade", 2007, 9])).content.decode()
    box = re.search(r'name="note__import"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert box == IMPORT_NOTE
    box = re.search(r'name="note__export"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert box == ""
    # Only the share, yellow, still needs its note.
    assert page.count("needs-note") == 1
    assert re.search(r'data-target="export_hitech_mech_share"[^>]*>.*?needs-note', page, re.S)


def test_each_card_shows_its_own_note_only(written, client, leader):
    client.force_login(leader)
    html = client.get("/", {"year": 2007, "month": 9}).content.decode()
    total, imports = card(html, "trade_total"), card(html, "import")
    assert TOTAL_NOTE in total and IMPORT_NOTE not in total
    assert IMPORT_NOTE in imports and TOTAL_NOTE not in imports
    share = card(html, "export_hitech_mech_share")
    assert TOTAL_NOTE not in share and IMPORT_NOTE not in share and "科室尚未填写" in share
    # The retail-sales card of the other department carries none of trade's notes.
    retail = card(html, "retail_sales")
    assert TOTAL_NOTE not in retail and IMPORT_NOTE not in retail


def test_the_drill_down_shows_its_own_note_only(written, client, leader):
    client.force_login(leader)
    page = client.get(reverse("plan:target", args=[2007, "import"]), {"month": 9}).content.decode()
    assert IMPORT_NOTE in page and TOTAL_NOTE not in page
    page = client.get(reverse("plan:target", args=[2007, "trade_total"]), {"month": 9}).content.decode()
    assert TOTAL_NOTE in page and IMPORT_NOTE not in page


def test_the_bulletin_quotes_each_note_once_beside_its_target(written):
    paragraphs = wording.note_paragraphs(progress.compute(written, 9))
    assert f"外贸进出口总额（对外贸易科）：“{TOTAL_NOTE}”" in paragraphs
    assert f"进口（对外贸易科）：“{IMPORT_NOTE}”" in paragraphs
    assert "高新技术和机电产品出口比重（对外贸易科）：科室尚未报送原因分析及措施。" in paragraphs
    text = "\n".join(paragraphs)
    assert text.count(TOTAL_NOTE) == 1 and text.count(IMPORT_NOTE) == 1


def test_the_workbook_puts_each_note_on_its_target_s_row(written, client, leader):
    client.force_login(leader)
    book = load_workbook(io.BytesIO(client.get("/plan/2007/bulletin.xlsx", {"month": 9}).content))
    rows = {row[0]: row for row in book.worksheets[0].iter_rows(values_only=True) if row and row[0]}
    assert rows["外贸进出口总额"][14] == TOTAL_NOTE
    assert rows["进口"][14] == IMPORT_NOTE
    assert rows["高新技术和机电产品出口比重"][14] is None
    assert rows["出口"][14] is None


def test_the_department_page_and_the_history_name_the_target_of_each_note(written, client, leader):
    client.force_login(leader)
    page = client.get(reverse("plan:department", args=["trade"]), {"month": 9}).content.decode()
    assert re.search(r"进口</span>: " + IMPORT_NOTE, page)
    history = client.get(reverse("plan:month_history", args=["trade", 2007, 9])).content.decode()
    assert history.count('class="note-changed"') == 2


def test_a_code_that_is_not_the_department_s_target_is_refused(written, trade_staff):
    trade = Department.objects.get(code="trade")
    version = cycle.report_get(department=trade, year=2007, month=9).version
    with pytest.raises(Exception, match="retail_sales"):
        cycle.report_save_notes(
            user=trade_staff,
            department=trade,
            year=2007,
            month=9,
            notes={"retail_sales": "不是本科室的目标"},
            expected_version=version,
        )
    assert not TargetNote.objects.filter(target__code="retail_sales").exists()


# -- The migration of the department's month notes (plan/migrations/0013_target_notes.py) ---------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_a_department_s_note_and_its_history_to_each_of_its_targets(
    plan_2007, trade_staff
):
    executor = MigrationExecutor(connection)
    executor.migrate([("plan", "0012_versions")])
    old = executor.loader.project_state([("plan", "0012_versions")]).apps
    report_model = old.get_model("plan", "MonthlyReport")
    history_model = old.get_model("plan", "HistoricalMonthlyReport")
    trade = Department.objects.get(code="trade")
    report = report_model.objects.create(department_id=trade.pk, year=2007, month=9, note="第二稿", version=2)
    fields = {"id": report.pk, "department_id": trade.pk, "year": 2007, "month": 9, "state": "draft"}
    for version, (note, when) in enumerate((("第一稿", 5), ("第二稿", 6))):
        history_model.objects.create(
            **fields,
            note=note,
            version=version + 1,
            history_date=datetime.datetime(2007, 10, when, 9, tzinfo=datetime.UTC),
            history_type="+" if version == 0 else "~",
            history_user_id=trade_staff.pk,
        )
    # A month of a year without a plan (2006, a base year) has no target to go to.
    report_model.objects.create(department_id=trade.pk, year=2006, month=9, note="基期说明")
    # The markets department wrote nothing: it gets no note.
    report_model.objects.create(department_id=Department.objects.get(code="markets").pk, year=2007, month=9)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    notes = TargetNote.objects.filter(month=9).select_related("target")
    assert sorted(note.target.code for note in notes) == sorted(
        plan_2007.targets.filter(department=trade).values_list("code", flat=True)
    )
    assert {note.text for note in notes} == {"第二稿"}
    note = notes.get(target__code="import")
    assert [(h.text, h.history_user_id) for h in note.history.order_by("history_id")] == [
        ("第一稿", trade_staff.pk),
        ("第二稿", trade_staff.pk),
    ]
    assert note.version == 2
    # The old field is gone: a note is stored once.
    assert "note" not in {field.name for field in MonthlyReport._meta.get_fields()}
