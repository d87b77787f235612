"""Sample retail figures for `manage.py demo`: 2006 in full (about 347.8 亿元) and 2007 up to September, with
1–2月 released together and August's 快报 later revised by the 正式 figure. Loaded through the import, marked
as sample data (示例数据)."""

from decimal import ROUND_HALF_UP, Decimal

from plan.figures.importing import ImportRow, figures_import

from .demo_registers import load_registers
from .models import RetailFigure

# Retail spreads over the year with the Spring Festival in January/February and a busy year end (sums to 12).
SEASON = [
    Decimal(x)
    for x in ("1.08", "0.98", "0.94", "0.93", "0.96", "0.95", "0.94", "0.96", "1.00", "1.06", "1.05", "1.15")
]
YEAR_TOTALS = {2006: Decimal(3478000), 2007: Decimal(4040000)}


def _row(number, year, month, value, release="final"):
    return ImportRow(
        number=number,
        indicator="retail_sales",
        year=str(year),
        month=str(month),
        cumulative=str(value),
        source="统计局",
        release=release,
    )


def _cumulative(year: int, month: int) -> Decimal:
    return (YEAR_TOTALS[year] * sum(SEASON[:month]) / 12).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def load_figures(stdout):
    if RetailFigure.objects.filter(is_sample=True).exists():
        stdout.write("Sample retail figures are already loaded.")
        return
    august = _cumulative(2007, 8)
    steps = [
        [_row(n, 2006, m, _cumulative(2006, m)) for n, m in enumerate(range(1, 13), start=2)],
        [_row(n, 2007, m, _cumulative(2007, m)) for n, m in enumerate([2, 3, 4, 5, 6, 7, 9], start=2)],
        [_row(2, 2007, 8, (august * Decimal("0.996")).quantize(Decimal("1")), release="preliminary")],
        [_row(2, 2007, 8, august)],
    ]
    for rows in steps:
        result = figures_import(rows=rows, sample=True, label="demo")
        if result.errors:
            raise RuntimeError("; ".join(result.errors))
    stdout.write(f"Sample retail figures: {RetailFigure.objects.filter(is_sample=True).count()} (示例数据).")


def load(stdout) -> None:
    load_figures(stdout)
    load_registers(stdout)
