"""The monthly bulletin (月度工作进展通报) as an Excel workbook, from the same computation as the dashboard.

Every cell goes through core.tables.safe_cell, the one rule of safe exports: notes, names and titles are
typed by people, and a text a spreadsheet would run as a formula is kept as text.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.tables import safe_cell
from plan.progress import Progress, round2


def _number(value):
    return None if value is None else float(round2(value))


def _append(sheet, row):
    sheet.append([safe_cell(value) for value in row])


def workbook_bytes(result: Progress) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Targets")
    _append(sheet, [_("%(title)s: monthly progress bulletin, %(period)s") % _title_args(result)])
    sheet["A1"].font = Font(bold=True, size=14)
    _append(sheet, [_("Time progress %"), _number(result.time_pct)])
    if result.sample:
        _append(sheet, [_("Sample data")])
    _append(sheet, [])
    header = [
        _("Target"),
        _("Department"),
        _("Base unit"),
        _("Target value"),
        _("Growth target %"),
        _("Cumulative actual"),
        _("Completion %"),
        _("Gap to time progress (points)"),
        _("Year-on-year %"),
        _("Seasonal expected %"),
        _("Projected year end"),
        _("Status"),
        _("Analysis and measures"),
    ]
    _append(sheet, header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for item in result.targets:
        target = item.target
        _append(
            sheet,
            [
                target.name,
                target.department.name,
                target.unit,
                _number(target.value),
                _number(target.growth_target_pct),
                _number(item.actual),
                _number(item.completion_pct),
                _number(item.gap_points),
                _number(item.yoy_growth_pct),
                _number(item.seasonal_expected_pct),
                _number(item.projected),
                str(item.status_label),
                item.note if item.off_track else "",
            ],
        )
    for index, width in enumerate([26, 16, 8, 12, 10, 14, 10, 12, 10, 10, 14, 10, 50], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=5):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")

    cycle = book.create_sheet(_("Submissions"))
    _append(cycle, [_("Department"), _("State"), _("Deadline"), _("Timeliness")])
    for row in result.departments:
        _append(cycle, [row.department.name, str(row.state_label), row.due, str(row.timeliness_label)])
    cycle.column_dimensions["A"].width = 18
    cycle.column_dimensions["C"].width = 12

    measures = book.create_sheet(_("Overdue measures"))
    _append(measures, [_("Code"), _("Measure"), _("Lead department"), _("Deadline"), _("Status")])
    for measure in result.overdue_measures:
        _append(
            measures,
            [measure.code, measure.title, measure.lead.name, measure.due, measure.get_status_display()],
        )
    measures.column_dimensions["B"].width = 40

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _title_args(result: Progress) -> dict:
    return {"title": result.plan.title, "period": f"{result.year}年{result.period_label}"}
