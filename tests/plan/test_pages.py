"""The plan's pages: the targets in the plan's units, the document with its targets and measures marked."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from plan import formatting
from plan.models import Target


@pytest.fixture
def leader_client(client, leader, plan_2007):
    client.force_login(leader)
    return client


def test_dashboard_shows_the_targets_in_the_plan_s_units(leader_client):
    html = leader_client.get(reverse("plan:dashboard")).content.decode()
    for shown in ["8.70 亿美元", "5.20 亿美元", "3.50 亿美元", "≥ 30.0%", "400.00 亿元", "200 家", "2 个"]:
        assert shown in html, shown
    assert "增长 16.0%" in html
    assert "增长 15.0%" in html


def test_plan_page_renders_the_whole_document(leader_client):
    from plan.plan_data import plan_source_path

    html = leader_client.get(reverse("plan:document", args=[2007])).content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    # Each paragraph's opening words are on the page (labels are inserted only at marks).
    for line in plan_source_path(2007).read_text(encoding="utf-8").splitlines():
        assert line[:12] in text, line[:12]


def test_plan_page_marks_and_links_every_target_and_measure(leader_client, plan_2007):
    html = leader_client.get(reverse("plan:document", args=[2007])).content.decode()
    for target in plan_2007.targets.all():
        assert f'href="{target.get_absolute_url()}" id="target-{target.code}"' in html
    for measure in plan_2007.measures.select_related("lead"):
        assert f'href="{measure.get_absolute_url()}" id="measure-{measure.code}"' in html
        assert f"{measure.code} · {measure.lead.name}" in html


def test_measures_list_filters_by_department(leader_client):
    url = reverse("plan:measures", args=[2007])
    html = leader_client.get(url, {"department": "regulation"}).content.decode()
    assert "搞好酒类流通备案登记工作" in html
    assert "壮大出口主体规模和实力" not in html
    # Eight measures it leads, and the e-government measure (3.5.2) it supports.
    assert html.count('href="/plan/2007/measures/3.') == 9
    assert 'href="/plan/2007/measures/3.5.2/"' in html
    everything = leader_client.get(url).content.decode()
    assert everything.count('href="/plan/2007/measures/3.') == 26


def test_measures_list_includes_co_department_measures(leader_client):
    html = leader_client.get(reverse("plan:measures", args=[2007]), {"department": "trade"}).content.decode()
    assert "推进商务信息化建设" in html  # 3.5.2, led by the office with every department


def test_target_and_department_pages(leader_client):
    html = leader_client.get(reverse("plan:target", args=[2007, "retail_sales"])).content.decode()
    assert "400.00 亿元" in html and "市场体系建设科" in html
    html = leader_client.get(reverse("plan:department", args=["outreach"])).content.decode()
    assert "落实伊利集团蒙古国乳制品加工厂项目" in html


def test_english_is_available(leader_client):
    # Each language is offered in its own name.
    assert ">English</button>" in leader_client.get(reverse("plan:dashboard")).content.decode()
    leader_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = leader_client.get(reverse("plan:dashboard")).content.decode()
    assert "Targets" in html and "Growth target" in html


@translation.override("zh-hans")
def test_formatting_rules():
    export = Target(kind="amount", display_unit="亿美元", display_factor=10000)
    assert formatting.target_amount(export, Decimal("87000")) == "8.70 亿美元"
    assert formatting.target_amount(export, Decimal("123456.7")) == "12.35 亿美元"
    assert formatting.target_amount(export, None) == "—"
    assert formatting.growth(Decimal("17.25")) == "增长 17.3%"
    assert formatting.growth(Decimal("-3.24")) == "下降 3.2%"
    assert formatting.growth(Decimal("0.04")) == "持平"
    assert formatting.points(Decimal("-1.25")) == "-1.3 个百分点"
    assert formatting.number(Decimal("4000000"), 2) == "4,000,000.00"


@pytest.mark.parametrize("year", ["99999", "0", "²", "12345678901234567890", "2007\x00", "-1", " "])
def test_a_bad_year_in_the_query_string_is_ignored_never_a_server_error(leader_client, year):
    # One reader of the plan year (Plan.objects.for_request / year_for_request, core.params) for every page.
    for name in ("plan:dashboard", "plan:review", "markets:village_stores", "manage:deadlines"):
        response = leader_client.get(reverse(name), {"year": year})
        assert response.status_code in (200, 403), (name, year)
    response = leader_client.get(
        reverse("registers:list", args=["village-stores"]), {"year": year, "q": "\x00"}
    )
    assert response.status_code == 200
    response = leader_client.get(reverse("plan:months", args=["trade"]), {"year": year})
    assert response.status_code == 200


def test_a_year_without_a_plan_is_not_found(leader_client):
    assert leader_client.get(reverse("plan:dashboard"), {"year": "2031"}).status_code == 404
