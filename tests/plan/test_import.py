"""importfigures / exportfigures and the web upload: formats, all-or-none, permissions, locks, round trips."""

import io
import re
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from markets.models import RetailFigure
from plan import cycle
from plan.models import Department, MonthlyReport
from trade.models import TradeFigure

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "indicator,year,month,cumulative,source,release,published_growth_pct\n"
    "export,2007,9,37916,海关,final,17.4\n"
    'import,2007,9,"25,518",海关,preliminary,\n'
    "retail_sales,2007,9,２９４２４６７,统计局,,\n"
)


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_a_csv(tmp_path):
    out, _err = run("importfigures", write(tmp_path, "f.csv", GOOD_CSV))
    assert "3 new, 0 changed, 0 unchanged" in out
    export = TradeFigure.objects.get(indicator="export")
    assert (export.cumulative, export.source, export.release, export.published_growth_pct) == (
        D(37916),
        "海关",
        "final",
        D("17.40"),
    )
    assert TradeFigure.objects.get(indicator="import").release == "preliminary"
    assert RetailFigure.objects.get().cumulative == D(2942467)


def test_chinese_headers_in_any_order_and_xlsx(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["累计值", "指标", "月份", "年份", "版本"])
    book.active.append([37916, "export", 9, 2007, "快报"])
    path = tmp_path / "f.xlsx"
    book.save(path)
    run("importfigures", str(path))
    figure = TradeFigure.objects.get()
    assert (figure.cumulative, figure.month, figure.release) == (D(37916), 9, "preliminary")


def test_one_bad_row_stores_nothing_and_each_bad_row_is_named(tmp_path):
    content = (
        GOOD_CSV + 'export,2007,10,"12,3a",,,\nimport,2007,10,-5,,,\nexport,2007,13,1,,,\nsteel,2007,1,1,,,\n'
    )
    with pytest.raises(CommandError) as error:
        run("importfigures", write(tmp_path, "f.csv", content))
    assert "nothing was stored" in str(error.value)
    assert not TradeFigure.objects.exists() and not RetailFigure.objects.exists()


