"""The 考核 for the year-end meeting: a workbook (every line) and a Word table (the ranking, then each
department's lines), both from one assessment.scores.Scores."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from core import tables

from .scores import Scores


def _title(result: Scores) -> str:
    return _("Departments' assessment scores, %(year)s, as of %(period)s") % {
        "year": result.plan.year,
        "period": f"1–{result.month}月",
    }


def workbook_sheet(result: Scores) -> tables.Sheet:
    """One row per line, and a total row per department: sums a reader can check in Excel."""
    rows = [[_("Rank"), _("Department"), _("Kind"), _("Points"), _("Reason"), _("Score")]]
    for row in sorted(result.departments, key=lambda row: (row.rank, row.department.order)):
        for line in row.lines:
            rows.append([row.rank, row.department.name, line.kind, line.points, line.reason, None])
        rows.append(
            [
                row.rank,
                row.department.name,
                _("Total"),
                None,
                _("Base %(base)s, bonus counted up to %(cap)s") % {"base": row.base, "cap": row.bonus_cap},
                row.score,
            ]
        )
    return tables.Sheet(rows=rows, title=_("Assessment"), widths=[6, 16, 18, 8, 60, 8])


def _font(run, size=12, bold=False):
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "FangSong"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")


def word_table(result: Scores) -> bytes:
    document = Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(_title(result)), size=18, bold=True)
    note = document.add_paragraph()
    _font(
        note.add_run(
            _("Judged at %(date)s; base %(base)s, bonus counted up to %(cap)s, never below 0.")
            % {"date": result.on.isoformat(), "base": result.scheme.base, "cap": result.scheme.bonus_cap}
        ),
        size=10,
    )
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, [_("Rank"), _("Department"), _("Score"), _("Lines")], strict=True
    ):
        _font(cell.paragraphs[0].add_run(text), size=11, bold=True)
    ranked = sorted(result.departments, key=lambda row: (row.rank, row.department.order))
    for row in ranked:
        cells = table.add_row().cells
        for cell, text in zip(
            cells, [str(row.rank), row.department.name, f"{row.score}", str(len(row.lines))], strict=True
        ):
            _font(cell.paragraphs[0].add_run(text), size=11)
    for row in ranked:
        title = document.add_paragraph()
        title.paragraph_format.keep_with_next = True
        _font(title.add_run(f"{row.department.name}  {row.score}"), size=14, bold=True)
        lines = document.add_table(rows=1, cols=2)
        lines.style = "Table Grid"
        for cell, text in zip(lines.rows[0].cells, [_("Reason"), _("Points")], strict=True):
            _font(cell.paragraphs[0].add_run(text), size=10.5, bold=True)
        for line in row.lines:
            cells = lines.add_row().cells
            _font(cells[0].paragraphs[0].add_run(line.reason), size=10.5)
            _font(cells[1].paragraphs[0].add_run(f"{line.points:+}"), size=10.5)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
