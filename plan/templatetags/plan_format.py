from django import template

from plan import formatting

register = template.Library()


@register.simple_tag
def target_amount(target, value):
    return formatting.target_amount(target, value)


register.filter("number", formatting.number)
register.filter("percent", formatting.percent)
register.filter("growth", formatting.growth)
register.filter("points", formatting.points)
