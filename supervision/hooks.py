"""What supervision plugs into the layers below it, which may not import it (SupervisionConfig.ready()):

- plan.registry: the badges beside the plan's targets, measures and month reports (the open 批示, and for
  those who may write one, the 批示 button), the department's desk on the dashboard, and the 督办 menu entry;
- accounts.reminders: the daily 即将逾期 / 逾期 notices (supervision.notices.daily).
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import reminders
from plan import registry
from plan.models import MonthlyReport

from . import notices, selectors, services
from .models import Instruction


def _url(name: str, **query) -> str:
    return reverse(name) + "?" + urlencode(query)


def badges(plan, user) -> dict:
    counts = selectors.open_counts(plan)
    acting = user is not None and services.may_write(user)
    found: dict[str, dict] = {"targets": {}, "measures": {}, "reports": {}, "home": {}}
    keys = {
        "targets": [t.code for t in plan.targets.all()] if acting else list(counts["targets"]),
        "measures": [m.code for m in plan.measures.all()] if acting else list(counts["measures"]),
        "reports": (
            list(MonthlyReport.objects.filter(year=plan.year).values_list("pk", flat=True))
            if acting
            else list(counts["reports"])
        ),
    }
    for kind, field in (("targets", "target"), ("measures", "measure"), ("reports", "report")):
        for key in keys[kind]:
            count = counts[kind].get(key, 0)
            found[kind][key] = registry.Badge(
                label=_("Instructions: %(count)d open") % {"count": count},
                count=count,
                url=_url("supervision:list", **{field: key, "year": plan.year}),
                action_label=_("Instruction") if acting else "",
                action_url=_url("supervision:new", **{field: key, "year": plan.year}) if acting else "",
            )
    if user is not None and user.is_authenticated and user.department_id:
        desk = selectors.desk(user, timezone.localdate())
        to_sign, due = len(desk["to_sign"]), len(desk["due"])
        if to_sign or due:
            found["home"][user.department.code] = registry.Badge(
                label=_("Instructions: %(sign)d to sign, %(due)d in hand") % {"sign": to_sign, "due": due},
                count=to_sign + due,
                url=reverse("supervision:list") + "?mine=1",
            )
    return found


def audience(user) -> bool:
    """Readers who may write a 批示 see its button on every card; the counts are the same for all."""
    return user is not None and services.may_write(user)


def install() -> None:
    registry.register_badges(registry.BadgeSource(badges=badges, audience=audience, reads=(Instruction,)))
    registry.register_nav(
        registry.NavEntry(label=gettext_lazy("Supervision"), url_name="supervision:list", group="main")
    )
    reminders.register_daily(notices.daily)
