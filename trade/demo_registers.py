"""Sample trade events and trade-friction cases for `manage.py demo`, marked as sample data (示例数据)."""

import datetime

from .models import FrictionCase, TradeEvent

D = datetime.date


def load_registers(stdout) -> None:
    created = 0
    event = TradeEvent.objects.filter(name="中国民族商品交易会").first()
    if event and not event.enterprises:
        event.enterprises = "示例：伊利集团\n示例：蒙牛乳业\n示例：鄂尔多斯羊绒"
        event.starts_on, event.ends_on, event.status, event.deals = (
            D(2007, 7, 25),
            D(2007, 7, 29),
            "held",
            1250,
        )
        event.is_sample = True
        event.full_clean()
        event.save()
        created += 1
    _case, new = FrictionCase.objects.get_or_create(
        name="示例：某国对华稀土产品反倾销调查",
        country="美国",
        defaults={
            "enterprise": "某稀土公司",
            "product": "稀土",
            "kind": "anti_dumping",
            "amount": 320,
            "opened_on": D(2007, 4, 16),
            "status": "responding",
            "is_sample": True,
        },
    )
    created += new
    stdout.write(f"trade records: {created} sample records")
