"""Rounding is half up everywhere (docs/rules.md, "Settled questions"; issue 17, item 5): 13.85 → 13.9, never 13.8,
on the screen, in the workbook, the Word file, the text, the API's two decimals and the month page's script.

The numbers, worked by hand: the export target is 52,000 万美元; 7,202 万 in 1–9月 is 7202 / 52000 = 13.85 %
exactly (shown 13.9 %). The import's 8,615 万 against 10,000 万 in 1–9月 2006 is 同比 −13.85 % exactly (shown
下降 13.9 %, half up away from zero). The share target's 13.85 % is shown 13.9 %, and its distance from the
threshold is the difference of the shown values, 13.9 − 30 = −16.1 points.
"""

import io
import re
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from plan import formatting, progress
from plan.progress import round2, shown
from tests.plan.fakes import actuals  # noqa: F401  (the fixture)


def test_the_helpers_round_half_up():
    assert shown(D("13.85")) == D("13.9") and shown(D("-16.15")) == D("-16.2")
    assert round2(D("0.125")) == D("0.13") and round2(D("-0.125")) == D("-0.13")
    assert formatting.percent(D("13.85")) == "13.9%"
    assert formatting.number(D("0.125"), 2) == "0.13"
    # A binary float is rounded as the number written: 13.85 is 13.8499999… in binary.
    assert formatting.number(13.85, 1) == "13.9" and formatting.number(0.125, 2) == "0.13"
    assert formatting.number(1.005, 2) == "1.01"


@pytest.fixture
def edge(plan_2007, actuals):  # noqa: F811
    actuals.set("export", 2007, {9: 7202})
    actuals.set("import", 2007, {9: 8615})
    actuals.set("import", 2006, {9: 10000})
    actuals.set("export_hitech_mech_share", 2007, {9: D("13.85")})
    return plan_2007


def test_the_computation_holds_the_edge_values(edge):
    result = progress.compute(edge, 9)
    assert result.target("export").completion_pct == D("13.85")
    assert result.target("import").yoy_growth_pct == D("-13.85")
    assert result.target("export_hitech_mech_share").threshold_points == D("-16.1")


def test_screen_workbook_and_word_show_the_same_rounding(edge, client, leader):
    client.force_login(leader)
    card = client.get(reverse("plan:target", args=[2007, "export"]), {"month": 9}).content.decode()
    assert "13.9%" in card and "13.8%" not in card
    share = client.get(reverse("plan:target", args=[2007, "export_hitech_mech_share"]), {"month": 9})
    share = share.content.decode()
    assert "13.9%" in share and "-16.1" in share
    imports = client.get(reverse("plan:target", args=[2007, "import"]), {"month": 9}).content.decode()
    assert "下降 13.9%" in imports and "13.8%" not in imports

    book = load_workbook(io.BytesIO(client.get(reverse("bulletin:xlsx", args=[2007]), {"month": 9}).content))
    rows = {row[0]: row for row in book.worksheets[0].iter_rows(values_only=True) if row and row[0]}
    # The cells hold the shown values, so Excel (General format) shows what the screen shows.
    assert rows["出口"][6] == 13.9
    assert rows["高新技术和机电产品出口比重"][5] == 13.9
    assert rows["高新技术和机电产品出口比重"][8] == -16.1
    assert rows["进口"][9] == -13.9

    word = Document(io.BytesIO(client.get(reverse("bulletin:docx", args=[2007]), {"month": 9}).content))
    # (A number and its unit are joined by a no-break space in the Word file, so a line never parts them.)
    cells = [
        cell.text.replace("\xa0", " ") for table in word.tables for row in table.rows for cell in row.cells
    ]
    assert "13.9%" in cells and "下降 13.9%" in cells
    assert not any("13.8%" in cell for cell in cells)


def test_the_bulletin_text_rounds_half_up(edge, client, leader):
    client.force_login(leader)
    page = client.get(reverse("bulletin:page", args=[2007]), {"month": 9}).content.decode()
    assert "13.9" in page
    assert not re.search(r"13\.8\s*%", page)


def test_the_api_rounds_half_up_to_two_decimals(edge, client, leader):
    client.force_login(leader)
    answer = client.get("/api/v1/progress/2007/", {"as_of": "2007-09"}).json()
    found = {t["code"]: t for t in answer["targets"]}
    assert found["export"]["completion_pct"] == 13.85


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the month page's script")
def test_the_month_page_script_rounds_growth_half_up():
    """static/js/month_figures.js recomputes 同比 as the staffer types: the same half up as the server."""
    source = (Path(settings.BASE_DIR) / "static/js/month_figures.js").read_text(encoding="utf-8")
    function = re.search(r"function growthTenths[\s\S]*?\n  }\n", source).group(0)
    script = function + (
        "console.log(JSON.stringify([growthTenths(11385, 10000), growthTenths(8615, 10000),"
        " growthTenths(100.5, 100), growthTenths(30000, 39800), growthTenths(100, 100)]));"
    )
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout
    # +13.85 → 13.9; −13.85 → −13.9; +0.5 → 0.5; (30000 − 39800) / 39800 = −24.62… → −24.6; flat.
    assert out.strip() == "[139,-139,5,-246,0]"
