"""The bulletin's section 督办件办理情况: the month summary at the as-of date, and its paragraph in the draft."""

import datetime

from bulletin import wording
from plan import progress
from supervision.models import InstructionEvent
from supervision.selectors import month_summary

from .conftest import step

Kind = InstructionEvent.Kind


def test_month_summary_counts_at_the_as_of_date(write, trade_staff, leader, clock):
    from plan.models import Department

    outreach = Department.objects.get(code="outreach")
    done = write()  # 2007-03-12, due 03-27
    step(done, Kind.SIGN, trade_staff)
    step(done, Kind.REPORT, trade_staff, "已完成")
    step(done, Kind.ACCEPT, leader)
    late = write(lead=outreach, co_departments=[], urgency="urgent")  # due 03-17, never reported
    stopped = write()
    step(stopped, Kind.STOP, leader, "不再需要")
    clock.move_to(datetime.datetime(2007, 4, 2, 1, tzinfo=datetime.UTC))
    later = write()  # assigned 04-02: after the March bulletin's date

    march = month_summary(2007, 3, datetime.date(2007, 3, 31))
    assert (march.assigned, march.done, march.in_progress, march.overdue_count) == (3, 1, 1, 1)
    assert march.overdue == [late]
    # Judged before the urgent one was due: nothing overdue yet (the done one was closed on the 12th).
    early = month_summary(2007, 3, datetime.date(2007, 3, 16))
    assert (early.assigned, early.done, early.in_progress, early.overdue_count) == (3, 1, 1, 0)
    # The one written on 04-02 (due 04-17) is in hand on the 16th and overdue on the 30th.
    mid_april = month_summary(2007, 4, datetime.date(2007, 4, 16))
    assert (mid_april.assigned, mid_april.in_progress, mid_april.overdue) == (4, 2, [late])
    assert month_summary(2007, 4, datetime.date(2007, 4, 30)).overdue == [late, later]


def test_the_draft_gains_the_section(plan_2007, write, leader, clock):
    from plan.models import Department

    late = write(lead=Department.objects.get(code="outreach"), co_departments=[], urgency="urgent")
    clock.move_to(datetime.datetime(2007, 4, 20, 1, tzinfo=datetime.UTC))
    result = progress.compute(plan_2007, 3)
    summary = month_summary(2007, 3, result.on)
    assert (summary.assigned, summary.overdue) == (1, [late])
    paragraph = wording.supervision_paragraph(summary)
    assert paragraph in wording.draft(result).paragraphs
    assert late.number in paragraph and late.lead.name in paragraph


def test_no_instruction_no_section(plan_2007):
    result = progress.compute(plan_2007, 2)
    assert not any("督办" in p or "instruction" in p for p in wording.draft(result).paragraphs)
