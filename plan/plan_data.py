"""Loading a plan from its data file (plan/data/plan_<year>.json), the transcription of the document."""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from . import registry
from .models import Department, Measure, Plan, Section, Target

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created)


def data_dir() -> Path:
    """Where the plans' data files are: plan/data/, unless settings.PLAN_DATA_DIR names another folder (a test
    that adds a target to a plan of its own, tests/adding/)."""
    return Path(getattr(settings, "PLAN_DATA_DIR", DATA_DIR))


def plan_data_path(year: int) -> Path:
    return data_dir() / f"plan_{year}.json"


def plan_source_path(year: int) -> Path:
    """The document a plan's data file transcribes, line for line."""
    return data_dir() / f"plan_{year}_source.txt"


def read_plan_data(year: int) -> dict:
    with plan_data_path(year).open(encoding="utf-8") as f:
        return json.load(f)


def _walk_sections(sections, parent_code=None):
    for section in sections:
        yield section, parent_code
        yield from _walk_sections(section.get("children", []), section["code"])


@transaction.atomic
def load_plan(year: int) -> LoadResult:
    """Create whatever of the plan is missing. What exists is left as it is: running it again changes nothing,
    and an admin's later corrections (a deadline moved, a department reassigned) are never overwritten."""
    data = read_plan_data(year)
    result = LoadResult()

    departments = {}
    for item in data["departments"]:
        dept, created = Department.objects.get_or_create(
            code=item["code"], defaults={"name": item["name"], "order": item["order"]}
        )
        departments[dept.code] = dept
        result.count("departments", created)

    plan, created = Plan.objects.get_or_create(year=data["year"], defaults={"title": data["title"]})
    result.count("plans", created)

    sections = {}
    for order, (item, parent_code) in enumerate(_walk_sections(data["sections"]), start=1):
        section, created = Section.objects.get_or_create(
            plan=plan,
            code=item["code"],
            defaults={
                "parent": sections.get(parent_code),
                "number": item["number"],
                "title": item["title"],
                "text": item["text"],
                "department": departments.get(item.get("department")),
                "order": order,
            },
        )
        sections[section.code] = section
        result.count("sections", created)

    for item in data["targets"]:
        _target, created = Target.objects.get_or_create(
            plan=plan,
            code=item["code"],
            defaults={
                "name": item["name"],
                "kind": item["kind"],
                "value": Decimal(item["value"]),
                "unit": item["unit"],
                "display_unit": item["display_unit"],
                "display_factor": item["display_factor"],
                "growth_target_pct": (
                    Decimal(item["growth_target_pct"]) if item["growth_target_pct"] is not None else None
                ),
                "section": sections[item["section"]],
                "department": departments[item["department"]],
                "quote": item["quote"],
                "order": item["order"],
            },
        )
        result.count("targets", created)

    for item in data["measures"]:
        measure, created = Measure.objects.get_or_create(
            plan=plan,
            code=item["code"],
            defaults={
                "section": sections[item["section"]],
                "title": item["title"],
                "quote": item["quote"],
                "kind": item["kind"],
                "lead": departments[item["lead"]],
                "due": datetime.date.fromisoformat(item["due"]),
                "order": item["order"],
            },
        )
        if created:
            measure.co_departments.set([departments[code] for code in item["co"]])
        result.count("measures", created)

    registry.plan_loaded(plan=plan, result=result)
    return result
