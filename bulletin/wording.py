"""The bulletin's words: the rules that turn one progress computation into the bureau's sentences.

Every sentence of a drafted bulletin is made here, from `plan.progress.compute(...)` and the facts the domain
apps register beside their targets (plan.registry.register_facts), so the text cannot disagree with the
dashboard. The phrasing is the bureau's, as its 工作进展通报 state each figure:

    1–9月，全市外贸进出口总额6.28亿美元，同比增长11.9%，完成年度目标的72.2%，低于序时进度2.8个百分点。

- 同比 is 增长 X% or 下降 X% (one decimal), 与上年同期持平 at 0.0, and left out when last year is missing;
- completion is against the year's target; the gap to 序时进度 is in 个百分点: 高于 / 低于 / 持平, as rounded on
  screen (one decimal);
- amounts are in the plan's units with two decimals and thousands separators (285.00亿元), under one 亿 in
  万 whole (高新技术产品出口4,300万美元); counts whole;
- a target met is 已完成全年目标, and no longer measured against 序时进度;
- a target without a figure says so; a count of 0 is a figure (尚无…, completion 0.0%).

The sentences are English in the source and Chinese in the zh-Hans catalogue, as everything on screen; the
bulletin is drafted in the site's language (settings.LANGUAGE_CODE), since it is an official document of the
bureau whatever the language of the person who opens the draft.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plan import registry
from plan.cumulative import yoy_pct
from plan.formatting import date_text, number
from plan.models import Measure, Target
from plan.progress import Progress, Status, TargetProgress
from supervision import selectors as supervision

ZERO = Decimal(0)


def _one(value) -> Decimal:
    """A rate as shown: one decimal, half up."""
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def comma() -> str:
    return pgettext("bulletin text", ", ")


def semicolon() -> str:
    return pgettext("bulletin text", "; ")


def stop() -> str:
    return pgettext("bulletin text", ".")


def listing() -> str:
    """Between the items of a list: 、"""
    return pgettext("bulletin list", ", ")


def sentence(*clauses: str) -> str:
    """Clauses joined by commas and closed by a full stop; empty clauses are left out."""
    return comma().join(clause for clause in clauses if clause) + stop()


# --- the clauses ------------------------------------------------------------------------------------------


def rate(value) -> str:
    """17.3 → "17.3"."""
    return number(_one(value), 1)


def amount(target: Target, value) -> str:
    """A base-unit value in the plan's unit, as the text writes it: 62800 万美元 → "6.28亿美元", 160 → "160家";
    an amount under one display unit stays in the base unit, whole: 4300 万美元 → "4,300万美元" (not 0.43亿)."""
    if target.kind == Target.Kind.COUNT:
        return f"{number(value, 0)}{target.display_unit}"
    if target.kind == Target.Kind.SHARE:
        return f"{rate(value)}%"
    if target.display_factor > 1 and abs(Decimal(value)) < target.display_factor:
        return f"{number(value, 0)}{target.unit}"
    return f"{number(target.to_display(value), 2)}{target.display_unit}"


def goal_rate(value) -> str:
    """A threshold as the plan states it: 30 → "30", 27.5 → "27.5"."""
    shown = _one(value)
    return number(shown, 0 if shown == shown.to_integral_value() else 1)


def met(completion: Decimal | None) -> bool:
    """The year's target is met: completion shown at 100.0 % or more."""
    return completion is not None and _one(completion) >= 100


def growth_clause(yoy: Decimal | None) -> str:
    """同比增长 X% / 同比下降 X% / 与上年同期持平; empty when last year's figure is missing."""
    if yoy is None:
        return ""
    shown = _one(yoy)
    if shown > ZERO:
        return _("up %(pct)s%% year on year") % {"pct": rate(shown)}
    if shown < ZERO:
        return _("down %(pct)s%% year on year") % {"pct": rate(-shown)}
    return _("level with the same period last year")


def completion_clause(completion: Decimal | None) -> str:
    """完成年度目标的X%; 已完成全年目标 once met (with the rate when above 100.0 %)."""
    if completion is None:
        return ""
    if met(completion):
        if _one(completion) == 100:
            return _("the year's target met")
        return _("the year's target met (%(pct)s%% of it)") % {"pct": rate(completion)}
    return _("%(pct)s%% of the year's target") % {"pct": rate(completion)}


