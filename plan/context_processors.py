from django.utils.functional import SimpleLazyObject

from .models import Plan


def navigation(request):
    """The year of the plan the navigation links to (one query, only on pages that render the menu)."""

    def current_year():
        plan = Plan.objects.current()
        return plan.year if plan else None

    return {"nav_plan_year": SimpleLazyObject(current_year)}
