"""Formula injection, from the attacker's side: a text typed into the app that a spreadsheet would run as a
formula (=, +, -, @, a tab, a carriage return) comes back out of every export as text, with a leading ',
while numbers and dates stay numbers and dates. Each dangerous start goes through each export and the file is
read back. (The bulletin's workbook: tests/bulletin/test_bulletins.py.)"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from markets.models import County, VillageStore
from outreach.models import OverseasProject
from trade.models import TradeFigure

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def read(content: bytes, fmt: str) -> list:
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


def column(rows, name) -> list:
    index = list(rows[0]).index(name)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def hostile_registers(plan_2007):
    county = County.objects.get(name="赛罕区")
    for payload in PAYLOADS:
        VillageStore.objects.create(
            name=payload,
            county=county,
            village=payload,
            built_on=datetime.date(2007, 3, 1),
            subsidy=Decimal("1.5"),
        )
        OverseasProject.objects.create(name=payload, enterprise=payload, country="蒙古国", stage="intent")


@pytest.fixture
def hostile_figures(plan_2007):
    for month, payload in enumerate(PAYLOADS, start=2):
        TradeFigure.objects.create(
            indicator="export",
            year=2007,
            month=month,
            cumulative=Decimal("12345.6") * month,
            source=payload,
            published_growth_pct=Decimal("-3.5"),
        )


def assert_neutralised(cells):
    assert sorted(cell for cell in cells if cell and cell[0] == "'") == sorted("'" + p for p in PAYLOADS)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_register_export_page(login_as, leader, hostile_registers, fmt):
    client = login_as(leader)
    for key, headers in (("village-stores", ("店名", "村")), ("overseas-projects", ("项目名称", "企业"))):
        response = client.get(reverse("registers:export", args=[key]), {"format": fmt})
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        rows = read(response.content, fmt)
        for header in headers:
            assert_neutralised(column(rows, header))
    # Numbers and dates stay numbers and dates: Excel sums the subsidies and sorts by date.
    rows = read(
        client.get(reverse("registers:export", args=["village-stores"]), {"format": fmt}).content, fmt
    )
    subsidies, built = set(column(rows, "补助资金(万元)")), set(column(rows, "建成日期"))
    if fmt == "xlsx":
        assert (subsidies, built) == ({1.5}, {datetime.datetime(2007, 3, 1)})
    else:
        assert ({Decimal(s) for s in subsidies}, built) == ({Decimal("1.5")}, {"2007-03-01"})


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exportregister_command(hostile_registers, tmp_path, fmt):
    path = tmp_path / f"stores.{fmt}"
    call_command("exportregister", "village-stores", str(path), stdout=io.StringIO())
    rows = read(path.read_bytes(), fmt)
    assert_neutralised(column(rows, "店名"))
    assert_neutralised(column(rows, "村"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_figures_export_page_and_command(login_as, leader, hostile_figures, tmp_path, fmt):
    response = login_as(leader).get(reverse("plan:figures_export"), {"year": 2007, "format": fmt})
    assert response.status_code == 200
    path = tmp_path / f"figures.{fmt}"
    call_command("exportfigures", str(path), "--year", "2007", stdout=io.StringIO())
    # The page writes the command's --chinese-headers format; the command without it, English headers.
    for content, (source, growth_pct, cumulative) in (
        (response.content, ("来源", "公布增速", "累计值")),
        (path.read_bytes(), ("source", "published_growth_pct", "cumulative")),
    ):
        rows = read(content, fmt)
        assert_neutralised(column(rows, source))
        # A negative number is a number, not a neutralised text.
        for growth in column(rows, growth_pct):
            assert isinstance(growth, str if fmt == "csv" else float)
            assert Decimal(str(growth)) == Decimal("-3.5")
        assert Decimal(str(column(rows, cumulative)[0])) == Decimal("24691.2")