def time_clause(completion: Decimal | None, gap: Decimal | None) -> str:
    """The gap to 序时进度, said only while the year's target is not yet met."""
    return "" if met(completion) else gap_clause(gap)


def gap_clause(gap: Decimal | None) -> str:
    """高于 / 低于序时进度 X 个百分点, or 与序时进度持平, on the gap as shown (one decimal)."""
    if gap is None:
        return ""
    shown = _one(gap)
    if shown > ZERO:
        return _("%(points)s points ahead of time progress") % {"points": rate(shown)}
    if shown < ZERO:
        return _("%(points)s points behind time progress") % {"points": rate(-shown)}
    return _("level with time progress")


def threshold_clause(gap: Decimal | None, goal: Decimal) -> str:
    """A share against its threshold: 高于 / 低于30%的目标 X 个百分点, or 达到30%的目标."""
    if gap is None:
        return ""
    shown, goal_text = _one(gap), rate(goal)
    if shown > ZERO:
        return _("%(points)s points above the %(goal)s%% target") % {"points": rate(shown), "goal": goal_text}
    if shown < ZERO:
        return _("%(points)s points below the %(goal)s%% target") % {
            "points": rate(-shown),
            "goal": goal_text,
        }
    return _("exactly at the %(goal)s%% target") % {"goal": goal_text}


def share_change_clause(points: Decimal | None) -> str:
    if points is None:
        return ""
    shown = _one(points)
    if shown > ZERO:
        return _("up %(points)s points on the same period last year") % {"points": rate(shown)}
    if shown < ZERO:
        return _("down %(points)s points on the same period last year") % {"points": rate(-shown)}
    return _("level with the same period last year")


# --- the sentences of one target --------------------------------------------------------------------------

# What a count target counts, as the text names it; another count target is named by its own name.
COUNTED = {
    "village_stores": lambda: _("village stores accepted within the year"),
    "overseas_projects": lambda: _("overseas projects approved or registered"),
}


def no_figure(item: TargetProgress, period: str) -> str:
    return _("%(name)s: no figure yet for %(period)s") % {"name": item.target.name, "period": period} + stop()


def amount_clauses(item: TargetProgress, *, period: str = "", lead: bool = True) -> list[str]:
    """The clauses of an amount target: actual, 同比, completion, gap. `lead` opens with the period and 全市."""
    target = item.target
    values = {"name": target.name, "actual": amount(target, item.actual), "period": period}
    head = _("%(period)s, the city's %(name)s %(actual)s") if lead else _("%(name)s %(actual)s")
    return [
        head % values,
        growth_clause(item.yoy_growth_pct),
        completion_clause(item.completion_pct),
        time_clause(item.completion_pct, item.gap_points),
    ]


def amount_sentence(item: TargetProgress, period: str) -> str:
    if item.actual is None:
        return no_figure(item, period)
    return sentence(*amount_clauses(item, period=period))


def parts_sentence(items: list[TargetProgress], period: str) -> str:
    """其中，出口…；进口…。: the parts of the group's headline figure, one clause group each."""
    parts = []
    for item in items:
        if item.actual is None:
            parts.append(_("%(name)s: no figure yet") % {"name": item.target.name})
        else:
            parts.append(comma().join(c for c in amount_clauses(item, lead=False) if c))
    return _("Of which: %(parts)s") % {"parts": semicolon().join(parts)} + stop()


# What a share target measures, as a sentence says it; another share target is "its name 为 X%".
SHARE_OF = {
    "export_hitech_mech_share": lambda: _(
        "%(period)s, high-tech and mechanical and electrical products made up %(share)s%% of exports"
    ),
}


def goal_clause(gap: Decimal | None, goal: Decimal) -> str:
    """A share against the plan's threshold, in the text's words: 超过30%的目标要求X个百分点 / 距30%的目标要求还差X
    个百分点 / 达到30%的目标要求."""
    if gap is None:
        return ""
    shown, goal_text = _one(gap), goal_rate(goal)
    if shown > ZERO:
        return _("%(points)s points above the %(goal)s%% required") % {
            "points": rate(shown),
            "goal": goal_text,
        }
    if shown < ZERO:
        return _("%(points)s points short of the %(goal)s%% required") % {
            "points": rate(-shown),
            "goal": goal_text,
        }
    return _("meeting the %(goal)s%% required") % {"goal": goal_text}


