"""The actual of the retail-sales target, as plan.registry asks for it: one query per call."""

from plan.registry import Actuals

from .models import RetailFigure


def retail_sales_actuals(year: int) -> Actuals:
    rows = RetailFigure.objects.filter(year=year, indicator="retail_sales").values_list(
        "month", "cumulative", "is_sample"
    )
    values, sample = {}, False
    for month, cumulative, is_sample in rows:
        values[month] = cumulative
        sample = sample or is_sample
    return Actuals(values, sample=sample)
