"""A register's export imports back as the same records, on every register of the registry (issue 17, 2 and 7):
`exportregister KIND FILE` then `importregister KIND FILE` finds every record, changes none and makes no copy,
and the text is stored as it was typed — with the demo data and with text a spreadsheet would mangle."""

import io

import pytest
from django.core.management import call_command
from django.db import models

from registers.spec import all_registers

FORMATS = ["csv", "xlsx"]

# Text that an export or an import could change: formula starts (neutralised with a ' on export), an
# apostrophe already there, full-width punctuation and spaces (normalised only for matching), line breaks.
HOSTILE = [
    "+86-471-1234",
    "=1+2",
    "-5 件",
    "@SUM(A1)",
    "'=已有撇号",
    "''+两个撇号",
    "示例：全角，标点（括号）！",
    "中间  两个空格　全角空格",
]
HOSTILE_LINES = ["第一行\r\n第二行\n  缩进的第三行", "=公式开头\n第二行"]


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def snapshot(spec) -> list[tuple]:
    names = [spec.model_field(column.field).attname for column in spec.columns]
    return [
        (record.pk, *(getattr(record, name) for name in names))
        for record in spec.model.objects.order_by("pk")
    ]


def text_columns(spec):
    for column in spec.columns:
        model_field = spec.model_field(column.field)
        text = isinstance(model_field, models.CharField | models.TextField) and not model_field.choices
        if text and column.lookup is None:
            yield model_field


def make_hostile(spec) -> None:
    """Every text cell of every record of `spec` set to a hostile text, distinct per record (names match)."""
    for number, record in enumerate(spec.model.objects.order_by("pk")):
        changes = {}
        for index, model_field in enumerate(text_columns(spec)):
            suffix = f" {record.pk}"
            text = HOSTILE[(number + index) % len(HOSTILE)]
            if isinstance(model_field, models.TextField):
                text = f"{text}\r\n{HOSTILE_LINES[number % len(HOSTILE_LINES)]}"
            limit = (model_field.max_length or 1000) - len(suffix)
            changes[model_field.attname] = text[:limit] + suffix
        spec.model.objects.filter(pk=record.pk).update(**changes)


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    run("demo")


def round_trip(specs, fmt, tmp_path) -> list[str]:
    problems = []
    for spec in specs:
        before = snapshot(spec)
        path = tmp_path / f"{spec.key}.{fmt}"
        run("exportregister", spec.key, str(path))
        out = run("importregister", spec.key, str(path))
        if f"0 new, 0 updated, {len(before)} unchanged" not in out:
            problems.append(f"{spec.key}: {out.strip()}")
        elif snapshot(spec) != before:
            problems.append(f"{spec.key}: stored values changed")
    return problems


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_registers_demo_export_imports_back_unchanged(demo, fmt, tmp_path):
    specs = all_registers()
    assert all(spec.model.objects.exists() for spec in specs), "the demo data has a record in every register"
    assert round_trip(specs, fmt, tmp_path) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_registers_hostile_text_imports_back_as_typed(demo, fmt, tmp_path):
    specs = all_registers()
    for spec in specs:
        make_hostile(spec)
    assert round_trip(specs, fmt, tmp_path) == []
    # The texts are as typed: the phone number has no apostrophe, the colon is still full-width.
    stored = {value for spec in specs for row in snapshot(spec) for value in row if isinstance(value, str)}
    assert any(value.startswith("+86-471-1234 ") for value in stored)
    assert any(value.startswith("'=已有撇号 ") for value in stored)
    assert any(value.startswith("示例：全角，标点（括号）！") for value in stored)
    assert any("\r\n第一行\r\n第二行\n  缩进" in value for value in stored)


def test_a_row_typed_with_plain_punctuation_still_finds_its_record(demo, tmp_path):
    """Normalising is for matching: "示例:某乳业公司" finds the record named "示例：某乳业公司"."""
    from outreach.models import FundApplication

    spec = next(spec for spec in all_registers() if spec.model is FundApplication)
    path = tmp_path / "funds.csv"
    run("exportregister", spec.key, str(path))
    path.write_text(path.read_text(encoding="utf-8-sig").replace("示例：", "示例:"), encoding="utf-8")
    count = FundApplication.objects.count()
    out = run("importregister", spec.key, str(path))
    assert f"0 new, {count} updated" in out
    assert FundApplication.objects.count() == count
    assert FundApplication.objects.filter(name__startswith="示例:").count() == count
