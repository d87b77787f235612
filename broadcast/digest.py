"""The leaders' digest (docs/rules.md, "Digest and push"): what one digest says, read from the plan's progress.

For a day (each Monday morning, and the day a bulletin is issued) and the plan of that day's year:

- the targets' statuses as of the latest month with figures (plan.progress), and those that changed since the
  last digest, compared with what that digest said (broadcast.models.Digest keeps it; before any digest, with
  the progress of the month before);
- the measures overdue on the day, those that became overdue since the last digest first;
- the departments late with a month's report (accounts.reminders.late_reports, the reminders' own rule);
- the open 批示 due in the week from the digest's day (`due_in_week`).

Robot messages and e-mails are Chinese by nature (the bureau's phrasing, 截至9月底…), so the text is made in
Chinese whatever the language of the shell; links are absolute, from settings.SITE_URL.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.reminders import late_reports
from plan import progress as plan_progress
from plan.formatting import date_text, percent
from plan.models import Measure, Plan, Target
from supervision.models import Instruction

from .models import Digest

CHINESE = "zh-hans"
# The longest list a section shows; the rest are counted (…等12项).
MOST_ITEMS = 10
TITLE_CHARS = 40


@dataclass
class Item:
    text: str
    link: str = ""


@dataclass
class Section:
    heading: str
    items: list[Item]
    more: int = 0  # left out beyond MOST_ITEMS
    empty: str = "无"


@dataclass
class DigestContent:
    key: str
    day: datetime.date
    year: int
    month: int
    title: str
    summary: str
    sections: list[Section]
    link: str
    statuses: dict[str, str] = field(default_factory=dict)
    overdue_measures: list[str] = field(default_factory=list)
    late_reports: list[str] = field(default_factory=list)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def week_key(day: datetime.date) -> str:
    """The weekly digest's occasion, by ISO week: a second run in the same week finds it sent."""
    iso = day.isocalendar()
    return f"week:{iso.year}-W{iso.week:02d}"


def bulletin_key(year: int, month: int) -> str:
    return f"bulletin:{year}-{month:02d}"


def previous_digest(day: datetime.date, key: str) -> Digest | None:
    return Digest.objects.filter(day__lte=day).exclude(key=key).order_by("-day", "-pk").first()


def _status_label(status: str) -> str:
    return str(plan_progress.Status.LABELS[status])


def _cut(text: str) -> str:
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"


def _section(heading: str, items: list[Item], empty: str = "无") -> Section:
    return Section(heading, items[:MOST_ITEMS], max(len(items) - MOST_ITEMS, 0), empty)


def _changes(progress, before: dict[str, str]) -> list[Item]:
    items = []
    for item in progress.targets:
        target, old = item.target, before.get(item.target.code)
        if old is None or old == item.status:
            continue
        text = f"{target.name}由“{_status_label(old)}”转为“{_status_label(item.status)}”"
        if item.completion_pct is not None:
            text += f"，完成年度目标的{percent(item.completion_pct)}"
        elif target.kind == Target.Kind.SHARE and item.actual is not None:
            text += f"，比重{percent(item.actual)}"
        items.append(Item(text, absolute(target.get_absolute_url())))
    return items


def _statuses_before(plan: Plan, month: int, previous: Digest | None, today: datetime.date) -> dict[str, str]:
    """What the last digest said of each target; before any digest, the progress of the month before."""
    if previous is not None:
        return previous.statuses
    if month <= 1:
        return {}
    earlier = plan_progress.compute(plan, month - 1, today=today)
    return {item.target.code: item.status for item in earlier.targets}


def build(
    *, day: datetime.date, key: str, month: int | None = None, heading: str = ""
) -> DigestContent | None:
    """The digest of `day` (as of `month`, default the latest month with figures); None without a plan."""
    plan = Plan.objects.filter(year=day.year).first() or Plan.objects.current()
    if plan is None:
        return None
    with translation.override(CHINESE):
        return _build(plan, day=day, key=key, month=month, heading=heading)


