"""The actuals of the trade targets, as plan.registry asks for them: one query per call."""

from decimal import Decimal

from plan.registry import Actuals

from .models import TradeFigure


def _cumulatives(year: int, codes: list[str]) -> tuple[dict[str, dict[int, Decimal]], bool]:
    values: dict[str, dict[int, Decimal]] = {code: {} for code in codes}
    sample = False
    rows = TradeFigure.objects.filter(year=year, indicator__in=codes).values_list(
        "indicator", "month", "cumulative", "is_sample"
    )
    for code, month, cumulative, is_sample in rows:
        values[code][month] = cumulative
        sample = sample or is_sample
    return values, sample


def export_actuals(year: int) -> Actuals:
    values, sample = _cumulatives(year, ["export"])
    return Actuals(values["export"], sample=sample)


def import_actuals(year: int) -> Actuals:
    values, sample = _cumulatives(year, ["import"])
    return Actuals(values["import"], sample=sample)


def trade_total_actuals(year: int) -> Actuals:
    """Export + import, for the months where both exist: the total is never entered separately."""
    values, sample = _cumulatives(year, ["export", "import"])
    exports, imports = values["export"], values["import"]
    return Actuals(
        {m: exports[m] + imports[m] for m in sorted(exports.keys() & imports.keys())}, sample=sample
    )


def share_actuals(year: int) -> Actuals:
    """高新技术和机电产品出口比重: the de-duplicated union / exports × 100, where both exist."""
    values, sample = _cumulatives(year, ["export", "export_hitech_mech_union"])
    exports, union = values["export"], values["export_hitech_mech_union"]
    return Actuals(
        {m: union[m] / exports[m] * 100 for m in sorted(exports.keys() & union.keys()) if exports[m] > 0},
        sample=sample,
    )
