"""The import's last stage: the new and changed figures stored in one transaction, in bulk per model, each
month's version bumped as the month page's save does, and every change in the figure's history with who and
why (the file's name, and the row's own note when it has one)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import bulk

from ... import cycle
from ...models import Department
from ..models import MonthlyFigure
from .parse import ParsedRow
from .result import ImportOutcome

FIGURE_FIELDS = [
    "cumulative",
    "source",
    "release",
    "released_on",
    "published_growth_pct",
    "is_sample",
    "updated_at",
]


def write(
    parsed: list[ParsedRow],
    outcomes: list[ImportOutcome],
    stored: dict[tuple[str, int], dict[int, MonthlyFigure]],
    *,
    departments: dict[str, Department],
    user,
    label: str,
    sample: bool,
) -> None:
    """Store what `outcomes` say is new or changed, all or nothing. The cycle's rules are asked again inside the
    transaction: a department's rights may have changed since the preview."""
    reason, reasons = _reasons(parsed, label)
    with transaction.atomic():
        touched = {
            (o.indicator.department, o.year, o.month) for o in outcomes if o.status in ("new", "changed")
        }
        if user is not None:
            for dept_code in {code for code, _year, _month in touched}:
                cycle.ensure_can_edit_department(user=user, department=departments[dept_code])
        cycle.reports_record_change(
            user=user,
            months=[(departments[code], year, month) for code, year, month in sorted(touched)],
            reason=reason,
        )
        entries = {item.key: item.entry for item in parsed}
        _write_figures(outcomes, entries, stored, user=user, reason=reason, reasons=reasons, sample=sample)


def _reasons(parsed: list[ParsedRow], label: str) -> tuple[str, dict[tuple, str]]:
    """The import's reason, and each noted row's own ({(code, year, month): reason}). The history keeps them in
    the bureau's language, whatever language the importer reads."""
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Imported from %(file)s") % {"file": label} if label else _("Imported")
        reasons = {
            item.key: _("%(reason)s; note: %(note)s") % {"reason": reason, "note": item.row.note.strip()}
            for item in parsed
            if item.row.note.strip()
        }
    return reason, reasons


def _write_figures(outcomes, entries, stored, *, user, reason: str, reasons: dict, sample: bool) -> None:
    """The new and changed figures of an import, in bulk per model, each with its history row (its reason
    the row's own when it carried a note, else the import's)."""
    new, changed = {}, {}
    for outcome in outcomes:
        if outcome.status not in ("new", "changed"):
            continue
        code, model = outcome.indicator.code, outcome.indicator.model
        entry = entries[(code, outcome.year, outcome.month)]
        figure = stored.get((code, outcome.year), {}).get(outcome.month)
        if figure is None:
            figure = model(indicator=code, year=outcome.year, month=outcome.month)
        figure.cumulative = entry.cumulative
        figure.source = entry.source or ""
        figure.release = entry.release or MonthlyFigure.Release.FINAL
        figure.released_on = entry.released_on
        figure.published_growth_pct = entry.published_growth_pct
        figure.is_sample = sample
        figure.updated_at = timezone.now()
        if (code, outcome.year, outcome.month) in reasons:
            figure._change_reason = reasons[(code, outcome.year, outcome.month)]
        # The rows were parsed and checked above; the database holds the constraints.
        figure.full_clean(validate_unique=False, validate_constraints=False)
        (new if figure.pk is None else changed).setdefault(model, []).append(figure)
    for model, figures in new.items():
        bulk.create_in_bulk(model, figures, user=user, reason=reason)
    for model, figures in changed.items():
        bulk.update_in_bulk(model, figures, FIGURE_FIELDS, user=user, reason=reason)
