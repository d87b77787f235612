from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import params
from core.error_lines import report_errors
from plan.models import Plan

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
    try:
        services.inspection_create(
            user=request.user,
            store=store,
            inspected_on=request.POST.get("inspected_on", ""),
            result=request.POST.get("result", ""),
            problems=request.POST.get("problems", ""),
            inspector=request.POST.get("inspector", ""),
        )
    except ValidationError as error:
        report_errors(request, error, StoreInspection)
    else:
        messages.success(request, _("The follow-up inspection is recorded."))
    return redirect(store.get_absolute_url())
