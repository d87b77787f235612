"""The 2007 plan as data: faithful to the document, loaded once, never overwriting what was entered."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from plan.models import Department, Measure, Plan, Section, Target
from plan.plan_data import plan_data_path, plan_source_path, read_plan_data

SOURCE = plan_source_path(2007).read_text(encoding="utf-8")


def _lines_from_data(data):
    lines = [data["title"]]

    def walk(sections):
        for section in sections:
            if section["title"]:
                lines.append(section["number"] + section["title"])
                if section["text"]:
                    lines.extend(section["text"].split("\n"))
            else:
                paragraphs = section["text"].split("\n")
                lines.append(section["number"] + paragraphs[0])
                lines.extend(paragraphs[1:])
            walk(section.get("children", []))

    walk(data["sections"])
    return lines


def test_data_file_reproduces_the_document_line_for_line():
    assert _lines_from_data(read_plan_data(2007)) == SOURCE.splitlines()


def test_every_quote_is_the_plan_s_own_words():
    data = read_plan_data(2007)
    texts = {}

    def walk(sections):
        for section in sections:
            texts[section["code"]] = section["text"]
            walk(section.get("children", []))

    walk(data["sections"])
    for item in data["targets"] + data["measures"]:
        assert item["quote"] and item["quote"] in texts[item["section"]], item["code"]


# Every number the plan states for its goals (二、工作目标), as it reads in the text.
EXPECTED_TARGETS = {
    # code: (value in base unit, unit, growth %, words in the plan)
    "trade_total": (Decimal("87000"), "万美元", Decimal("16"), "8.7亿美元"),
    "export": (Decimal("52000"), "万美元", Decimal("16"), "5.2亿美元"),
    "import": (Decimal("35000"), "万美元", Decimal("16"), "3.5亿美元"),
    "export_hitech_mech_share": (Decimal("30"), "%", None, "30%以上"),
    "retail_sales": (Decimal("4000000"), "万元", Decimal("15"), "400亿元"),
    "village_stores": (Decimal("200"), "家", None, "200家"),
    "overseas_projects": (Decimal("2"), "个", None, "2个以上"),
}


def test_loadplan_loads_every_target_with_its_value_and_growth(plan_2007):
    targets = {t.code: t for t in plan_2007.targets.all()}
    # Every target of the data file is loaded, with what the file says of it ...
    listed = read_plan_data(2007)["targets"]
    assert set(targets) == {item["code"] for item in listed}
    for item in listed:
        target = targets[item["code"]]
        assert (target.name, target.kind, target.unit) == (item["name"], item["kind"], item["unit"])
        assert target.value == Decimal(item["value"]), item["code"]
    # ... and the numbers the document states are the ones the file holds.
    for code, (value, unit, growth, words) in EXPECTED_TARGETS.items():
        target = targets[code]
        assert target.value == value, code
        assert target.unit == unit, code
        assert target.growth_target_pct == growth, code
        assert words in target.section.text, code
    # The total is export plus import, as the plan states it.
    assert targets["trade_total"].value == targets["export"].value + targets["import"].value


def test_loadplan_loads_every_measure_with_its_department(plan_2007):
    measures = plan_2007.measures.select_related("lead", "section")
    assert measures.count() == 26
    by_section = {}
    for measure in measures:
        by_section.setdefault(measure.section.code, []).append(measure)
        assert measure.due == datetime.date(2007, 12, 31)
    # 3.1: four numbered items and the two events of the "同时" paragraph; 3.2: two items; 3.3: eight duties;
    # 3.4: four (incl. the Yili project and the Russia week); 3.5: 第一 … 第六.
    assert {code: len(items) for code, items in by_section.items()} == {
        "3.1": 6,
        "3.2": 2,
        "3.3": 8,
        "3.4": 4,
        "3.5": 6,
    }
    leads = {code: {m.lead.code for m in items} for code, items in by_section.items()}
    assert leads == {
        "3.1": {"trade"},
        "3.2": {"markets"},
        "3.3": {"regulation"},
        "3.4": {"outreach"},
        "3.5": {"office"},
    }
    assert plan_2007.measures.filter(kind="project", quote__contains="伊利集团").exists()
    assert plan_2007.measures.filter(kind="event", quote__contains="呼和浩特活动周").exists()
    assert plan_2007.measures.filter(kind="event", quote__contains="中国民族商品交易会").exists()
    assert plan_2007.measures.filter(kind="event", quote__contains="第七届昭君文化节").exists()


def test_loadplan_twice_changes_nothing_and_keeps_corrections(db):
    out = io.StringIO()
    call_command("loadplan", "--year", "2007", stdout=out)
    assert "created" in out.getvalue()
    counts = [m.objects.count() for m in (Department, Plan, Section, Target, Measure)]
    # An admin corrects something after loading; loading again must not undo it.
    Target.objects.filter(code="export").update(value=Decimal("53000"))
    Measure.objects.filter(code="3.1.1").update(due=datetime.date(2007, 6, 30))

    out = io.StringIO()
    call_command("loadplan", "--year", "2007", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert [m.objects.count() for m in (Department, Plan, Section, Target, Measure)] == counts
    assert Target.objects.get(code="export").value == Decimal("53000")
    assert Measure.objects.get(code="3.1.1").due == datetime.date(2007, 6, 30)


def test_loadplan_without_a_data_file_fails_clearly(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No data file for 1999"):
        call_command("loadplan", "--year", "1999", stdout=io.StringIO())


def test_the_five_departments_exist_before_any_plan(db):
    assert list(Department.objects.values_list("code", flat=True)) == [
        "trade",
        "markets",
        "regulation",
        "outreach",
        "office",
    ]


def test_data_file_is_valid_json_with_the_schema_fields():
    data = json.loads(plan_data_path(2007).read_text(encoding="utf-8"))
    assert data["year"] == 2007
    assert {d["code"] for d in data["departments"]} == {
        "trade",
        "markets",
        "regulation",
        "outreach",
        "office",
    }
