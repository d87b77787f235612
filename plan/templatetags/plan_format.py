from django import template
from django.utils.translation import gettext

from plan import formatting

register = template.Library()


@register.simple_tag
def target_amount(target, value):
    return formatting.target_amount(target, value)


@register.simple_tag
def target_goal(target):
    """The target as the plan states it (8.70 亿美元, ≥ 30.0%), or 待设定 while a drafted plan leaves it open."""
    if target.value is None:
        return gettext("to be set")
    prefix = "≥ " if target.kind == "share" else ""
    return prefix + formatting.target_amount(target, target.value)


register.filter("number", formatting.number)
register.filter("percent", formatting.percent)
register.filter("growth", formatting.growth)
register.filter("points", formatting.points)
register.filter("date_text", formatting.date_text)
register.filter("date_cell", formatting.date_cell)
