"""The monthly bulletin (月度工作进展通报) as an Excel workbook, from the same computation as the dashboard.

Every cell goes through core.tables.safe_cell, the one rule of safe exports: notes, names and titles are
typed by people, and a text a spreadsheet would run as a formula is kept as text.
"""

import io
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.tables import safe_cell
from plan.models import Target
from plan.progress import Progress, shown

DATE_FORMAT = "yyyy-mm-dd"  # the tables' date, as plan.formatting.date_cell writes it


def _pct(value):
    """A percentage or a difference in 个百分点 as the screens show it: one decimal."""
    return None if value is None else float(shown(value))


def _shown_amount(target: Target, value):
    """A value of `target` as the screens show it, in the plan's unit (the sheet's 单位 column): 亿美元 and 亿元
    with two decimals, a count whole, a share with one decimal."""
    if value is None:
        return None
    if target.kind == Target.Kind.SHARE:
        return _pct(value)
    places = "1" if target.kind == Target.Kind.COUNT else "0.01"
    return float(Decimal(target.to_display(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def _append(sheet, row):
    sheet.append([safe_cell(value) for value in row])


def workbook_bytes(result: Progress) -> bytes:
    book = Workbook()
    _targets_sheet(book.active, result)
    _submissions_sheet(book.create_sheet(_("Submissions")), result)
    _overdue_sheet(book.create_sheet(_("Overdue measures")), result)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _targets_sheet(sheet, result: Progress) -> None:
    """The first sheet: the title, the time progress and the dates the flags are judged at, then a row per
    target with the dashboard card's numbers."""
    sheet.title = _("Targets")
    _append(sheet, [_("%(title)s: monthly progress bulletin, %(period)s") % _title_args(result)])
    sheet["A1"].font = Font(bold=True, size=14)
    _append(sheet, [_("Time progress %"), _pct(result.time_pct)])
    # Each flag says the date it is judged at: the measures at the as-of date, the reports today.
    _append(sheet, [_("Measures overdue judged at"), result.on])
    _append(sheet, [_("Reports judged at"), result.today])
    for row in (3, 4):
        sheet.cell(row=row, column=2).number_format = DATE_FORMAT
    if result.sample:
        _append(sheet, [_("Sample data")])
    _append(sheet, [])
    _append(sheet, _target_header())
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for item in result.targets:
        _append(sheet, _target_row(item))
    for index, width in enumerate([26, 16, 8, 12, 10, 14, 10, 12, 12, 10, 10, 10, 14, 10, 50], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=5):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")


def _target_header() -> list[str]:
    return [
        _("Target"),
        _("Department"),
        _("Unit"),
        _("Target value"),
        _("Growth target %"),
        _("Year to date"),
        _("Completion %"),
        _("Gap to time progress (points)"),
        _("Distance from the threshold (points)"),
        _("Year-on-year %"),
        _("Year on year (points)"),
        _("Seasonal expected %"),
        _("Projected year end"),
        _("Status"),
        _("Analysis and measures"),
    ]


def _target_row(item) -> list:
    """One target's cells, as the screens show them; the analysis only when it is off track."""
    target = item.target
    return [
        target.name,
        target.department.name,
        "%" if target.kind == Target.Kind.SHARE else target.display_unit,
        _shown_amount(target, target.value),
        _pct(target.growth_target_pct),
        _shown_amount(target, item.actual),
        _pct(item.completion_pct),
        _pct(item.gap_points),
        _pct(item.threshold_points),
        _pct(item.yoy_growth_pct),
        _pct(item.yoy_points),
        _pct(item.seasonal_expected_pct),
        _shown_amount(target, item.projected),
        str(item.status_label),
        item.note if item.off_track else "",
    ]


def _submissions_sheet(cycle, result: Progress) -> None:
    """Each department's month report: its state, deadline and timeliness, judged today."""
    _append(cycle, [_("Reports judged at"), result.today])
    cycle["B1"].number_format = DATE_FORMAT
    _append(cycle, [_("Department"), _("State"), _("Deadline"), _("Timeliness")])
    for row in result.departments:
        _append(cycle, [row.department.name, str(row.state_label), row.due, str(row.timeliness_label)])
        cycle.cell(row=cycle.max_row, column=3).number_format = DATE_FORMAT
    cycle.column_dimensions["A"].width = 18
    cycle.column_dimensions["C"].width = 12


def _overdue_sheet(measures, result: Progress) -> None:
    """The measures overdue at the as-of date."""
    _append(measures, [_("Code"), _("Measure"), _("Lead department"), _("Deadline"), _("Status")])
    for measure in result.overdue_measures:
        _append(
            measures,
            [measure.code, measure.title, measure.lead.name, measure.due, str(measure.get_status_display())],
        )
        measures.cell(row=measures.max_row, column=4).number_format = DATE_FORMAT
    measures.column_dimensions["B"].width = 40


def _title_args(result: Progress) -> dict:
    return {"title": result.plan.title, "period": f"{result.year}年{result.period_label}"}
