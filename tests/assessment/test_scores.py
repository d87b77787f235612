"""The 考核 scores from the record (docs/rules.md, "考核"), each scheme item at its edge, worked by hand.

The 2007 plan's default deadline for month N is the 10th of N+1 (January's is February's). Times are UTC:
Asia/Shanghai is 8 hours ahead, so 15:59 UTC on the 10th is 23:59 there, and 16:01 UTC is 00:01 on the 11th.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from assessment import scores
from assessment.models import Scheme
from plan import cycle, measure_updates, progress
from plan.models import Department, Measure


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=datetime.UTC), tick=False)


def submit(user, month, when):
    with at(*when):
        report = cycle.report_get(department=user.department, year=2007, month=month)
        return cycle.report_submit(user=user, report=report, expected_version=report.version)


def lines_of(result, code, kind=None):
    row = result.for_department(code)
    return [line for line in row.lines if kind is None or line.kind == kind]


@pytest.fixture
def plan(plan_2007):
    return plan_2007


def compute(plan, month, today):
    return scores.compute(plan, month, today=today)


@pytest.mark.django_db
class TestReports:
    def test_a_minute_before_the_deadline_is_on_time_and_a_minute_after_is_late(
        self, plan, trade_staff, markets_staff
    ):
        submit(trade_staff, 3, (2007, 4, 10, 15, 59))  # 23:59 on 10 April, Beijing time
        submit(markets_staff, 3, (2007, 4, 10, 16, 1))  # 00:01 on 11 April
        result = compute(plan, 4, datetime.date(2007, 4, 30))
        assert lines_of(result, "trade", "report_late") == []
        (late,) = lines_of(result, "markets", "report_late")
        assert late.points == Decimal(-2)
        assert "2007年3月" in late.reason and "1" in late.reason
        assert late.link == "/months/markets/2007/3/"

    def test_a_month_whose_deadline_has_not_passed_has_no_line_yet(self, plan, trade_staff):
        # As of March judged at 31 March: March's report is due on 10 April.
        result = compute(plan, 3, datetime.date(2007, 5, 1))
        assert [line for line in lines_of(result, "trade") if line.key.endswith("2007-03")] == []

    def test_not_submitted_by_the_next_deadline_is_missing_not_late(self, plan, trade_staff):
        # April's report is due 10 May; by 10 June (May's deadline) it is still not in: −5, and no −2 besides.
        result = compute(plan, 6, datetime.date(2007, 6, 30))
        april = [line for line in lines_of(result, "trade") if line.key.endswith("2007-04")]
        assert [(line.kind, line.points) for line in april] == [("report_missing", Decimal(-5))]
        # May's is late (not in by 10 June) but not yet missing (July's deadline is 10 July): no line either way
        # until it is submitted — a late line needs the submission's date.
        assert [line for line in lines_of(result, "trade") if line.key.endswith("2007-05")] == []

    def test_january_is_due_with_february(self, plan, trade_staff, markets_staff):
        # No January report at all: it was reported as 1–2月, no line. A January submitted after February's
        # deadline (10 March) is late.
        submit(markets_staff, 1, (2007, 3, 12, 2, 0))
        result = compute(plan, 3, datetime.date(2007, 3, 31))
        assert [line for line in lines_of(result, "trade") if line.key.endswith("2007-01")] == []
        (late,) = [line for line in lines_of(result, "markets") if line.key.endswith("2007-01")]
        assert late.kind == "report_late"

    def test_each_return_costs_a_point(self, plan, trade_staff, leader):
        report = submit(trade_staff, 2, (2007, 3, 9, 2, 0))
        with at(2007, 3, 9, 3, 0):
            cycle.report_return(user=leader, report=report, message="数字有误")
        report = submit(trade_staff, 2, (2007, 3, 9, 4, 0))
        with at(2007, 3, 9, 5, 0):
            cycle.report_return(user=leader, report=report, message="仍有误")
        submit(trade_staff, 2, (2007, 3, 9, 6, 0))
        result = compute(plan, 3, datetime.date(2007, 3, 31))
        returned = lines_of(result, "trade", "report_returned")
        assert [line.points for line in returned] == [Decimal(-1), Decimal(-1)]
        # Resubmitted within the deadline: the first submission decides, on time.
        assert lines_of(result, "trade", "report_late") == []


@pytest.mark.django_db
class TestTargetsAndMeasures:
    def test_target_lines_follow_the_dashboards_statuses(self, plan, actuals):
        from tests.plan.fakes import seed_2006_2007

        seed_2006_2007(actuals)
        result = compute(plan, 9, datetime.date(2007, 10, 20))
        dashboard = progress.compute(plan, 9, today=datetime.date(2007, 10, 20))
        expected = {"green": Decimal(0), "yellow": Decimal(-2), "red": Decimal(-5)}
        for item in dashboard.targets:
            found = [
                line
                for line in lines_of(result, item.target.department.code, "target")
                if line.key == f"target:{item.target.code}:2007-09"
            ]
            if item.status == "grey":
                assert found == []
            else:
                assert [line.points for line in found] == [expected[item.status]], item.target.code
        # Not the year end: no completed-target bonus.
        assert all(not lines_of(result, row.department.code, "target_met") for row in result.departments)

    def test_a_measure_closed_on_its_deadline_day_earns_lead_and_co(self, plan, leader):
        measure = Measure.objects.filter(plan=plan, co_departments__isnull=False).first()
        co = list(measure.co_departments.all())
        Measure.objects.filter(pk=measure.pk).update(
            status=Measure.Status.DONE, due=datetime.date(2007, 6, 30)
        )
        measure.refresh_from_db()
        # 23:00 Beijing time on the deadline day.
        with at(2007, 6, 30, 15, 0):
            measure_updates.measure_close(user=leader, measure=measure, expected_version=measure.version)
        result = compute(plan, 7, datetime.date(2007, 7, 31))
        lead = [
            line
            for line in lines_of(result, measure.lead.code, "measure_done")
            if measure.code in line.reason
        ]
        assert [line.points for line in lead] == [Decimal(1)]
        for department in co:
            done = [
                line
                for line in lines_of(result, department.code, "measure_done")
                if measure.code in line.reason
            ]
            assert [line.points for line in done] == [Decimal("0.5")]

    def test_a_measure_closed_a_day_late_earns_nothing_and_an_open_one_past_due_costs_two(self, plan, leader):
        late, open_ = Measure.objects.filter(plan=plan).order_by("pk")[:2]
        Measure.objects.filter(pk__in=[late.pk, open_.pk]).update(due=datetime.date(2007, 6, 30))
        Measure.objects.filter(pk=late.pk).update(status=Measure.Status.DONE)
        late.refresh_from_db()
        with at(2007, 6, 30, 16, 30):  # 00:30 on 1 July, Beijing time
            measure_updates.measure_close(user=leader, measure=late, expected_version=late.version)
        result = compute(plan, 7, datetime.date(2007, 7, 31))
        assert [line for line in lines_of(result, late.lead.code) if f"{late.code} " in line.reason] == []
        overdue = [
            line
            for line in lines_of(result, open_.lead.code, "measure_overdue")
            if f"{open_.code} " in line.reason
        ]
        assert [line.points for line in overdue] == [Decimal(-2)]


@pytest.mark.django_db
class TestTheSum:
    def test_the_bonus_is_capped_and_the_score_never_below_zero(self, plan):
        scheme = Scheme(year=2007)
        row = scores.DepartmentScore(
            department=Department.objects.first(), base=scheme.base, bonus_cap=scheme.bonus_cap
        )
        row.lines = [scores.Line("a", "measure_done", Decimal(1), "", "", 0) for _ in range(12)]
        assert row.bonus == 12 and row.score == Decimal(110)
        row.lines += [scores.Line("b", "report_missing", Decimal(-5), "", "", 0)]
        assert row.score == Decimal(105)
        row.lines = [scores.Line("c", "report_missing", Decimal(-5), "", "", 0) for _ in range(21)]
        assert row.score == Decimal(0)

    def test_every_score_is_its_base_plus_its_lines(self, plan, trade_staff):
        submit(trade_staff, 3, (2007, 4, 12, 2, 0))
        result = compute(plan, 12, datetime.date(2008, 2, 1))
        for row in result.departments:
            bonus = sum(line.points for line in row.lines if line.points > 0)
            minus = sum(line.points for line in row.lines if line.points < 0)
            assert row.score == max(0, 100 + min(bonus, 10) + minus)

    def test_a_changed_scheme_rescores_the_year(self, plan, trade_staff):
        submit(trade_staff, 3, (2007, 4, 12, 2, 0))
        before = compute(plan, 4, datetime.date(2007, 4, 30)).for_department("trade")
        Scheme.objects.create(year=2007, report_late=Decimal(-3))
        after = compute(plan, 4, datetime.date(2007, 4, 30)).for_department("trade")
        assert after.score == before.score - 1


@pytest.mark.django_db
def test_the_command_the_api_and_the_page_agree_line_by_line(plan, trade_staff, leader, client):
    import io
    import json

    submit(trade_staff, 3, (2007, 4, 12, 2, 0))
    with at(2007, 5, 20, 2, 0):
        result = scores.compute(plan, 4)
        client.force_login(leader)
        api = json.loads(client.get("/api/v1/scores/2007/?as_of=2007-04").content)
        page = client.get("/assessment/2007/trade/?month=4").content.decode()
        out = io.StringIO()
        call_command("scores", "2007", "--as-of", "2007-04", stdout=out)
    assert api == json.loads(json.dumps(result.as_api()))
    trade = next(row for row in api["departments"] if row["code"] == "trade")
    # March in two days late (−2); February never submitted, so missing by April's deadline (−5).
    assert trade["score"] == 93.0
    for line in trade["lines"]:
        assert line["reason"] in page
        assert line["reason"] in out.getvalue()
    assert "<strong>93</strong>" in page


@pytest.mark.django_db
class TestInstructions:
    """批示 lines (supervision.deadlines at the date judged): a 急件 given on 1 June is due 6 June and must be
    signed by 2 June."""

    def _write(self, leader, plan):
        from supervision import services

        with at(2007, 6, 1, 1, 0):
            return services.instruction_create(
                by=leader,
                text="请分析出口下滑原因",
                lead=Department.objects.get(code="trade"),
                year=2007,
                urgency="urgent",
            )

    def _steps(self, instruction, steps):
        from supervision import services

        for when, step, by in steps:
            with at(*when):
                instruction = services.instruction_step(
                    instruction=instruction,
                    step=step,
                    by=by,
                    text="办理情况",
                    expected_version=instruction.version,
                )
        return instruction

    def test_reported_on_its_due_date_and_accepted_is_on_time(self, plan, leader, trade_staff):
        instruction = self._write(leader, plan)
        self._steps(
            instruction,
            [
                ((2007, 6, 2, 1, 0), "sign", trade_staff),
                ((2007, 6, 6, 15, 0), "report", trade_staff),
                ((2007, 6, 8, 1, 0), "accept", leader),
            ],
        )
        result = compute(plan, 6, datetime.date(2007, 6, 30))
        lines = [line for line in lines_of(result, "trade") if line.key.endswith(f":{instruction.pk}")]
        assert [(line.kind, line.points) for line in lines] == [("instruction_done", Decimal(1))]

    def test_reported_a_day_late_and_signed_late(self, plan, leader, trade_staff):
        instruction = self._write(leader, plan)
        self._steps(
            instruction,
            [
                ((2007, 6, 3, 1, 0), "sign", trade_staff),
                ((2007, 6, 7, 1, 0), "report", trade_staff),
                ((2007, 6, 8, 1, 0), "accept", leader),
            ],
        )
        result = compute(plan, 6, datetime.date(2007, 6, 30))
        lines = [line for line in lines_of(result, "trade") if line.key.endswith(f":{instruction.pk}")]
        assert sorted((line.kind, line.points) for line in lines) == [
            ("instruction_overdue", Decimal(-3)),
            ("sign_overdue", Decimal(-1)),
        ]

    def test_open_past_due_is_overdue_at_the_date_judged_only(self, plan, leader, trade_staff):
        instruction = self._write(leader, plan)
        self._steps(instruction, [((2007, 6, 2, 1, 0), "sign", trade_staff)])
        # As of May (judged 31 May) it did not exist; as of June (30 June) it is overdue.
        assert [
            line
            for line in lines_of(compute(plan, 5, datetime.date(2007, 6, 30)), "trade")
            if "instruction" in line.kind
        ] == []
        (line,) = [
            line
            for line in lines_of(compute(plan, 6, datetime.date(2007, 6, 30)), "trade")
            if line.kind.startswith("instruction")
        ]
        assert line.kind == "instruction_overdue"
