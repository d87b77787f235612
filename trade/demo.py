"""Sample trade figures for `manage.py demo`: 2006 in full (about 7.50 亿美元) and 2007 up to September, with
1–2月 released together and August's 快报 later revised by the 正式 figure. Loaded through the import, marked
as sample data (示例数据)."""

from decimal import ROUND_HALF_UP, Decimal

from plan.figures.importing import ImportRow, figures_import

from .demo_registers import load_registers
from .models import TradeFigure

# How a year's trade spreads over the months (sums to 12): a slow February, a strong year end.
SEASON = [
    Decimal(x)
    for x in ("1.00", "0.85", "0.95", "0.95", "1.00", "1.00", "0.95", "0.95", "1.00", "1.05", "1.10", "1.20")
]
# Shares of exports: 机电产品, 高新技术产品 and their de-duplicated union.
SHARES = {
    2006: {
        "export_mech_elec": Decimal("0.22"),
        "export_hitech": Decimal("0.09"),
        "export_hitech_mech_union": Decimal("0.25"),
    },
    2007: {
        "export_mech_elec": Decimal("0.26"),
        "export_hitech": Decimal("0.10"),
        "export_hitech_mech_union": Decimal("0.30"),
    },
}
# Full-year levels in 万美元 (2007: the pace the first nine months run at).
YEAR_TOTALS = {
    2006: {"export": Decimal(44800), "import": Decimal(30200)},
    2007: {"export": Decimal(52600), "import": Decimal(35400)},
}


def _cumulative(year_total: Decimal, month: int) -> Decimal:
    return (year_total * sum(SEASON[:month]) / 12).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _rows(year: int, months, *, release="final", source="海关", start=2) -> list[ImportRow]:
    rows = []
    for month in months:
        export = _cumulative(YEAR_TOTALS[year]["export"], month)
        values = {"export": export, "import": _cumulative(YEAR_TOTALS[year]["import"], month)}
        for code, share in SHARES[year].items():
            values[code] = (export * share).quantize(Decimal("1"))
        for code, value in values.items():
            rows.append(
                ImportRow(
                    number=start + len(rows),
                    indicator=code,
                    year=str(year),
                    month=str(month),
                    cumulative=str(value),
                    source=source,
                    release=release,
                )
            )
    return rows


def load_figures(stdout):
    if TradeFigure.objects.filter(is_sample=True).exists():
        stdout.write("Sample trade figures are already loaded.")
        return
    # 2006 in full; 2007 from the combined 1–2月 release to 1–9月, August first as the customs 快报.
    steps = [
        ("2006", _rows(2006, range(1, 13))),
        ("2007", _rows(2007, range(2, 8)) + _rows(2007, [9])),
        ("2007-08 快报", [_preliminary(row) for row in _rows(2007, [8])]),
        ("2007-08 正式", _rows(2007, [8])),
    ]
    for label, rows in steps:
        result = figures_import(rows=rows, sample=True, label=f"demo {label}")
        if result.errors:
            raise RuntimeError("; ".join(result.errors))
    stdout.write(f"Sample trade figures: {TradeFigure.objects.filter(is_sample=True).count()} (示例数据).")


def _preliminary(row: ImportRow) -> ImportRow:
    # The 快报 is a little below the 正式 figure that replaces it.
    row.cumulative = str((Decimal(row.cumulative) * Decimal("0.995")).quantize(Decimal("1")))
    row.release = "preliminary"
    return row


def load(stdout) -> None:
    load_figures(stdout)
    load_registers(stdout)
