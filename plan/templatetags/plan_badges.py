"""{% badges "targets" target.code %}: what the apps above plan show beside one of the plan's things
(plan.registry.badges_for, given to the page as `badges`)."""

from django import template

register = template.Library()


@register.inclusion_tag("plan/_badges.html", takes_context=True)
def badges(context, kind, key):
    return {"badge_list": (context.get("badges") or {}).get(kind, {}).get(key, [])}
