"""Sample outreach records for `manage.py demo`, marked as sample data (示例数据). Idempotent."""

import datetime

from .models import EventTask, FundApplication, OutreachEvent, OverseasProject
from .reference_records import RUSSIA_WEEK

D = datetime.date


def load(stdout) -> None:
    created = 0
    _project, new = OverseasProject.objects.get_or_create(
        name="示例：俄罗斯木材加工厂",
        enterprise="示例木业公司",
        defaults={
            "country": "俄罗斯",
            "sector": "木材加工",
            "investment": 300,
            "stage": "approved",
            "signed_on": D(2007, 3, 20),
            "approved_on": D(2007, 6, 12),
            "is_sample": True,
        },
    )
    created += new
    week = OutreachEvent.objects.filter(name=RUSSIA_WEEK).first()
    if week and not week.tasks.exists():
        EventTask.objects.create(
            event=week, title="示例：确定参展企业名单", owner="对外经济合作科", due_on=D(2007, 5, 31)
        )
        EventTask.objects.create(
            event=week, title="示例：印制招商手册", owner="对外经济合作科", due_on=D(2007, 6, 30)
        )
        created += 2
    for name, fund, applied, granted, status in [
        ("示例：某进出口公司", "sme_markets", 30, 20, "granted"),
        ("示例：某建设集团", "contracting_interest", 120, None, "submitted"),
        ("示例：某乳业公司", "investment_preliminary", 80, None, "preparing"),
        ("示例：某装备公司", "western", 60, None, "submitted"),
    ]:
        _application, new = FundApplication.objects.get_or_create(
            name=name,
            fund=fund,
            year=2007,
            defaults={
                "amount_applied": applied,
                "amount_granted": granted,
                "status": status,
                "is_sample": True,
            },
        )
        created += new
    stdout.write(f"outreach: {created} sample records")
