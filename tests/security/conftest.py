"""Personas and the world of fixtures the security tests share."""

from types import SimpleNamespace

import pytest

from tests.conftest import _make_user

# --- personas ---------------------------------------------------------------------------------------------
ANON = "anonymous"
TRADE, MARKETS, REGULATION, OUTREACH, OFFICE = "trade", "markets", "regulation", "outreach", "office"
STAFF = (TRADE, MARKETS, REGULATION, OUTREACH, OFFICE)
LEADER, ADMIN, DEACTIVATED, RESET = "leader", "admin", "deactivated", "reset"
SIGNED_IN = (*STAFF, LEADER, ADMIN)
WRITTEN = (ANON, *SIGNED_IN, DEACTIVATED)  # the personas the table spells out; RESET is derived

# --- the world --------------------------------------------------------------------------------------------

# The trade department's months of 2007 in each state of the monthly cycle.
DRAFT_MONTH, SUBMITTED_MONTH, APPROVED_MONTH, RETURNED_MONTH = 9, 8, 7, 6


def _record(spec, data, files, owner):
    """A register record made through the register's own form and service, as its department would."""
    from registers.forms import form_for
    from registers.services import record_save

    form = form_for(spec)(data, files, instance=spec.model())
    assert form.is_valid(), (spec.key, form.errors)
    return record_save(user=owner, spec=spec, record=form.save(commit=False))


def record_data(key: str) -> tuple[dict, dict]:
    """A valid post (fields, files) of the register KIND `key`, as its department's staff would type it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.registers.test_register_pages import valid_data

    data = valid_data(key)
    files = {k: v for k, v in data.items() if isinstance(v, SimpleUploadedFile)}
    return {k: v for k, v in data.items() if k not in files}, files


@pytest.fixture
def world(plan_2007, trade_staff, markets_staff, leader, admin_user, outsider, settings, tmp_path):
    """The plan with something of everything, so that every URL has an object to point at:

    - the trade department's 2007 months in each cycle state (draft 9, submitted 8, approved 7, returned 6);
    - measure 3.1.1 (trade's alone) with a milestone and a progress update with an evidence file (a photo),
      measure 3.1.2 marked done by trade and awaiting 销号;
    - one record of each register kind, made by its department (the monitoring report with its file), a
      village store's record for inspections and an outreach event with a preparation task.
    """
    from django.core.files.uploadedfile import SimpleUploadedFile

    from outreach.services import task_create
    from plan import measure_updates
    from plan.cycle import report_approve, report_get, report_return, report_submit
    from plan.models import Measure
    from registers import spec as specs

    settings.MEDIA_ROOT = tmp_path
    people = {
        TRADE: trade_staff,
        MARKETS: markets_staff,
        REGULATION: _make_user("regulation1", "staff", "regulation"),
        OUTREACH: _make_user("outreach1", "staff", "outreach"),
        OFFICE: _make_user("office1", "staff", "office"),
        LEADER: leader,
        ADMIN: admin_user,
        DEACTIVATED: outsider,
        RESET: _make_user("reset1", "staff", "trade", must_change_password=True),
    }
    department = trade_staff.department
    months = {}
    for month in (SUBMITTED_MONTH, APPROVED_MONTH, RETURNED_MONTH):
        report = report_submit(
            user=trade_staff,
            report=report_get(department=department, year=2007, month=month),
            expected_version=0,
        )
        if month == APPROVED_MONTH:
            report = report_approve(user=leader, report=report)
        if month == RETURNED_MONTH:
            report = report_return(user=leader, report=report, message="请补充零售额说明")
        months[report.state] = report
    report = report_get(department=department, year=2007, month=DRAFT_MONTH)
    months[report.state] = report

    measure = Measure.objects.get(plan=plan_2007, code="3.1.1")
    milestone = measure_updates.milestone_create(
        user=trade_staff, measure=measure, title="完成出口企业摸底", due="2007-10-31"
    )
    update = measure_updates.measure_update_save(
        user=trade_staff,
        measure=measure,
        year=2007,
        month=DRAFT_MONTH,
        text="走访出口企业12家",
        progress_pct=60,
        status=Measure.Status.IN_PROGRESS,
        expected_version=0,
        evidence=[
            SimpleUploadedFile("走访照片.jpg", b"\xff\xd8\xff\xe0 a photo\xff\xd9", content_type="image/jpeg")
        ],
    )
    done_measure = Measure.objects.get(plan=plan_2007, code="3.1.2")
    measure_updates.measure_update_save(
        user=trade_staff,
        measure=done_measure,
        year=2007,
        month=DRAFT_MONTH,
        text="贸易摩擦应对机制已建立",
        progress_pct=100,
        status=Measure.Status.DONE,
        expected_version=0,
    )

    owners = {code: people[code] for code in STAFF}
    records = {}
    for spec in specs.all_registers():
        data, files = record_data(spec.key)
        records[spec.key] = _record(spec, data, files, owners[spec.department])
    event = records["outreach-events"]
    task = task_create(user=people[OUTREACH], event=event, title="印制招商手册", owner="外经科")
    return SimpleNamespace(
        plan=plan_2007,
        people=people,
        report=report,
        months=months,
        trade_staff=trade_staff,
        measure=measure,
        done_measure=done_measure,
        milestone=milestone,
        update=update,
        evidence=update.evidence.get(),
        records=records,
        store=records["village-stores"],
        event=event,
        task=task,
    )