def share_sentence(item: TargetProgress, period: str) -> str:
    """1–9月，高新技术和机电产品出口占出口总额的28.5%，比上年同期提高1.4个百分点，距30%的目标要求还差1.5个百分点。"""
    if item.actual is None:
        return no_figure(item, period)
    target = item.target
    values = {"period": period, "name": target.name, "share": rate(item.actual)}
    head = SHARE_OF[target.code]() if target.code in SHARE_OF else _("%(period)s, %(name)s was %(share)s%%")
    return sentence(
        head % values,
        share_change_clause(item.yoy_points),
        goal_clause(item.threshold_points, target.value) if target.value is not None else "",
    )


def count_sentence(item: TargetProgress, month: int) -> str:
    """截至9月底，年内验收合格的农家店160家，完成年度目标的80.0%，高于序时进度5.0个百分点。"""
    target = item.target
    what = COUNTED[target.code]() if target.code in COUNTED else target.name
    if item.actual is None:
        return _("%(name)s: no figure yet") % {"name": target.name} + stop()
    if item.actual == ZERO:
        head = _("by the end of month %(month)s, no %(what)s yet") % {"month": month, "what": what}
    else:
        head = _("by the end of month %(month)s, %(what)s: %(count)s") % {
            "month": month,
            "what": what,
            "count": amount(target, item.actual),
        }
    return sentence(
        head, completion_clause(item.completion_pct), time_clause(item.completion_pct, item.gap_points)
    )


def village_store_facts(facts: dict, unit: str) -> str:
    """分旗县区看，新城区20家、…；另有8家已建成、尚未验收。"""
    clauses = []
    counted = [(county, n) for county, n in facts.get("by_county", []) if n]
    if counted:
        counties = listing().join(f"{county}{number(n, 0)}{unit}" for county, n in counted)
        clauses.append(_("by county: %(list)s") % {"list": counties})
    awaiting = facts.get("awaiting") or 0
    if awaiting:
        clauses.append(
            _("another %(count)s built but not yet accepted") % {"count": f"{number(awaiting, 0)}{unit}"}
        )
    return semicolon().join(clauses) + stop() if clauses else ""


def overseas_project_facts(facts: dict, unit: str) -> str:
    """具体项目为伊利集团…项目；另有2个已签约、待核准（备案）。"""
    clauses = []
    if facts.get("realised"):
        clauses.append(_("the projects: %(names)s") % {"names": listing().join(facts["realised"])})
    signed = facts.get("signed") or 0
    if signed:
        clauses.append(
            _("another %(count)s signed and awaiting approval") % {"count": f"{number(signed, 0)}{unit}"}
        )
    return semicolon().join(clauses) + stop() if clauses else ""


CATEGORY_NAMES = {
    "export_mech_elec": lambda: _("mechanical and electrical products"),
    "export_hitech": lambda: _("high-tech products"),
}


def export_facts(facts: dict, exports: TargetProgress) -> str:
    """出口商品中，机电产品出口1.20亿美元，同比增长20.0%，占出口总额的30.2%；高新技术产品出口…。"""
    clauses = []
    for code, (actual, previous) in facts.items():
        if actual is None or code not in CATEGORY_NAMES:
            continue
        parts = [
            _("%(category)s exports %(actual)s")
            % {"category": CATEGORY_NAMES[code](), "actual": amount(exports.target, actual)},
            growth_clause(yoy_pct(actual, previous)),
        ]
        if exports.actual:
            share = actual * 100 / exports.actual
            parts.append(_("%(pct)s%% of exports") % {"pct": rate(share)})
        clauses.append(comma().join(p for p in parts if p))
    if not clauses:
        return ""
    return _("Within exports: %(parts)s") % {"parts": semicolon().join(clauses)} + stop()


FACTS = {
    "export": lambda facts, item: export_facts(facts, item),
    "village_stores": lambda facts, item: village_store_facts(facts, item.target.display_unit),
    "overseas_projects": lambda facts, item: overseas_project_facts(facts, item.target.display_unit),
}


