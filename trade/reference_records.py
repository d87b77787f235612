"""The trade events the 2007 plan names, present after every `loadplan` (the plug-in's `plan_loaded`)."""

from plan.models import Measure

from .models import TradeEvent

NAMED_EVENTS = [("中国民族商品交易会", "3.1.5"), ("第七届昭君文化节经贸活动", "3.1.6")]


def load_named_events(*, plan, result=None, **kwargs) -> None:
    if plan.year != 2007:
        return
    measures = {
        m.code: m for m in Measure.objects.filter(plan=plan, code__in=[code for _n, code in NAMED_EVENTS])
    }
    for name, code in NAMED_EVENTS:
        _event, created = TradeEvent.objects.get_or_create(
            name=name, defaults={"place": "呼和浩特", "measure": measures.get(code)}
        )
        if result is not None:
            result.count("trade events", created)
