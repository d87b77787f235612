"""The bulletin as a Word document, in the official layout in the spirit of GB/T 9704 (党政机关公文格式).

A4 with the standard margins; the red heading of the issuing body (呼和浩特市商务局 + 工作进展通报); the issue
number line; the red separator rule; the title in 方正小标宋简体; the body in 仿宋_GB2312 三号 with a first-line
indent of two characters and the 一、二、… headings in 黑体; the table of the targets (the dashboard card's
columns) and the table of the measures; page numbers (— 1 —) on the outer edge, odd pages right and even pages
left, one character in; and the 版记 at the end (送：…, 印发日期). Headings stay with the text they head, and
no number is broken across lines: a number and its unit are joined (a no-break space, word joiners inside
the number), since LibreOffice otherwise breaks "12.8%" after the point in a justified Chinese line.

The layout's helpers are core.officedoc's, shared with supervision's 办理情况报告.
"""

import io
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from core import officedoc
from plan import formatting
from plan.models import Target
from plan.progress import Progress

from . import wording

# The layout's helpers (core.officedoc), under this module's names.
BODY_FONT, TITLE_FONT, HEADING_FONT = officedoc.BODY_FONT, officedoc.TITLE_FONT, officedoc.HEADING_FONT
BODY_SIZE, TITLE_SIZE, HEAD_SIZE, RED = (
    officedoc.BODY_SIZE,
    officedoc.TITLE_SIZE,
    officedoc.HEAD_SIZE,
    officedoc.RED,
)
_fonts, _spacing, _rule, _paragraph, _table = (
    officedoc.fonts,
    officedoc.spacing,
    officedoc.rule,
    officedoc.paragraph,
    officedoc.table,
)


def target_rows(result: Progress) -> list[list[str]]:
    """The rows of the targets table: the dashboard card's values, formatted as on screen."""
    rows = []
    for item in result.targets:
        target = item.target
        share = target.kind == Target.Kind.SHARE
        goal = formatting.target_amount(target, target.value) if target.value is not None else _("to be set")
        if share:
            goal = "≥ " + goal
        if target.growth_target_pct is not None:
            goal += "\n" + formatting.growth(target.growth_target_pct)
        rows.append(
            [
                target.name,
                goal,
                formatting.target_amount(target, item.actual),
                "—" if share else formatting.percent(item.completion_pct),
                _points(item.gap_points),
                _points(item.threshold_points),
                formatting.points(item.yoy_points) if share else formatting.growth(item.yoy_growth_pct),
                "—" if share else formatting.target_amount(target, item.projected),
                str(item.status_label),
            ]
        )
    return rows


def _points(value) -> str:
    """A difference in 个百分点 in a column whose header names the unit: +1.5, −2.8, —."""
    if value is None:
        return "—"
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == 0:
        return "0.0"
    return ("+" if rounded > 0 else "") + formatting.number(rounded, 1)


def measure_rows(result: Progress) -> list[list[str]]:
    return [
        [
            f"{measure.code} {measure.title}",
            measure.lead.name,
            formatting.date_cell(measure.due),
            str(measure.get_status_display()) + ("（" + _("Overdue") + "）" if measure.overdue else ""),
        ]
        for measure in result.measures
    ]


def docx_bytes(bulletin, result: Progress) -> bytes:
    """The Word file of `bulletin` (issued or draft) with the tables of `result` (the same month), in the site's
    language whoever asks: it is the bureau's official document."""
    with translation.override(settings.LANGUAGE_CODE):
        return _docx_bytes(bulletin, result)


def _docx_bytes(bulletin, result: Progress) -> bytes:
    document = officedoc.new_document()
    _masthead(document, bulletin)
    _title_and_text(document, bulletin)
    _targets_annex(document, result)
    _measures_annex(document, result)
    _imprint(document, bulletin)
    return _saved(document, bulletin)


def _issue_date(bulletin):
    """The day of issue in local time; None for a draft."""
    return bulletin.issued_at and timezone.localtime(bulletin.issued_at).date()


