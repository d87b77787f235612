"""{% badges "targets" target.code %}: what the apps above plan show beside one of the plan's things
(plan.registry.badges_for, given to the page as `badges`): the counts, and the actions the reader may take."""

from django import template

register = template.Library()


@register.inclusion_tag("plan/_badges.html", takes_context=True)
def badges(context, kind, key):
    found = context.get("badges") or {}
    return {
        "badge_list": found.get(kind, {}).get(key, []),
        "actions": [(action.label, action.url(key)) for action in found.get("actions", {}).get(kind, [])],
    }
