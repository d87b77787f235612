#!/usr/bin/env python3
"""Benchmark of the imports (`make bench` runs it after run.py): 5,000 village stores through
`importregister`, the same file again (every row unchanged) and with every row changed, and 5,000 figures
through `importfigures`; then the hostile files of issue 13 (a sheet declaring three million rows, a
100,000-row CSV), which must be refused within a second.

    make bench                                                   # a scratch SQLite file
    BENCH_DATABASE_URL=postgres://…/bureau_bench make bench      # a scratch PostgreSQL database: flushed!

Aims: 5,000 stores in ≤ 5 s; figures at least as fast per row; each hostile file refused in ≤ 1 s.
"""

import io
import os
import pathlib
import sys
import tempfile
import time
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.run import out, setup_django  # noqa: E402

ROWS = 5000
STORE_AIM_S = 5.0
HOSTILE_AIM_S = 1.0
COUNTIES = [
    "新城区",
    "回民区",
    "玉泉区",
    "赛罕区",
    "土默特左旗",
    "托克托县",
    "和林格尔县",
    "清水河县",
    "武川县",
]


def stores_csv(folder: pathlib.Path, name: str, operator: str) -> pathlib.Path:
    lines = ["店名,旗县区,乡镇,村,经营企业,类型,业态,建成日期,验收日期,补助资金(万元)"]
    lines += [
        f"基准农家店{n},{COUNTIES[n % 9]},镇{n % 50},村{n},{operator},new,general,2007-03-01,2007-04-20,1.5"
        for n in range(ROWS)
    ]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def figures_csv(folder: pathlib.Path) -> pathlib.Path:
    """5,000 figures: export, import, 机电产品出口 and retail of every month of the years from 2100 down,
    growing month by month (so that no check warns)."""
    lines = ["indicator,year,month,cumulative,source"]
    codes = (("export", 52000), ("import", 35000), ("export_mech_elec", 11000), ("retail_sales", 4000000))
    year = 2100
    while len(lines) <= ROWS:
        for code, base in codes:
            for month in range(1, 13):
                if len(lines) <= ROWS:
                    lines.append(f"{code},{year},{month},{base * month / 12:.2f},海关")
        year -= 1
    path = folder / "figures.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def three_million_rows_xlsx(folder: pathlib.Path) -> pathlib.Path:
    """A small workbook whose sheet declares A1:H3000000 and holds a few rows."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["店名", "旗县区"])
    book.active.append(["x", "玉泉区"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    path = folder / "declared.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:H3000000"/>')
            target.writestr(info, data)
    return path


def hundred_thousand_rows_csv(folder: pathlib.Path) -> pathlib.Path:
    path = folder / "huge.csv"
    lines = ["店名,旗县区"] + [f"店{n},玉泉区" for n in range(100_000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timed(label: str, *args) -> tuple[float, str]:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    stdout, stderr = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    try:
        call_command(*args, stdout=stdout, stderr=stderr)
        said = stdout.getvalue().strip().splitlines()[-1]
    except CommandError as error:
        said = f"refused: {error}"
    elapsed = time.perf_counter() - started
    out(f"  {label:<44} {elapsed:7.2f} s   {said[:90]}")
    return elapsed, said


def main() -> int:
    url = setup_django()
    from django.core.management import call_command

    from plan.plan_data import load_plan

    out(f"Database: {url.split('@')[-1]}")
    if os.environ.get("BENCH_DATABASE_URL"):
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    load_plan(2007)
    folder = pathlib.Path(tempfile.mkdtemp(prefix="bureau-bench-imports-"))
    first, again = stores_csv(folder, "stores.csv", "维多利连锁"), stores_csv(folder, "changed.csv", "供销社")

    out(f"\n{ROWS:,} rows each")
    results = {
        "stores, new": timed(
            "importregister village-stores (all new)", "importregister", "village-stores", first
        ),
        "stores, unchanged": timed(
            "the same file again (all unchanged)", "importregister", "village-stores", first
        ),
        "stores, changed": timed("every row changed", "importregister", "village-stores", again),
        "figures": timed("importfigures (all new)", "importfigures", figures_csv(folder)),
        "declared": timed(
            "an .xlsx declaring 3,000,000 rows",
            "importregister",
            "village-stores",
            three_million_rows_xlsx(folder),
        ),
        "huge": timed(
            "a 100,000-row .csv", "importregister", "village-stores", hundred_thousand_rows_csv(folder)
        ),
    }
    out()
    ok = True
    for key in ("stores, new", "stores, changed"):
        elapsed = results[key][0]
        met = elapsed <= STORE_AIM_S
        ok &= met
        out(f"  {key}: {elapsed:.2f} s (aim ≤ {STORE_AIM_S:.0f} s) {'ok' if met else 'MISSED'}")
    per_row = {key: results[key][0] / ROWS * 1000 for key in ("stores, new", "figures")}
    met = per_row["figures"] <= STORE_AIM_S / ROWS * 1000
    ok &= met
    out(
        f"  figures: {per_row['figures']:.2f} ms a row (aim ≤ {STORE_AIM_S / ROWS * 1000:.2f}) {'ok' if met else 'MISSED'}"
    )
    for key in ("declared", "huge"):
        elapsed, said = results[key]
        met = elapsed <= HOSTILE_AIM_S and said.startswith("refused")
        ok &= met
        out(f"  {key}: refused in {elapsed:.2f} s (aim ≤ {HOSTILE_AIM_S:.0f} s) {'ok' if met else 'MISSED'}")
    out("\nAll aims met." if ok else "\nSome aims were missed.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