def target_sentence(item: TargetProgress, result: Progress) -> str:
    kind = item.target.kind
    if kind == Target.Kind.COUNT:
        return count_sentence(item, result.month)
    if kind == Target.Kind.SHARE:
        return share_sentence(item, result.period_label)
    return amount_sentence(item, result.period_label)


def group_paragraph(items: list[TargetProgress], result: Progress) -> str:
    """One paragraph per group of targets (a subsection of the plan's 工作目标): its headline figure, the
    amounts in the same unit as its parts (其中…), then the others; each followed by its registered facts."""
    first, rest = items[0], items[1:]
    sentences = [target_sentence(first, result)]
    parts = [
        item
        for item in rest
        if first.target.kind == Target.Kind.AMOUNT
        and item.target.kind == Target.Kind.AMOUNT
        and item.target.unit == first.target.unit
    ]
    if parts:
        sentences.append(parts_sentence(parts, result.period_label))
    for item in [first, *rest]:
        if item not in parts and item is not first:
            sentences.append(target_sentence(item, result))
        facts = registry.facts_for(item.target.code, result.year, result.month)
        if facts and item.target.code in FACTS and item.actual is not None:
            sentences.append(FACTS[item.target.code](facts, item))
    # Closing the paragraph: the parts' 拉动 and 贡献率, and what the targets behind 序时进度 still need.
    sentences += [pulls_sentence(items), needed_sentence(items)]
    return "".join(s for s in sentences if s)


# --- the derived statistics (plan.progress.derived) ------------------------------------------------------


def pull_clause(item: TargetProgress) -> str:
    """出口拉动外贸进出口总额增长9.2个百分点，贡献率66.7%; a fall 下拉 it; empty unless a part of a whole."""
    if item.pull_points is None or item.whole is None:
        return ""
    shown = _one(item.pull_points)
    values = {"name": item.target.name, "whole": item.whole.target.name, "points": rate(abs(shown))}
    if shown < ZERO:
        head = _("%(name)s pulled %(whole)s down by %(points)s points") % values
    else:
        head = _("%(name)s pulled the growth of %(whole)s by %(points)s points") % values
    contribution = ""
    if item.contribution_pct is not None:
        contribution = _("a contribution of %(pct)s%%") % {"pct": rate(item.contribution_pct)}
    return comma().join(clause for clause in (head, contribution) if clause)


def pulls_sentence(items: list[TargetProgress]) -> str:
    """出口拉动…，贡献率…；进口拉动…，贡献率…。: the parts of a whole shown in the same paragraph."""
    present = {id(item) for item in items}
    clauses = [clause for item in items if id(item.whole) in present if (clause := pull_clause(item))]
    return semicolon().join(clauses) + stop() if clauses else ""


def behind_time(item: TargetProgress) -> bool:
    """Behind 序时进度 as shown (gap_points is a difference of the shown values)."""
    return item.gap_points is not None and item.gap_points < ZERO


def last_year_clause(pct: Decimal | None, months: int) -> str:
    """比上年同期月均高 / 低 X%, 与上年同期月均持平 (the month alone in November: 比上年同期高 X%)."""
    if pct is None:
        return ""
    shown = _one(pct)
    if months == 1:
        above, below, level = (
            _("%(pct)s%% above the same month last year"),
            _("%(pct)s%% below the same month last year"),
            _("level with the same month last year"),
        )
    else:
        above, below, level = (
            _("%(pct)s%% above last year's monthly average for the same months"),
            _("%(pct)s%% below last year's monthly average for the same months"),
            _("level with last year's monthly average for the same months"),
        )
    if shown > ZERO:
        return above % {"pct": rate(shown)}
    if shown < ZERO:
        return below % {"pct": rate(-shown)}
    return level


def needed_clause(item: TargetProgress) -> str:
    """外贸进出口总额后2个月需月均完成0.93亿美元，比上年同期月均高18.5%; a count: …还需40家，月均13.3家. Empty once
    met, in December, or for a share."""
    if item.needed_monthly is None:
        return ""
    target, months = item.target, item.months_left
    if target.kind == Target.Kind.COUNT:
        what = COUNTED[target.code]() if target.code in COUNTED else target.name
        return _("%(what)s: %(count)s still needed, %(per_month)s a month") % {
            "what": what,
            "count": amount(target, item.needed_total),
            "per_month": f"{number(item.needed_monthly, 1)}{target.display_unit}",
        }
    values = {"name": target.name, "amount": amount(target, item.needed_monthly), "months": months}
    if months == 1:
        head = _("%(name)s needs %(amount)s in December") % values
    else:
        head = _("%(name)s needs %(amount)s a month on average over the last %(months)s months") % values
    return comma().join(c for c in (head, last_year_clause(item.needed_vs_last_year_pct, months)) if c)


