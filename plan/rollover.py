"""The roll-over to the next year: a draft plan for year N+1 made from the plan of year N.

What is copied is the plan's shape, for the planners to edit: its sections (with their departments), its
targets with the same kind, unit, department and growth target but the value left to be set (null), and its
measures with their deadlines moved a year and their progress reset. Departments belong to the bureau, not to a
plan, so the new plan uses the same ones. Figures are not copied: the progress computation reads the actuals of
any year through `plan.registry`, so last year's figures are the new plan's base (同比) as they stand.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Measure, Plan, Section, Target


def _next_year(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def plan_roll_over(*, source: Plan, year: int) -> Plan:
    """Create the draft plan of `year` from `source`; refuse (ValidationError) when `year` has a plan."""
    if Plan.objects.filter(year=year).exists():
        raise ValidationError(_("The %(year)s plan exists already; nothing was changed.") % {"year": year})
    if year <= source.year:
        raise ValidationError(_("The new plan's year must come after %(year)s.") % {"year": source.year})
    years = year - source.year
    reason = _("Copied from the %(year)s plan") % {"year": source.year}

    plan = Plan(
        year=year,
        title=source.title.replace(str(source.year), str(year)),
        status=Plan.Status.DRAFT,
    )
    plan.full_clean()
    plan.save()

    sections = {}
    # Parents come before their children in the plan's order, so each child finds its parent's copy.
    for old in source.sections.order_by("order", "pk"):
        new = Section(
            plan=plan,
            parent=sections[old.parent_id] if old.parent_id else None,
            code=old.code,
            number=old.number,
            title=old.title,
            text=old.text,
            department_id=old.department_id,
            order=old.order,
        )
        new.full_clean()
        new.save()
        sections[old.pk] = new

    for old in source.targets.order_by("order", "pk"):
        new = Target(
            plan=plan,
            code=old.code,
            name=old.name,
            kind=old.kind,
            value=None,  # to be set by the planners
            unit=old.unit,
            display_unit=old.display_unit,
            display_factor=old.display_factor,
            growth_target_pct=old.growth_target_pct,
            section=sections[old.section_id],
            department_id=old.department_id,
            quote=old.quote,
            order=old.order,
        )
        new._change_reason = reason
        new.full_clean()
        new.save()

    for old in source.measures.order_by("order", "pk").prefetch_related("co_departments"):
        new = Measure(
            plan=plan,
            code=old.code,
            section=sections[old.section_id],
            title=old.title,
            quote=old.quote,
            kind=old.kind,
            lead_id=old.lead_id,
            due=_next_year(old.due, years),
            order=old.order,
            # A new year's work starts afresh.
            status=Measure.Status.NOT_STARTED,
            progress_pct=0,
        )
        new._change_reason = reason
        new.full_clean()
        new.save()
        new.co_departments.set(old.co_departments.all())

    return plan
