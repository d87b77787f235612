"""The actuals of targets that are monthly figures as entered (plan.registry.actuals): one helper for every
figure model, so that no app copies the loop that turns figure rows into {code: {year: Actuals}}."""

from decimal import Decimal

from ..registry.actuals import Actuals, ManyFunc


def figure_actuals(model, codes) -> ManyFunc:
    """`many(years)` for `plan.registry.batched`: {code: {year: Actuals}} of the indicators `codes` of the figure
    model (a concrete plan.figures.models.MonthlyFigure), their stored 1–N月累计 by month, from one query."""
    codes = list(codes)

    def many(years: list[int]) -> dict[str, dict[int, Actuals]]:
        values: dict[tuple[str, int], dict[int, Decimal]] = {(c, y): {} for c in codes for y in years}
        sample: set[tuple[str, int]] = set()
        rows = model.objects.filter(year__in=years, indicator__in=codes).values_list(
            "indicator", "year", "month", "cumulative", "is_sample"
        )
        for code, year, month, cumulative, is_sample in rows:
            values[code, year][month] = cumulative
            if is_sample:
                sample.add((code, year))
        return {
            code: {year: Actuals(values[code, year], sample=(code, year) in sample) for year in years}
            for code in codes
        }

    # What plan.cache names the answers by: one name per model and codes, without spaces (a cache key).
    many.__qualname__ = f"figure_actuals.{model._meta.label_lower}.{'.'.join(codes)}"
    return many
