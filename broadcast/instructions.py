"""督办 to the robots: a 批示's 交办 and 催办 as they happen, and the daily 逾期, to the robots receiving
"instructions" for its lead or co-departments (supervision.signals.instruction_event). Each notice once per
robot (its key names the 批示 and the occasion)."""

from django.db import transaction

from plan.formatting import date_text
from supervision.models import Instruction, InstructionEvent

from . import services
from .digest import absolute

# What the robots hear of (docs/rules.md, "Digest and push": 批示 交办/催办/逾期).
PUSHED = {
    InstructionEvent.Kind.ASSIGN: "交办",
    InstructionEvent.Kind.REMIND: "催办",
    "overdue": "逾期",
}


def message(instruction: Instruction, kind: str, text: str = "") -> tuple[str, str]:
    """The title and markdown text of a robot's message about `instruction`."""
    what = PUSHED[kind]
    title = f"【督办·{what}】{instruction.number}"
    lines = [
        f"#### 【督办·{what}】{instruction.number}",
        f"> {instruction.summary}",
        f"- 主办：{instruction.lead.name}",
        f"- 办理时限：{date_text(instruction.due)}",
    ]
    if kind == "overdue":
        lines.append("- 已超过办理时限，尚未反馈办理情况")
    if text:
        lines.append(f"- {text}")
    return title, "\n".join(lines)


def instruction_event(sender, *, instruction, event, kind, **kwargs) -> None:
    """(supervision.signals.instruction_event) Queue the message, once the step is committed."""
    if kind not in PUSHED:
        return
    occasion = f"event-{event.pk}" if event is not None else instruction.due.isoformat()
    key = f"instruction:{instruction.pk}:{kind}:{occasion}"
    title, text = message(instruction, kind, event.text if event is not None else "")
    departments = [instruction.lead.code, *(d.code for d in instruction.co_departments.all())]
    link = absolute(instruction.get_absolute_url())

    def queue():
        services.announce(
            topic="instructions", key=key, title=title, text=text, link=link, department_codes=departments
        )

    transaction.on_commit(queue, robust=True)
