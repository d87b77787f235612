"""Sample 批示 for `manage.py demo` (示例数据): one on the trade card worked to its close, one signed and in
hand on a measure, one just handed to the markets department with a 催办 — so the 督办 list, the cards' counts,
the timeline and the 考核's lines have something to show."""

from plan.models import Department, Measure, Plan

from . import services


def load(*, leader, office, staff_by_department, stdout) -> None:
    plan = Plan.objects.filter(year=2007).first()
    if plan is None or services.Instruction.objects.filter(plan_year=plan.year).exists():
        return
    trade, markets = Department.objects.get(code="trade"), Department.objects.get(code="markets")
    trade_staff, markets_staff = staff_by_department["trade"], staff_by_department["markets"]

    def step(instruction, name, by, text=""):
        return services.instruction_step(
            instruction=instruction, step=name, by=by, text=text, expected_version=instruction.version
        )

    done = services.instruction_create(
        by=leader,
        text="外贸进出口低于序时进度，请对外贸易科分析原因、提出措施。（示例数据）",
        lead=trade,
        co_departments=[markets],
        year=plan.year,
        urgency="urgent",
        target=plan.targets.get(code="trade_total"),
    )
    done = step(done, "sign", trade_staff)
    done = step(done, "reply", markets_staff, "已提供重点外贸企业名单。")
    done = step(done, "report", trade_staff, "已走访重点企业12家，制定稳出口六项措施。")
    step(done, "accept", leader, "同意办结。")

    measure = Measure.objects.filter(plan=plan, lead=trade).order_by("order").first()
    working = services.instruction_create(
        by=leader,
        text="请加快推进该项工作，每月报告进展。（示例数据）",
        lead=trade,
        year=plan.year,
        measure=measure,
    )
    working = step(working, "sign", trade_staff)
    step(working, "reply", trade_staff, "已召开专题会议，正在落实。")

    handed = services.instruction_create(
        by=office,
        written_by=leader,
        text="农家店建设进度偏慢，请市场体系建设科提出加快措施。（示例数据）",
        lead=markets,
        year=plan.year,
        target=plan.targets.get(code="village_stores"),
    )
    step(handed, "remind", office, "请尽快签收办理。")
    stdout.write("Sample 批示: 3 (示例数据).")
