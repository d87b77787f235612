from django import template

from bulletin import wording

register = template.Library()

register.filter("is_heading", wording.is_heading)
