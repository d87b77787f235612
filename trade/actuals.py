"""The actuals of the trade targets, as plan.registry asks for them: all four targets, for any number of years,
from one query (`trade_many`); each target's own function is a part of it."""

from plan.figures.actuals import figure_actuals
from plan.registry import Actuals, batched

from .models import TradeFigure

# The indicators the four targets are made of.
READS = ["export", "import", "export_hitech_mech_union"]


_figures = figure_actuals(TradeFigure, READS)


def trade_many(years: list[int]) -> dict[str, dict[int, Actuals]]:
    """{code: {year: Actuals}} of export, import, trade_total and export_hitech_mech_share: one query."""
    figures = _figures(years)
    answer: dict[str, dict[int, Actuals]] = {
        "export": {},
        "import": {},
        "trade_total": {},
        "export_hitech_mech_share": {},
    }
    for year in years:
        export, import_ = figures["export"][year], figures["import"][year]
        exports, imports, union = export.values, import_.values, figures[READS[2]][year].values
        export_sample, import_sample = export.sample, import_.sample
        answer["export"][year] = export
        answer["import"][year] = import_
        # Export + import, for the months where both exist: the total is never entered separately.
        answer["trade_total"][year] = Actuals(
            {m: exports[m] + imports[m] for m in sorted(exports.keys() & imports.keys())},
            sample=export_sample or import_sample,
        )
        # 高新技术和机电产品出口比重: the de-duplicated union / exports × 100, where both exist.
        answer["export_hitech_mech_share"][year] = Actuals(
            {m: union[m] / exports[m] * 100 for m in sorted(exports.keys() & union.keys()) if exports[m] > 0},
            sample=export_sample or figures[READS[2]][year].sample,
        )
    return answer


export_actuals = batched(trade_many, "export", reads=[TradeFigure])
import_actuals = batched(trade_many, "import", reads=[TradeFigure])
trade_total_actuals = batched(trade_many, "trade_total", reads=[TradeFigure])
share_actuals = batched(trade_many, "export_hitech_mech_share", reads=[TradeFigure])


# The export categories a written report states within exports, with last year's same period.
CATEGORIES = ["export_mech_elec", "export_hitech"]


def export_facts(year: int, month: int) -> dict:
    """{indicator: (1–N月 cumulative, last year's 1–N月 cumulative)} of 机电产品 and 高新技术产品 exports, None
    where no figure is stored: one query."""
    found = dict.fromkeys((code, y) for code in CATEGORIES for y in (year, year - 1))
    rows = TradeFigure.objects.filter(year__in=[year, year - 1], month=month, indicator__in=CATEGORIES)
    for code, figure_year, cumulative in rows.values_list("indicator", "year", "cumulative"):
        found[code, figure_year] = cumulative
    return {code: (found[code, year], found[code, year - 1]) for code in CATEGORIES}
