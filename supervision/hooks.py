"""What supervision plugs into the layers below it, which may not import it (SupervisionConfig.ready()):

- plan.registry: beside the plan's targets, measures and month reports the open 批示 (one query for them all)
  and, for those who may write one, the 批示 button; the department's desk on the dashboard; the 督办 menu;
- accounts.reminders: the daily 即将逾期 / 逾期 notices (supervision.notices.daily).
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import reminders
from plan import registry

from . import notices, selectors, services
from .models import Instruction

SUBJECTS = {"targets": "target", "measures": "measure", "reports": "report"}


def _url(name: str, **query) -> str:
    return reverse(name) + "?" + urlencode(query)


def badges(plan, user) -> dict:
    """The open 批示 on each target, measure and month report of `plan` (one query), and the reader's desk."""
    counts = selectors.open_counts(plan)
    found: dict[str, dict] = {"home": {}}
    for kind, field in SUBJECTS.items():
        found[kind] = {
            key: registry.Badge(
                label=_("Instructions: %(count)d open") % {"count": count},
                count=count,
                url=_url("supervision:list", **{field: key, "year": plan.year}),
            )
            for key, count in counts[kind].items()
        }
    if user is not None and user.is_authenticated and user.department_id:
        to_sign, in_hand = selectors.desk_counts(user)
        if to_sign or in_hand:
            found["home"][user.department_id] = registry.Badge(
                label=_("Instructions: %(sign)d to sign, %(due)d in hand")
                % {"sign": to_sign, "due": in_hand},
                count=to_sign + in_hand,
                url=reverse("supervision:list"),
            )
    return found


def actions(plan, user) -> dict:
    """The 批示 button on every target, measure and month, for those who may write one."""
    if user is None or not services.may_write(user):
        return {}
    label = gettext_lazy("Instruction")
    return {
        kind: registry.BadgeAction(
            label=label,
            url=lambda key, field=field: _url("supervision:new", **{field: key, "year": plan.year}),
        )
        for kind, field in SUBJECTS.items()
    }


def audience(user) -> bool:
    """Readers who may write a 批示 see its button on every card; the counts are the same for all."""
    return user is not None and services.may_write(user)


def install() -> None:
    registry.register_badges(
        registry.BadgeSource(badges=badges, actions=actions, audience=audience, reads=(Instruction,))
    )
    registry.register_nav(
        registry.NavEntry(label=gettext_lazy("Supervision"), url_name="supervision:list", group="main")
    )
    reminders.register_daily(notices.daily)