def needed_sentence(items: list[TargetProgress]) -> str:
    """要完成全年目标，外贸进出口总额后3个月需月均完成…；进口…。: what the targets behind 序时进度 still need."""
    clauses = [clause for item in items if behind_time(item) if (clause := needed_clause(item))]
    if not clauses:
        return ""
    return _("To meet the year's targets, %(list)s") % {"list": semicolon().join(clauses)} + stop()


# --- the paragraphs of the whole --------------------------------------------------------------------------


def opening_paragraph(result: Progress) -> str:
    """截至9月底，《…》确定的7项主要目标中，3项进度正常，2项略有滞后，2项滞后；序时进度为75.0%。"""
    counts = dict.fromkeys(Status.LABELS, 0)
    for item in result.targets:
        counts[item.status] += 1
    parts = [_("%(count)s on track") % {"count": counts[Status.GREEN]}]
    for status, text in (
        (Status.YELLOW, _("%(count)s slightly behind")),
        (Status.RED, _("%(count)s behind")),
        (Status.GREY, _("%(count)s without a figure yet")),
    ):
        if counts[status]:
            parts.append(text % {"count": counts[status]})
    head = _("By the end of month %(month)s, of the %(total)s main targets of %(title)s") % {
        "month": result.month,
        "total": len(result.targets),
        "title": result.plan.title,
    }
    time = _("time progress is %(pct)s%%") % {"pct": rate(result.time_pct)}
    return comma().join([head, *parts]) + semicolon() + time + stop()


def measures_paragraph(result: Progress) -> str:
    """工作要点共列工作措施62项，截至2007年9月30日，已销号3项，…；滞后的有：…。逾期的有：…。"""
    counts = result.measure_status_counts
    overdue = result.overdue_measures
    MeasureStatus = Measure.Status
    parts = []
    for status, text in (
        (MeasureStatus.CLOSED, _("%(count)s closed")),
        (MeasureStatus.DONE, _("%(count)s done, awaiting closure")),
        (MeasureStatus.IN_PROGRESS, _("%(count)s in progress")),
        (MeasureStatus.BEHIND, _("%(count)s behind schedule")),
        (MeasureStatus.NOT_STARTED, _("%(count)s not started")),
    ):
        if counts.get(status):
            parts.append(text % {"count": counts[status]})
    if overdue:
        parts.append(_("%(count)s overdue") % {"count": len(overdue)})
    head = _("The plan has %(total)s measures; as of %(date)s") % {
        "total": len(result.measures),
        "date": date_text(result.on),
    }
    text = comma().join([head, *parts]) + stop()
    behind = [m for m in result.measures if m.status == MeasureStatus.BEHIND]
    if behind:
        names = listing().join(
            _("%(title)s (%(department)s)") % {"title": m.title, "department": m.lead.name} for m in behind
        )
        text += _("Behind schedule: %(list)s") % {"list": names} + stop()
    if overdue:
        names = listing().join(
            _("%(title)s (%(department)s, due %(due)s)")
            % {"title": m.title, "department": m.lead.name, "due": date_text(m.due)}
            for m in overdue
        )
        text += _("Overdue: %(list)s") % {"list": names} + stop()
    if not behind and not overdue:
        text += _("No measure is behind schedule or overdue.")
    return text


def submissions_paragraph(result: Progress) -> str:
    """截至2007年10月20日，未按时报送1–9月数据的科室：对外贸易科（逾期未报）。 The reports are judged at the date the
    sentence names (plan.progress.departments, the one rule; January is reported with February)."""
    values = {"date": date_text(result.today), "period": result.period_label}
    late = result.late_departments
    if late:
        values["list"] = listing().join(
            _("%(department)s (%(state)s)")
            % {"department": row.department.name, "state": row.timeliness_label}
            for row in late
        )
        return _("As of %(date)s, departments late with their %(period)s report: %(list)s") % values + stop()
    waiting = [row for row in result.departments if row.timeliness in ("pending", "with_february")]
    if waiting and all(row.timeliness == "with_february" for row in waiting):
        return _("January's figures are reported with February's, as 1–2月.")
    if waiting:
        values["due"] = date_text(waiting[0].due)
        values["list"] = listing().join(row.department.name for row in waiting)
        return (
            _("As of %(date)s, the %(period)s reports of %(list)s are not yet due (deadline %(due)s).")
            % values
        )
    return _("As of %(date)s, every department has reported its %(period)s figures on time.") % values