def test_the_bad_rows_are_printed_one_line_each(tmp_path, capsys):
    content = (
        GOOD_CSV + 'export,2007,10,"12,3a",,,\nimport,2007,10,-5,,,\nexport,2007,13,1,,,\nsteel,2007,1,1,,,\n'
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("importfigures", write(tmp_path, "f.csv", content), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines == [
        'row 5: cumulative: "12,3a" is not a number',
        'row 6: cumulative: "-5" is negative; figures cannot be below zero',
        'row 7: month: "13" is not a month (1–12)',
        'row 8: indicator: "steel" is not an indicator',
    ]


@pytest.mark.parametrize("value", ["", "NaN", "Infinity", "1e400", "99999999999999999"])
def test_every_kind_of_bad_cumulative_is_refused(tmp_path, value):
    with pytest.raises(CommandError):
        run(
            "importfigures",
            write(tmp_path, "f.csv", f"indicator,year,month,cumulative\nexport,2007,9,{value}\n"),
        )
    assert not TradeFigure.objects.exists()


def test_the_union_check_refuses_the_file(tmp_path):
    content = (
        "indicator,year,month,cumulative\n"
        "export,2007,9,40000\nexport_mech_elec,2007,9,11000\nexport_hitech,2007,9,4000\n"
        "export_hitech_mech_union,2007,9,16000\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("importfigures", write(tmp_path, "f.csv", content), stdout=io.StringIO(), stderr=err)
    assert (
        "row 5: cumulative: the union 16,000.00 is above the sum of its two parts (15,000.00)"
        in err.getvalue()
    )
    assert not TradeFigure.objects.exists()


def test_dry_run_reports_and_stores_nothing(tmp_path):
    out, _ = run("importfigures", write(tmp_path, "f.csv", GOOD_CSV), "--dry-run")
    assert "Dry run: 3 new" in out
    assert not TradeFigure.objects.exists()


def test_a_second_import_is_a_revision_kept_in_the_history(tmp_path):
    run(
        "importfigures",
        write(tmp_path, "a.csv", "indicator,year,month,cumulative,release\nexport,2007,8,33000,快报\n"),
    )
    out, _ = run(
        "importfigures",
        write(tmp_path, "b.csv", "indicator,year,month,cumulative,release\nexport,2007,8,33533,正式\n"),
    )
    assert "0 new, 1 changed" in out
    figure = TradeFigure.objects.get()
    assert (figure.cumulative, figure.release) == (D(33533), "final")
    history = [
        (h.cumulative, h.release, h.history_change_reason) for h in figure.history.order_by("history_id")
    ]
    assert history == [
        (D(33000), "preliminary", "从 a.csv 导入"),
        (D(33533), "final", "从 b.csv 导入"),
    ]
    out, _ = run(
        "importfigures",
        write(tmp_path, "b.csv", "indicator,year,month,cumulative,release\nexport,2007,8,33533,正式\n"),
    )
    assert "0 new, 0 changed, 1 unchanged" in out


def test_as_a_staffer_only_their_department(tmp_path, markets_staff):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "importfigures",
            write(tmp_path, "f.csv", GOOD_CSV),
            "--as",
            "markets1",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert (
        'row 2: indicator: "export" belongs to 对外贸易科; you may not change it'
        in err.getvalue().splitlines()
    )
    assert not RetailFigure.objects.exists()
    run(
        "importfigures",
        write(tmp_path, "r.csv", "指标,年份,月份,累计值\nretail_sales,2007,9,2942467\n"),
        "--as",
        "markets1",
    )
    assert RetailFigure.objects.get().history.latest().history_user == markets_staff


def test_a_locked_month_refuses_the_import(tmp_path, trade_staff, leader, admin_user):
    trade = Department.objects.get(code="trade")
    report = cycle.report_submit(
        user=trade_staff,
        report=cycle.report_get(department=trade, year=2007, month=9),
        expected_version=0,
    )
    cycle.report_approve(user=leader, report=report)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("importfigures", write(tmp_path, "f.csv", GOOD_CSV), stdout=io.StringIO(), stderr=err)
    assert "row 2: month:" in err.getvalue() and "locked" in err.getvalue()
    assert not TradeFigure.objects.exists() and not RetailFigure.objects.exists()
    cycle.report_unlock(user=admin_user, report=MonthlyReport.objects.get(pk=report.pk), reason="海关修订")
    run("importfigures", write(tmp_path, "f.csv", GOOD_CSV), "--as", "admin1")
    assert TradeFigure.objects.count() == 2


def test_an_import_bumps_the_month_so_an_open_page_sees_a_conflict(tmp_path):
    run("importfigures", write(tmp_path, "f.csv", GOOD_CSV))
    trade = MonthlyReport.objects.get(department__code="trade", year=2007, month=9)
    assert trade.version == 1
    assert trade.history.latest().history_change_reason == "从 f.csv 导入"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(tmp_path, suffix):
    run("importfigures", write(tmp_path, "f.csv", GOOD_CSV))
    target = tmp_path / f"out.{suffix}"
    out, _ = run("exportfigures", str(target), "--year", "2007")
    assert "Wrote 3 figure(s)" in out
    out, _ = run("importfigures", str(target), "--dry-run")
    assert "0 new, 0 changed, 3 unchanged" in out
    # And into an empty database, the same figures.
    TradeFigure.objects.all().delete()
    RetailFigure.objects.all().delete()
    run("importfigures", str(target))
    assert TradeFigure.objects.get(indicator="import").cumulative == D(25518)
    assert TradeFigure.objects.get(indicator="export").published_growth_pct == D("17.40")


def test_export_with_chinese_headers(tmp_path):
    run("importfigures", write(tmp_path, "f.csv", GOOD_CSV))
    target = tmp_path / "out.csv"
    run("exportfigures", str(target), "--chinese-headers")
    header = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "指标,年份,月份,累计值,来源,版本,公布增速,发布日期,说明"


# -- The web upload ------------------------------------------------------------------------------------------


def upload(client, content, name="f.csv"):
    return client.post(reverse("plan:figures_upload"), {"file": SimpleUploadedFile(name, content.encode())})


def test_the_upload_previews_then_stores(client, trade_staff):
    TradeFigure.objects.create(indicator="export", year=2007, month=8, cumulative=33000)
    TradeFigure.objects.create(indicator="import", year=2007, month=8, cumulative=22568)
    client.force_login(trade_staff)
    content = "指标,年份,月份,累计值\nexport,2007,8,33533\nimport,2007,8,22568\nexport,2007,9,37916\n"
    response = upload(client, content)
    html = response.content.decode()
    assert html.count('class="outcome-new"') == 1
    assert html.count('class="outcome-changed"') == 1
    assert html.count('class="outcome-unchanged"') == 1
    assert TradeFigure.objects.count() == 2  # nothing stored by the preview
    response = client.post(reverse("plan:figures_upload_confirm"))
    assert response.status_code == 302
    assert TradeFigure.objects.get(month=8, indicator="export").cumulative == D(33533)
    assert TradeFigure.objects.get(month=9).history.latest().history_user == trade_staff


def test_the_upload_refuses_another_department_s_rows(client, markets_staff):
    client.force_login(markets_staff)
    response = upload(client, GOOD_CSV)
    html = response.content.decode()
    assert "“export”属于对外贸易科，您无权修改" in html
    assert html.count('class="outcome-refused"') == 2
    assert "保存这些数据" not in html
    client.post(reverse("plan:figures_upload_confirm"))
    assert not TradeFigure.objects.exists() and not RetailFigure.objects.exists()


def test_the_upload_page_is_for_staff_and_admins(client, leader):
    response = client.get(reverse("plan:figures_upload"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(leader)
    assert client.get(reverse("plan:figures_upload")).status_code == 403


def test_an_unreadable_file_is_named(client, trade_staff):
    client.force_login(trade_staff)
    response = upload(client, "hello", name="f.txt")
    assert "不接受此类文件，请选择 .csv, .xlsx 文件" in response.content.decode()
    response = upload(client, "a,b\n1,2\n")
    assert "表头缺少以下列" in response.content.decode()


def test_template_and_export_downloads(client, trade_staff):
    TradeFigure.objects.create(indicator="export", year=2007, month=9, cumulative=37916)
    client.force_login(trade_staff)
    response = client.get(reverse("plan:figures_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["指标", "年份", "月份", "累计值"]
    assert [c.value for c in sheet[1]][-1] == "说明"
    assert (sheet["A2"].value, sheet["F2"].value) == ("出口", "正式")
    response = client.get(reverse("plan:figures_export"), {"year": 2007, "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="figures-2007.csv"'
    assert "出口,2007,9,37916" in response.content.decode("utf-8-sig")
    response = client.get(reverse("plan:figures_export"), {"year": 2007, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:4] == ["出口", 2007, 9, 37916]
    assert client.get(reverse("plan:figures_export"), {"year": "x"}).status_code == 404


# -- Warnings need a note on every path (docs/rules.md, "Settled questions") --------------------------------------

FALLING_CSV = "indicator,year,month,cumulative,note\nexport,2007,9,33000,{note}\n"


def _stored_august():
    TradeFigure.objects.create(indicator="export", year=2007, month=8, cumulative=33533)


def test_a_warning_row_without_a_note_is_refused_like_a_bad_row(tmp_path):
    _stored_august()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "importfigures",
            write(tmp_path, "f.csv", FALLING_CSV.format(note="")),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert err.getvalue().splitlines() == [
        "row 2: note: the cumulative falls from 33,533.00 in 1–8 to 33,000.00: say in the note why it is right"
    ]
    assert not TradeFigure.objects.filter(month=9).exists()


def test_a_warning_row_with_a_note_is_stored_with_the_note_in_the_history(tmp_path):
    _stored_august()
    out, _err = run("importfigures", write(tmp_path, "f.csv", FALLING_CSV.format(note="海关调减了8月快报数")))
    assert "1 new" in out and "warning: row 2: cumulative: the cumulative falls" in out
    figure = TradeFigure.objects.get(month=9)
    assert figure.history.latest().history_change_reason == "从 f.csv 导入；说明：海关调减了8月快报数"


def test_the_note_rule_is_one_function():
    from plan.figures.checks import unexplained_warnings

    warnings = {"export": ["falls"], "import": ["outlier"], "retail_sales": []}
    assert unexplained_warnings(warnings, {"export": "海关调减", "import": "  "}) == {"import": ["outlier"]}


def test_indicators_by_chinese_name_and_release_in_chinese(tmp_path):
    content = "指标,年份,月份,累计值,版本\n社会消费品零售总额,2007,9,2942467,快报\n出口,2007,9,37916,正式\n"
    run("importfigures", write(tmp_path, "f.csv", content))
    assert RetailFigure.objects.get().release == "preliminary"
    assert TradeFigure.objects.get().release == "final"


def test_errors_name_the_column_in_chinese_on_chinese_screens(client, trade_staff):
    client.force_login(trade_staff)
    html = upload(client, "指标,年份,月份,累计值\nsteel,2007,9,1\n出口,2007,13,1\n").content.decode()
    assert "第 2 行：指标：" in html and "第 3 行：月份：" in html
    assert "indicator:" not in html


def test_the_upload_preview_asks_for_the_note_and_stores_with_it(client, trade_staff):
    _stored_august()
    client.force_login(trade_staff)
    html = upload(client, FALLING_CSV.format(note="")).content.decode()
    assert 'id="import-notes-needed"' in html and 'name="note-2"' in html
    assert "累计值由1–8月的 33,533.00 降至 33,000.00" in html
    # Stored only with the note typed in the preview.
    html = client.post(reverse("plan:figures_upload_confirm")).content.decode()
    assert 'name="note-2"' in html
    assert not TradeFigure.objects.filter(month=9).exists()
    response = client.post(reverse("plan:figures_upload_confirm"), {"note-2": "海关调减了8月快报数"})
    assert response.status_code == 302
    figure = TradeFigure.objects.get(month=9)
    assert figure.history.latest().history_change_reason == "从 f.csv 导入；说明：海关调减了8月快报数"


def test_the_preview_counts_each_refused_and_warned_row_once(client, trade_staff):
    """Issue 17, item 10. Row 2 falls without a note (needs a note, not refused); row 3 falls with its note
    (new, stored with it); row 4 is not a number and row 5 names no indicator (refused, though they cannot be
    read as figures); row 6 is new. The summary: 2 new, 2 refused, 1 needs a note, 1 with a warning and its
    note."""
    TradeFigure.objects.create(indicator="export", year=2007, month=8, cumulative=33533)
    TradeFigure.objects.create(indicator="import", year=2007, month=8, cumulative=22568)
    client.force_login(trade_staff)
    content = (
        "indicator,year,month,cumulative,note\n"
        "export,2007,9,33000,\n"
        "import,2007,9,22000,海关口径调整\n"
        "export,2007,10,abc,\n"
        "nonsense,2007,9,100,\n"
        "export_hitech,2007,9,5000,\n"
    )
    response = upload(client, content)
    result = response.context["result"]
    assert (result.count_new, result.count_refused, result.count_needs_note, result.count_warned) == (
        2,
        2,
        1,
        1,
    )
    html = response.content.decode()
    assert re.search(r'id="count-refused">[^<]* 2<', html)
    assert re.search(r'id="count-needs-note">[^<]* 1<', html)
    assert re.search(r'id="count-warned">[^<]* 1<', html)


def test_the_web_export_is_the_command_s_chinese_format_with_the_staff_s_own_rows(
    client, trade_staff, markets_staff, leader, tmp_path
):
    import datetime

    from django.core.management import call_command

    from markets.models import RetailFigure

    TradeFigure.objects.create(
        indicator="export", year=2007, month=9, cumulative=37916, released_on=datetime.date(2007, 10, 18)
    )
    RetailFigure.objects.create(indicator="retail_sales", year=2007, month=9, cumulative=2850000)
    client.force_login(leader)
    web = client.get(reverse("plan:figures_export"), {"year": 2007, "format": "xlsx"}).content
    path = tmp_path / "figures.xlsx"
    call_command("exportfigures", str(path), "--year", "2007", "--chinese-headers", stdout=io.StringIO())
    book, command = openpyxl.load_workbook(io.BytesIO(web)), openpyxl.load_workbook(path)
    sheet = book.active
    # The same sheet as the command writes: its name, its Chinese headers and words, typed dates.
    assert sheet.title == command.active.title == "月度数据"
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [[c.value for c in row] for row in command.active.iter_rows()]
    assert rows[0] == ["指标", "年份", "月份", "累计值", "来源", "版本", "公布增速", "发布日期", "说明"]
    export = next(row for row in rows if row[0] == "出口")
    assert export[5] == "正式" and export[7] == datetime.datetime(2007, 10, 18)
    assert sheet.cell(row=rows.index(export) + 1, column=8).number_format == "yyyy-mm-dd"
    assert {row[0] for row in rows[1:]} == {"出口", "社会消费品零售总额"}
    # Staff get their department's rows only.
    for staff, name in ((trade_staff, "出口"), (markets_staff, "社会消费品零售总额")):
        client.force_login(staff)
        own = openpyxl.load_workbook(
            io.BytesIO(client.get(reverse("plan:figures_export"), {"year": 2007, "format": "xlsx"}).content)
        ).active
        assert [row[0].value for row in own.iter_rows(min_row=2)] == [name]
