"""The actuals of the trade targets, as plan.registry asks for them: all four targets, for any number of years,
from one query (`trade_many`); each target's own function is a part of it."""

from decimal import Decimal

from plan.registry import Actuals, batched

from .models import TradeFigure

# The indicators the four targets are made of.
READS = ["export", "import", "export_hitech_mech_union"]


def trade_many(years: list[int]) -> dict[str, dict[int, Actuals]]:
    """{code: {year: Actuals}} of export, import, trade_total and export_hitech_mech_share: one query."""
    values: dict[tuple[str, int], dict[int, Decimal]] = {(code, y): {} for code in READS for y in years}
    sample: set[tuple[str, int]] = set()
    rows = TradeFigure.objects.filter(year__in=years, indicator__in=READS).values_list(
        "indicator", "year", "month", "cumulative", "is_sample"
    )
    for code, year, month, cumulative, is_sample in rows:
        values[code, year][month] = cumulative
        if is_sample:
            sample.add((code, year))
    answer: dict[str, dict[int, Actuals]] = {
        "export": {},
        "import": {},
        "trade_total": {},
        "export_hitech_mech_share": {},
    }
    for year in years:
        exports, imports, union = values["export", year], values["import", year], values[READS[2], year]
        export_sample, import_sample = ("export", year) in sample, ("import", year) in sample
        answer["export"][year] = Actuals(exports, sample=export_sample)
        answer["import"][year] = Actuals(imports, sample=import_sample)
        # Export + import, for the months where both exist: the total is never entered separately.
        answer["trade_total"][year] = Actuals(
            {m: exports[m] + imports[m] for m in sorted(exports.keys() & imports.keys())},
            sample=export_sample or import_sample,
        )
        # 高新技术和机电产品出口比重: the de-duplicated union / exports × 100, where both exist.
        answer["export_hitech_mech_share"][year] = Actuals(
            {m: union[m] / exports[m] * 100 for m in sorted(exports.keys() & union.keys()) if exports[m] > 0},
            sample=export_sample or (READS[2], year) in sample,
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
