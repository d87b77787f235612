"""The plan's named project and event, present after every `loadplan` (the plug-in's `plan_loaded`).

Idempotent: a record that exists (found by name) is left as staff keep it; only a missing one is created.
"""

from plan.models import Measure

from .models import OutreachEvent, OverseasProject, Stage

YILI_PROJECT = "伊利集团蒙古国乳制品加工厂"
RUSSIA_WEEK = "俄罗斯“呼和浩特活动周”"


def load_named_records(*, plan, result=None, **kwargs) -> None:
    if plan.year != 2007:
        return
    measures = {m.code: m for m in Measure.objects.filter(plan=plan, code__in=["3.4.2", "3.4.3"])}
    _project, created = OverseasProject.objects.get_or_create(
        name=YILI_PROJECT,
        enterprise="伊利集团",
        defaults={
            "country": "蒙古国",
            "sector": "乳制品加工",
            "stage": Stage.NEGOTIATING,
            "measure": measures.get("3.4.3"),
            "notes": "《2007年工作要点》：重点落实伊利集团在蒙古国设立乳制品加工厂项目，力争使项目能够早日落地。",
        },
    )
    if result is not None:
        result.count("overseas projects", created)
    _event, created = OutreachEvent.objects.get_or_create(
        name=RUSSIA_WEEK,
        defaults={
            "country": "俄罗斯",
            "measure": measures.get("3.4.2"),
            "notes": "《2007年工作要点》：认真组织安排好俄罗斯—“呼和浩特活动周”前期筹备工作和各项经贸洽谈活动。",
        },
    )
    if result is not None:
        result.count("outreach events", created)
