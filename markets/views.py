import functools

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import params
from plan.models import Plan
from registers.views import create_from_post

from . import services
from .actuals import counties_with_counts, total_count
from .models import StoreInspection, VillageStore


def _as_of(request) -> tuple[int, int]:
    """The year and as-of month asked for (?year=&month=); by default the current plan year, up to this month."""
    today = timezone.localdate()
    year = Plan.objects.year_for_request(request)
    month = params.month_param(request.GET) or (today.month if year == today.year else 12)
    return year, month


@login_required
def village_stores(request):
    """The 农家店 count of the year as of a month, by 旗县区, with the farm-supply share and the stores
    still awaiting acceptance."""
    year, month = _as_of(request)
    counties = list(counties_with_counts(year, month))
    total = total_count(counties)
    plan = Plan.objects.filter(year=year).first()
    target = plan.targets.filter(code="village_stores").first() if plan else None
    return render(
        request,
        "markets/village_stores.html",
        {
            "year": year,
            "month": month,
            "months": range(1, 13),
            "counties": counties,
            "total": total,
            "single": sum(c.single for c in counties),
            "subsidy": sum((c.subsidy or 0) for c in counties),
            "target": target,
            "can_change": request.user.can_edit_department(services.markets_department()),
        },
    )


@login_required
@require_POST
def inspection_add(request, pk):
    store = get_object_or_404(VillageStore, pk=pk)
    return create_from_post(
        request,
        functools.partial(services.inspection_create, store=store),
        names=("inspected_on", "result", "problems", "inspector"),
        model=StoreInspection,
        done=_("The follow-up inspection is recorded."),
        back=store.get_absolute_url(),
    )
