"""A save refused for a warning keeps every typed row: the figures, their sources, release kinds, dates and
published rates, the note — so the staffer only adds the 核实说明 and saves again."""

import re
from decimal import Decimal as D

from plan import cycle
from plan.models import Department
from trade.models import TradeFigure


def test_a_save_refused_for_a_warning_keeps_every_typed_row(client, plan_2007, trade_staff):
    TradeFigure.objects.create(indicator="export", year=2007, month=8, cumulative=D(34800))
    client.force_login(trade_staff)
    version = cycle.report_get(department=Department.objects.get(code="trade"), year=2007, month=9).version
    typed = {
        "export": ("34000", "海关快报", "preliminary", "2007-10-12", "15.5"),  # falls from 34,800: a warning
        "import": ("25518", "海关统计", "final", "2007-10-18", "9.1"),
        "export_mech_elec": ("11000", "海关", "final", "2007-10-18", ""),
        "export_hitech": ("4300", "海关", "final", "2007-10-18", ""),
        "export_hitech_mech_union": ("12000", "海关", "final", "2007-10-18", ""),
    }
    data = {"version": str(version), "unit": "wan", "action": "save", "note__import": "原油进口减少"}
    for code, (cumulative, source, release, released_on, growth) in typed.items():
        data |= {
            f"{code}__cumulative": cumulative,
            f"{code}__source": source,
            f"{code}__release": release,
            f"{code}__released_on": released_on,
            f"{code}__growth": growth,
        }
    response = client.post("/months/trade/2007/9/", data)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="confirm-box"' in html
    assert not TradeFigure.objects.filter(month=9).exists()
    for code, (cumulative, source, release, released_on, growth) in typed.items():
        for name, value in (
            ("cumulative", cumulative),
            ("source", source),
            ("released_on", released_on),
            ("growth", growth),
        ):
            field = re.search(rf'<input[^>]*name="{code}__{name}"[^>]*>', html)
            assert field, f"{code}__{name} is missing"
            assert f'value="{value}"' in field.group(0) or (value == "" and "value=" not in field.group(0)), (
                f"{code}__{name}: {field.group(0)}"
            )
        chosen = re.search(rf'<select[^>]*name="{code}__release".*?</select>', html, re.S).group(0)
        assert re.search(rf'<option value="{release}"[^>]*selected', chosen), f"{code}__release"
    assert "原油进口减少" in html


def test_a_stored_amount_shows_in_its_box_with_thousands_separators_and_saves_unchanged(client, trade_staff):
    TradeFigure.objects.create(indicator="export", year=2007, month=9, cumulative=D("37916"))
    client.force_login(trade_staff)
    html = client.get("/months/trade/2007/9/").content.decode()
    box = re.search(r'<input[^>]*name="export__cumulative"[^>]*>', html).group(0)
    assert 'value="37,916.00"' in box
    # Saving the page as shown stores the same figure (the separators are read back).
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    data = {
        "version": version,
        "unit": "wan",
        "action": "save",
        "note": "",
        "export__cumulative": "37,916.00",
    }
    data["export__release"] = "final"
    assert client.post("/months/trade/2007/9/", data).status_code == 302
    assert TradeFigure.objects.get(month=9).cumulative == D("37916")