def _masthead(document, bulletin) -> None:
    """版头: the issuing body in red, the issue number, the office and the date above the red rule."""
    for text in (wording.issuing_body_name(), wording.bulletin_name()):
        head = _paragraph(
            document,
            text,
            font=TITLE_FONT,
            size=HEAD_SIZE,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            indent=False,
            color=RED,
        )
        _spacing(head, before=6, after=6, line=Pt(44))
    number = bulletin.issue_label if bulletin.is_issued else _("(draft, not issued)")
    line = _paragraph(document, number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    issuer = _paragraph(document, "", indent=False)
    issuer.paragraph_format.tab_stops.add_tab_stop(Mm(156), alignment=2)  # right-aligned at the text's edge
    date = _issue_date(bulletin)
    _fonts(
        issuer.add_run(wording.office() + "\t" + (formatting.date_text(date) if date else "")),
        BODY_FONT,
        BODY_SIZE,
    )
    _rule(issuer, size=18)
    _spacing(line, before=6)
    _spacing(issuer, after=18)


def _title_and_text(document, bulletin) -> None:
    """The title in 小标宋, then the paragraphs, the 一、二、… headings in 黑体 kept with what they head."""
    title = _paragraph(
        document,
        bulletin.title,
        font=TITLE_FONT,
        size=TITLE_SIZE,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    _spacing(title, before=12, after=18, line=Pt(36))
    for text in bulletin.paragraphs:
        if wording.is_heading(text):
            _paragraph(document, text, font=HEADING_FONT, keep_with_next=True)
        else:
            _paragraph(document, text)


def _targets_annex(document, result: Progress) -> None:
    """Annex 1, from a new page: the targets with the dashboard card's columns."""
    annex = _paragraph(
        document,
        _("Annex 1: the targets, %(year)s %(period)s") % {"year": result.year, "period": result.period_label},
        font=HEADING_FONT,
        indent=False,
        keep_with_next=True,
    )
    annex.paragraph_format.page_break_before = True
    _table(
        document,
        [
            _("Target"),
            _("Annual target"),
            _("%(period)s cumulative") % {"period": result.period_label},
            _("Completion"),
            _("Against time progress (points)"),
            _("Against the threshold (points)"),
            _("Year on year"),
            _("Projected year end"),
            _("Status"),
        ],
        target_rows(result),
        # 156 mm, the text's width: 8.70 亿美元, 增长 11.9%, −2.8 and 略有滞后 each on one line.
        [21, 21, 20, 12, 15, 14, 18, 20, 15],
    )


def _measures_annex(document, result: Progress) -> None:
    """Annex 2: the measures, each with its status and whether it is overdue at the as-of date."""
    _paragraph(
        document,
        _("Annex 2: the measures, overdue judged at %(date)s") % {"date": formatting.date_text(result.on)},
        font=HEADING_FONT,
        indent=False,
        keep_with_next=True,
    )
    _table(
        document,
        [_("Measure"), _("Lead department"), _("Deadline"), _("Status")],
        measure_rows(result),
        [72, 28, 22, 34],
        numeric=False,
    )


def _imprint(document, bulletin) -> None:
    """版记: the distribution and the date of issue between black rules."""
    closing = document.add_paragraph()
    closing.add_run().add_break(WD_BREAK.LINE)
    record = _paragraph(document, wording.distribution(bulletin.distribution), size=Pt(14), indent=False)
    _rule(record, color="000000", size=8, where="top")
    printed = _paragraph(document, "", size=Pt(14), indent=False)
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(156), alignment=2)
    _fonts(
        printed.add_run(wording.office() + "\t" + wording.printed_on(_issue_date(bulletin))),
        BODY_FONT,
        Pt(14),
    )
    _rule(printed, color="000000", size=8, where="top")
    _rule(printed, color="000000", size=8, where="bottom")


def _saved(document, bulletin) -> bytes:
    """The file's bytes, its properties naming the bulletin, the bureau and the language."""
    properties = document.core_properties
    properties.title = bulletin.title
    properties.author = wording.issuing_body_name()
    properties.language = "zh-CN"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