def note_paragraphs(result: Progress) -> list[str]:
    """The off-track targets' 原因分析及措施, quoted as their departments wrote them (lines joined)."""
    paragraphs = []
    for item in result.off_track:
        values = {"name": item.target.name, "department": item.target.department.name}
        note = " ".join(line.strip() for line in item.note.splitlines() if line.strip())
        if note:
            paragraphs.append(_("%(name)s (%(department)s): “%(note)s”") % {**values, "note": note})
        else:
            paragraphs.append(
                _("%(name)s (%(department)s): the department has not yet written its analysis.") % values
            )
    return paragraphs


def supervision_paragraph(summary) -> str:
    """督办件办理情况: 交办 N, 办结 N, 办理中 N, 逾期 N at the as-of date, each overdue one named with its department
    (supervision.selectors.month_summary)."""
    text = (
        _(
            "As of %(date)s, %(assigned)s instructions were assigned this year: %(done)s done, "
            "%(in_progress)s in progress, %(overdue)s overdue"
        )
        % {
            "date": date_text(summary.as_of),
            "assigned": summary.assigned,
            "done": summary.done,
            "in_progress": summary.in_progress,
            "overdue": summary.overdue_count,
        }
        + stop()
    )
    if summary.overdue:
        names = listing().join(
            _("%(title)s (%(department)s, due %(due)s)")
            % {"title": f"{i.number}“{i.summary}”", "department": i.lead.name, "due": date_text(i.due)}
            for i in summary.overdue
        )
        text += _("Overdue: %(list)s") % {"list": names} + stop()
    return text


def title(result: Progress) -> str:
    return _("Progress of the city's commerce work, %(year)s %(period)s") % {
        "year": result.year,
        "period": result.period_label,
    }


@dataclass
class Draft:
    title: str
    paragraphs: list[str]

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


def draft(result: Progress) -> Draft:
    """The drafted analysis of `result`, in the site's language: the opening, a paragraph per group of targets,
    the measures, the submissions and the off-track targets' notes, under the bureau's numbered headings."""
    with translation.override(settings.LANGUAGE_CODE):
        paragraphs = [_("1. The main targets"), opening_paragraph(result)]
        groups: dict[int, list[TargetProgress]] = {}
        for item in result.targets:
            groups.setdefault(item.target.section_id, []).append(item)
        paragraphs += [group_paragraph(items, result) for items in groups.values()]
        paragraphs += [_("2. The measures"), measures_paragraph(result)]
        paragraphs += [_("3. The monthly reports"), submissions_paragraph(result)]
        notes = note_paragraphs(result)
        if notes:
            paragraphs += [_("4. The targets behind schedule: analysis and measures"), *notes]
        # 督办件办理情况, once the year has a 批示.
        summary = supervision.month_summary(result.year, result.month, result.on)
        if summary.assigned:
            heading = _("5. Supervised instructions") if notes else _("4. Supervised instructions")
            paragraphs += [heading, supervision_paragraph(summary)]
        return Draft(title=title(result), paragraphs=paragraphs)


# --- the fixed words of the document's layout --------------------------------------------------------------

HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def is_heading(paragraph: str) -> bool:
    """一、… 二、…: the numbered headings of the text (in 黑体 in the Word file, bold on screen)."""
    return bool(HEADING.match(paragraph))


def issuing_body_name() -> str:
    return _("Hohhot Municipal Commerce Bureau")


def bulletin_name() -> str:
    return _("Work progress bulletin")


def office() -> str:
    return _("Office of the Hohhot Municipal Commerce Bureau")


def printed_on(day) -> str:
    return _("issued on %(date)s") % {"date": date_text(day)} if day else _("not yet issued")


def distribution(text: str) -> str:
    return _("To: %(list)s") % {"list": text}
