"""The 办理情况报告 of one 批示 (一事一文) as a Word document, in the bulletin's official layout (core.officedoc):
the issuing body's red heading and rule, the title, the 批示 quoted with who gave it and when, what was done
(the replies and reports in order), the result, the lead department and the date.

Written in Chinese directly, like the bulletin's wording: it is the bureau's document, whoever downloads it.
"""

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from core import officedoc

from . import deadlines
from .models import InstructionEvent, State

Kind = InstructionEvent.Kind
ISSUER = "呼和浩特市商务局"

RESULT = {
    State.ASSIGNED: "已交办，尚未签收。",
    State.SIGNED: "已签收，正在办理。",
    State.IN_PROGRESS: "正在办理。",
    State.REPORTED: "已反馈，待领导审核办结。",
    State.DONE: "已办结。",
    State.STOPPED: "已中止。",
}


def date_text(day) -> str:
    """2007年10月20日, whatever the reader's language: the document is the bureau's."""
    return f"{day.year}年{day.month}月{day.day}日"


def _local_date(moment):
    return timezone.localtime(moment).date()


def result_text(instruction, events) -> str:
    text = RESULT[instruction.state]
    closing = next((e for e in reversed(events) if e.kind in (Kind.ACCEPT, Kind.STOP)), None)
    if closing is not None:
        text = text.rstrip("。") + f"（{closing.by}，{date_text(_local_date(closing.at))}）。"
        if closing.text:
            text += f"意见：{closing.text}"
    on_time = deadlines.on_time(instruction)
    if on_time is not None:
        text += "按期办结。" if on_time else "逾期办结。"
    return text


def _line(event) -> str:
    who = f"{event.department}（{event.by}）" if event.department else str(event.by)
    day = date_text(_local_date(event.at))
    label = {
        Kind.REPLY: "办理情况",
        Kind.REPORT: "反馈办理情况报告",
        Kind.RETURN: "退回重办",
        Kind.APPROVE_EXTENSION: "同意延期",
        Kind.REFUSE_EXTENSION: "不同意延期",
        Kind.EXTEND: "申请延期",
        Kind.REMIND: "催办",
    }[event.kind]
    text = f"{day}，{who}{label}"
    if event.kind in (Kind.EXTEND, Kind.APPROVE_EXTENSION, Kind.REFUSE_EXTENSION) and event.new_due:
        text += f"（{date_text(event.old_due)}→{date_text(event.new_due)}）"
    if event.text:
        text += f"：{event.text}"
    if not text.endswith(("。", "！", "？")):
        text += "。"
    return text


def docx_bytes(instruction) -> bytes:
    events = list(
        instruction.events.select_related("by", "department").prefetch_related("files").order_by("at", "pk")
    )
    document = officedoc.new_document()
    for text in (ISSUER, "督办件办理情况报告"):
        head = officedoc.paragraph(
            document,
            text,
            font=officedoc.TITLE_FONT,
            size=officedoc.HEAD_SIZE,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            indent=False,
            color=officedoc.RED,
        )
        officedoc.spacing(head, before=6, after=6, line=Pt(44))
    number = officedoc.paragraph(document, instruction.number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    officedoc.rule(number, size=18)
    officedoc.spacing(number, before=6, after=18)

    title = officedoc.paragraph(
        document,
        f"关于{instruction.summary}的办理情况报告",
        font=officedoc.TITLE_FONT,
        size=officedoc.TITLE_SIZE,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    officedoc.spacing(title, before=12, after=18, line=Pt(36))

    officedoc.paragraph(document, "一、领导批示", font=officedoc.HEADING_FONT)
    writer = f"{instruction.written_by}"
    if instruction.entered_by_id:
        writer += f"（{instruction.entered_by}代录）"
    on = f"就{instruction.subject_label}" if instruction.subject_label else ""
    officedoc.paragraph(
        document,
        f"{date_text(instruction.assigned_on)}，{writer}{on}批示：“{instruction.text.strip()}”",
    )
    co = "、".join(str(d) for d in instruction.co_departments.all())
    assigned = f"主办：{instruction.lead}" + (f"；协办：{co}" if co else "")
    assigned += f"；{instruction.get_urgency_display()}，办理时限{date_text(instruction.due)}。"
    officedoc.paragraph(document, assigned)

    officedoc.paragraph(document, "二、办理情况", font=officedoc.HEADING_FONT)
    done = [
        e
        for e in events
        if e.kind
        in (Kind.REPLY, Kind.REPORT, Kind.RETURN, Kind.EXTEND, Kind.APPROVE_EXTENSION, Kind.REFUSE_EXTENSION)
    ]
    for event in done:
        officedoc.paragraph(document, _line(event))
    if not done:
        officedoc.paragraph(document, "尚无办理情况。")

    officedoc.paragraph(document, "三、办理结果", font=officedoc.HEADING_FONT)
    officedoc.paragraph(document, result_text(instruction, events))

    # The lead department and the date, at the right, as a 公文's signature.
    signature = officedoc.paragraph(
        document, str(instruction.lead), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False
    )
    officedoc.spacing(signature, before=24, line=Pt(28))
    signature.paragraph_format.right_indent = Mm(8)
    day = officedoc.paragraph(
        document, date_text(timezone.localdate()), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False
    )
    day.paragraph_format.right_indent = Mm(8)
    return officedoc.to_bytes(document, title=f"{instruction.number}办理情况报告", author=ISSUER)