def _build(plan: Plan, *, day, key, month, heading) -> DigestContent:
    progress = plan_progress.compute(plan, month, today=day)
    previous = previous_digest(day, key)
    statuses = {item.target.code: item.status for item in progress.targets}

    counts = Counter(statuses.values())
    order = [
        plan_progress.Status.GREEN,
        plan_progress.Status.YELLOW,
        plan_progress.Status.RED,
        plan_progress.Status.GREY,
    ]
    tally = "、".join(f"{_status_label(status)}{counts[status]}项" for status in order if counts[status])
    summary = f"截至{progress.month}月底，{len(progress.targets)}项目标中{tally}。"

    changes = _changes(progress, _statuses_before(plan, progress.month, previous, day))

    overdue = list(
        Measure.objects.filter(plan=plan, due__lt=day)
        .exclude(status=Measure.Status.CLOSED)
        .select_related("lead", "plan")
        .order_by("due", "order")
    )
    told = set(previous.overdue_measures) if previous is not None else set()
    overdue.sort(key=lambda measure: measure.code in told)  # the newly overdue first (a stable sort)
    overdue_items = [
        Item(
            f"{'' if measure.code in told else '【新增】'}{measure.code} {_cut(measure.title)}"
            f"（{measure.lead}，{date_text(measure.due)}到期）",
            absolute(measure.get_absolute_url()),
        )
        for measure in overdue
    ]

    late_items, late_keys = [], []
    for year, month_late, due, departments in late_reports(day):
        for department in departments:
            late_keys.append(f"{department.code}:{year}-{month_late:02d}")
            late_items.append(
                Item(
                    f"{late_text(department.name, year, month_late)}（截止{date_text(due)}）",
                    absolute(reverse("plan:month", args=[department.code, year, month_late])),
                )
            )

    sections = [
        _section("目标状态变化", changes, "无变化"),
        _section(f"逾期举措（{len(overdue)}项）", overdue_items),
        _section("逾期未报", late_items),
    ]
    due = due_in_week(day, day + datetime.timedelta(days=6))
    if due:  # (left out when none is due: the digest stays short)
        sections.append(_section("本周到期批示", due))

    dashboard = absolute(f"{reverse('plan:dashboard')}?year={plan.year}&month={progress.month}")
    title = heading or f"工作要点周报（{date_text(day)}）"
    return DigestContent(
        key=key,
        day=day,
        year=plan.year,
        month=progress.month,
        title=title,
        summary=summary,
        sections=sections,
        link=dashboard,
        statuses=statuses,
        overdue_measures=[measure.code for measure in overdue],
        late_reports=late_keys,
    )


def due_in_week(first: datetime.date, last: datetime.date) -> list[Item]:
    """The open 批示 due from `first` to `last`, soonest first."""
    rows = (
        Instruction.objects.open()
        .filter(due__gte=first, due__lte=last)
        .select_related("lead")
        .order_by("due", "pk")
    )
    return [
        Item(
            text=f"{row.number}（{row.lead.name}）{row.summary}，{date_text(row.due)}到期",
            link=absolute(row.get_absolute_url()),
        )
        for row in rows
    ]


def late_text(department_name: str, year: int, month: int) -> str:
    """对外贸易科2007年10月月报逾期未报"""
    return f"{department_name}{year}年{month}月月报逾期未报"


def markdown(digest: DigestContent) -> str:
    """The robots' message (their link back is added by broadcast.robots)."""
    lines = [f"### {digest.title}", "", digest.summary]
    for section in digest.sections:
        lines += ["", f"**{section.heading}**"]
        if not section.items:
            lines.append(f"- {section.empty}")
        lines += [
            f"- [{item.text}]({item.link})" if item.link else f"- {item.text}" for item in section.items
        ]
        if section.more:
            lines.append(f"- 另有{section.more}项")
    return "\n".join(lines)


def plain_text(digest: DigestContent) -> str:
    """The e-mail's text part."""
    lines = [digest.title, "", digest.summary]
    for section in digest.sections:
        lines += ["", f"{section.heading}："]
        if not section.items:
            lines.append(f"  {section.empty}")
        lines += [f"  · {item.text}" + (f"\n    {item.link}" if item.link else "") for item in section.items]
        if section.more:
            lines.append(f"  · 另有{section.more}项")
    lines += ["", f"详见：{digest.link}"]
    return "\n".join(lines)
