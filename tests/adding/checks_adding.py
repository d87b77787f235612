"""Run by tests/test_adding.py under tests.adding.settings (the throwaway indicator, target and register kind
installed), never collected by the plain suite: the whole app still works with one of each more."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from plan import registry
from plan.models import Target
from tests.conftest import _make_user

from .models import Delegation, InvestmentFigure

pytestmark = pytest.mark.django_db


@pytest.fixture
def outreach_staff(db):
    return _make_user("outreach1", "staff", "outreach", name="外经填报员")


def month_form(version=0, **values):
    data = {"version": str(version), "unit": "wan", "action": "save", "note": ""}
    for code, value in values.items():
        data[f"{code}__cumulative"] = value
        data[f"{code}__release"] = "final"
    return data


def test_the_plug_in_is_discovered_beside_outreach_s_own():
    assert registry.indicator("fdi_actual").model is InvestmentFigure
    assert "fdi_actual" in registry.registered_codes()
    assert "overseas_projects" in registry.registered_codes()  # outreach's own plug-in still installed
    assert {r.key for r in registry.registers()} >= {"delegations", "overseas-projects"}


def test_the_target_is_loaded_from_the_data_file(plan_2007):
    target = Target.objects.get(plan=plan_2007, code="fdi_actual")
    assert (target.department.code, target.value, target.unit) == ("outreach", Decimal("30000"), "万美元")


def test_outreach_enters_its_first_figures_and_the_dashboard_api_and_bulletin_show_them(
    client, plan_2007, outreach_staff, leader
):
    # 2006, 1–9月: 1.00 亿美元, so 2007's 1.50 亿美元 is +50.0 % and 50.0 % of the 3 亿美元 target.
    InvestmentFigure.objects.create(indicator="fdi_actual", year=2006, month=9, cumulative=Decimal("10000"))
    client.force_login(outreach_staff)
    menu = client.get(reverse("plan:dashboard")).content.decode()
    assert reverse("plan:months", args=["outreach"]) in menu  # the figures menu entry
    page = reverse("plan:month", args=["outreach", 2007, 9])
    assert "外商直接投资实际到位" in client.get(page).content.decode()
    response = client.post(page, month_form(fdi_actual="15000"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert InvestmentFigure.objects.get(year=2007, month=9).cumulative == Decimal("15000")

    client.force_login(leader)
    detail = client.get(reverse("plan:target", args=[2007, "fdi_actual"]), {"month": 9}).content.decode()
    assert "1.50" in detail and "50.0" in detail
    api = client.get("/api/v1/progress/2007/", {"as_of": "2007-09"}).json()
    fdi = next(item for item in api["targets"] if item["code"] == "fdi_actual")
    assert Decimal(str(fdi["actual"])) == Decimal("15000")
    out = io.StringIO()
    call_command("bulletin", "2007-09", "--text", stdout=out, stderr=io.StringIO())
    assert "外商直接投资实际到位" in out.getvalue()
    assert f"{plan_2007.targets.count()}项" in out.getvalue()


def test_a_target_without_any_figure_is_shown_as_waiting_everywhere(client, plan_2007, leader):
    client.force_login(leader)
    assert client.get(reverse("plan:dashboard"), {"month": 9}).status_code == 200
    assert client.get(reverse("plan:target", args=[2007, "fdi_actual"]), {"month": 9}).status_code == 200
    api = client.get("/api/v1/progress/2007/", {"as_of": "2007-09"}).json()
    assert next(item for item in api["targets"] if item["code"] == "fdi_actual")["actual"] is None
    out = io.StringIO()
    call_command("bulletin", "2007-09", "--text", stdout=out, stderr=io.StringIO())
    assert "外商直接投资实际到位" in out.getvalue()
    assert client.get("/plan/2007/bulletin/", {"month": 9}).status_code == 200
    assert client.get("/plan/2007/bulletin.docx", {"month": 9}).status_code == 200


def test_the_register_kind_has_its_list_import_export_and_menu_entry(client, plan_2007, leader, tmp_path):
    path = tmp_path / "delegations.csv"
    path.write_text("团组名称,国家,来访日期\n乌兰巴托商会,蒙古,2007-05-10\n", encoding="utf-8")
    call_command("importregister", "delegations", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Delegation.objects.get().country == "蒙古"
    client.force_login(leader)
    listing = client.get(reverse("registers:list", args=["delegations"])).content.decode()
    assert "乌兰巴托商会" in listing
    assert (
        reverse("registers:list", args=["delegations"])
        in client.get(reverse("plan:dashboard")).content.decode()
    )
    exported = client.get(reverse("registers:export", args=["delegations"]), {"format": "csv"})
    assert "乌兰巴托商会" in b"".join(exported).decode("utf-8-sig")
    measure = client.get(reverse("plan:measure", args=[2007, "3.4.3"])).content.decode()
    assert reverse("registers:list", args=["delegations"]) in measure
