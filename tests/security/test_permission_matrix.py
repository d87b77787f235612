"""Who gets what from every URL of the app: each URL pattern × each persona, with the expected answer.

The table MATRIX below is the contract. A URL pattern that is not in it fails `test_every_url_is_in_the_matrix`,
so a new page cannot slip in without someone deciding who may open it. To add a page, add one line:

    "trade:figures": Case(args=lambda w: [2007, 9], get=department_edit(TRADE)),

`args` turns the world of fixtures (`w.plan`, `w.trade_staff`, `w.report`, ...; tests/security/conftest.py)
into the URL's arguments; `get` (and `post`, for endpoints that change something) map each persona to its
answer. A POST carries `data(w)` when given (a valid post, so that a missing check would really change
something), else nothing. The helpers everyone(), admins_only(), public() ... build the usual rows; override
single personas with `|`. The persona RESET (an account whose password an admin reset) is derived, not
written: it reaches nothing but the password pages (accounts.middleware), unless `reset` says otherwise.

Each persona's request runs in a savepoint that is rolled back, so every persona meets the same world (the
leader's approval does not lock the month for the admin who comes after); and a request that is refused
(403, sent to log in, 405, ...) must not have changed anything, which is checked on every such POST.

The registers share their URLs and differ by KIND (/registers/<key>/...): their entries are `PerRegister`,
a function of the register's spec, checked for every registered kind with the kind's own department.

Django's admin site is one entry ("admin/"): every page of it for every registered model is opened.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.urls import reverse

from accounts.middleware import PasswordChangeRequiredMiddleware
from registers import spec as specs
from tests.security.conftest import (
    ADMIN,
    ANON,
    APPROVED_MONTH,
    DEACTIVATED,
    DRAFT_MONTH,
    LEADER,
    MARKETS,
    OFFICE,
    OUTREACH,
    RESET,
    RETURNED_MONTH,
    SIGNED_IN,
    STAFF,
    SUBMITTED_MONTH,
    TRADE,
    WRITTEN,
    record_data,
)
from tests.security.html import post_forms
from tests.security.urls import all_patterns

# --- answers ----------------------------------------------------------------------------------------------
OK = 200
NO_CONTENT = 204
BAD_REQUEST = 400  # a form refused, shown again with what was typed and why
UNAUTHORIZED = 401  # the API's answer to a request without a log-in
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
LOCKED_OUT = 429
LOGIN = "sent to log-in"  # 302 to /accounts/login/?next=...
PASSWORD = "sent to change the password"  # 302 to the password page
REDIRECT = "redirected"  # 302 anywhere else: the step is done, or the page says where to go
REFUSED = (FORBIDDEN, LOGIN, PASSWORD, NOT_ALLOWED, UNAUTHORIZED, NOT_FOUND)


def everyone(answer=OK, *, anonymous=LOGIN):
    """Every signed-in account gets `answer`; anonymous visitors and deactivated accounts are sent to log in."""
    return {ANON: anonymous, DEACTIVATED: anonymous, **dict.fromkeys(SIGNED_IN, answer)}


def admins_only(answer=OK):
    return everyone(FORBIDDEN) | {ADMIN: answer}


def public(answer=OK):
    return dict.fromkeys(WRITTEN, answer)


def department_edit(department=TRADE, answer=OK, *, leader=FORBIDDEN):
    """A page that changes one department's data: its own staff and admins may; other departments' staff get
    403; leaders read and review but do not enter data (pass leader=OK for a page they may open)."""
    return everyone(FORBIDDEN) | {department: answer, ADMIN: answer, LEADER: leader}


def department_read(department=TRADE, answer=OK):
    """A department's own working pages (its months and their history, its files): its staff, the leaders and
    the admins; other departments' staff get 403."""
    return department_edit(department, answer, leader=answer)


def data_entry(answer=OK):
    """Tools for entering data (the figures upload): staff and admins; leaders do not enter data."""
    return everyone(answer) | {LEADER: FORBIDDEN}


def leaders_only(answer=OK):
    """Approving or returning a month, closing (销号) a measure."""
    return everyone(FORBIDDEN) | {LEADER: answer}


def reviewers(answer=OK):
    """What leaders and admins read about every department (the months awaiting review)."""
    return everyone(FORBIDDEN) | {LEADER: answer, ADMIN: answer}


def bulletin_editors(answer=OK):
    """The bulletin's draft: the office's staff and the admins edit and issue it; leaders read the archive."""
    return everyone(FORBIDDEN) | {OFFICE: answer, ADMIN: answer}


def _draft(world):
    """The draft of the 1–9月 bulletin (made once, by the office)."""
    from bulletin.services import bulletin_draft

    return bulletin_draft(user=world.people[OFFICE], plan=world.plan, month=9)


def _issued(world):
    """An issued bulletin of 1–8月 (made once, by the office)."""
    from bulletin.models import Bulletin
    from bulletin.services import bulletin_draft, bulletin_issue

    found = Bulletin.objects.issued().filter(plan=world.plan, month=8).first()
    if found is None:
        draft = bulletin_draft(user=world.people[OFFICE], plan=world.plan, month=8)
        found = bulletin_issue(user=world.people[OFFICE], bulletin=draft, expected_version=draft.version)
    return found


def _robot(world):
    """A DingTalk robot (made once) at an address that resolves nowhere."""
    from broadcast.models import Robot

    return Robot.objects.get_or_create(
        name="局领导群",
        defaults={
            "kind": "dingtalk",
            "url": "https://robot.invalid/robot/send?access_token=t",
            "secret": "SECx",
        },
    )[0]


def writers(answer=OK):
    """督办: a leader writes a 批示; the office and the admins enter one on a leader's behalf."""
    return everyone(FORBIDDEN) | {LEADER: answer, ADMIN: answer, OFFICE: answer}


def instruction_readers(answer=OK):
    """A 批示: its lead (trade) and co-department (markets), the leaders, the office and the admins."""
    return writers(answer) | {TRADE: answer, MARKETS: answer}


def _instruction(world, *, with_file=False):
    """A 批示 of the leader on exports, trade leading and markets helping (made once); with a file: one that
    trade signed and answered with a PDF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from plan.models import Department
    from supervision import services
    from supervision.models import Instruction

    text = "附件一件" if with_file else "请抓紧落实出口工作"
    found = Instruction.objects.filter(text=text).first()
    if found is None:
        found = services.instruction_create(
            by=world.people[LEADER],
            text=text,
            lead=Department.objects.get(code="trade"),
            co_departments=[Department.objects.get(code="markets")],
            year=world.plan.year,
            target=world.plan.targets.get(code="export"),
        )
        if with_file:
            trade = world.people[TRADE]
            found = services.instruction_step(
                instruction=found, step="sign", by=trade, expected_version=found.version
            )
            pdf = SimpleUploadedFile("报告.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
            found = services.instruction_step(
                instruction=found,
                step="reply",
                by=trade,
                text="见附件",
                expected_version=found.version,
                files=[pdf],
            )
    return found


def _instruction_file(world):
    return _instruction(world, with_file=True).events.get(kind="reply").files.get()


def _objection(world):
    """An objection of trade's, awaiting a decision (made once)."""
    from assessment.models import Objection

    found = Objection.objects.first()
    if found is None:
        found = Objection.objects.create(
            year=world.plan.year,
            month=9,
            department=world.people[TRADE].department,
            line_key="report_late:2007-08",
            line_text="2007年8月月报逾期2天 -2",
            reason="系统故障",
            raised_by=world.people[TRADE],
        )
    return found


@dataclass
class Case:
    args: Callable = lambda w: []  # noqa: E731 - the world → the URL's arguments
    get: dict = field(default_factory=dict)
    post: dict | None = None  # None: not a POST endpoint (or POST is covered elsewhere)
    data: Callable | None = None  # the world → a POST's body (fresh files each time); None: posted empty
    query: str = ""  # appended to the URL: "?year=2007"
    reset: object = None  # the RESET persona's answer, when not derived (a page answered before log-in)
    more: Callable | None = None  # the world → other arguments whose GET answers the same (other states)

    def url(self, name, world) -> str:
        return reverse(name, args=self.args(world)) + self.query


@dataclass
class PerRegister:
    """One entry for every register KIND: `make(spec)` gives the Case of that kind."""

    make: Callable[[specs.Register], Case]

    def cases(self) -> list[tuple[str, Case]]:
        return [(spec.key, self.make(spec)) for spec in specs.all_registers()]


def _register_post(spec, world) -> dict:
    data, files = record_data(spec.key)
    return {**data, "name": data["name"] + "（二）", **files}  # another record than the world's


def _register_edit_post(spec, world) -> dict:
    data, _files = record_data(spec.key)  # the file is kept when none is sent
    # The version the edit page shows now (core.versions), as a browser would send it.
    version = spec.model.objects.get(pk=world.records[spec.key].pk).version
    return {**data, "notes": "已复核", "reason": "年中复核", "version": version}


def _register_file(spec, world) -> dict:
    """The register's own export of the world's records, to import again."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.tables import write_table
    from registers.tabular import export_table

    content = write_table(export_table(spec, spec.model.objects.order_by("pk")), "csv")
    return {"file": SimpleUploadedFile(f"{spec.key}.csv", content, content_type="text/csv")}


def _register_file_row(spec) -> dict:
    """A register that keeps files (the monitoring reports) serves them like a department's own files; the
    others keep none."""
    return department_read(spec.department) if spec.file_field else everyone(NOT_FOUND)


def _version(obj) -> int:
    """The version of `obj` a page opened now carries (core.versions), as a browser would send it."""
    return type(obj).objects.get(pk=obj.pk).version


def _month(month):
    return lambda w: [TRADE, 2007, month]


# --- the matrix -------------------------------------------------------------------------------------------
MATRIX: dict[str, Case | PerRegister] = {
    # accounts
    "login": Case(get=public(OK) | dict.fromkeys(SIGNED_IN, REDIRECT)),
    "logout": Case(get=public(NOT_ALLOWED), post=public(REDIRECT)),
    "password_change": Case(get=everyone(OK)),
    "password_change_done": Case(get=everyone(OK)),
    "notices": Case(get=everyone(OK)),
    "notices_read": Case(get=everyone(NOT_ALLOWED), post=everyone(REDIRECT)),
    "set_language": Case(get=public(REDIRECT), post=public(REDIRECT)),
    # administration (系统管理)
    "manage:index": Case(get=admins_only(REDIRECT)),
    "manage:accounts": Case(get=admins_only()),
    "manage:account_create": Case(get=admins_only()),
    "manage:account": Case(args=lambda w: [w.trade_staff.pk], get=admins_only()),
    "manage:account_set_active": Case(
        args=lambda w: [w.trade_staff.pk],
        get=admins_only(NOT_ALLOWED),
        post=admins_only(REDIRECT),
        data=lambda w: {"active": "0", "version": _version(w.trade_staff)},
    ),
    "manage:account_reset_password": Case(
        args=lambda w: [w.trade_staff.pk],
        get=admins_only(NOT_ALLOWED),
        post=admins_only(OK),
        data=lambda w: {"version": _version(w.trade_staff)},
    ),
    "manage:account_unlock": Case(
        args=lambda w: [w.trade_staff.pk], get=admins_only(NOT_ALLOWED), post=admins_only(REDIRECT)
    ),
    "manage:departments": Case(get=admins_only()),
    "manage:department_create": Case(get=admins_only()),
    "manage:department": Case(args=lambda w: ["trade"], get=admins_only()),
    "manage:deadlines": Case(get=admins_only()),
    "manage:deadline": Case(args=lambda w: [2007, 9], get=admins_only()),
    "manage:access_log": Case(get=admins_only()),
    # the group robots (broadcast): a test message is only queued (sent after a response that commits)
    "broadcast:robots": Case(get=admins_only()),
    "broadcast:robot_create": Case(get=admins_only()),
    "broadcast:robot": Case(args=lambda w: [_robot(w).pk], get=admins_only()),
    "broadcast:robot_test": Case(
        args=lambda w: [_robot(w).pk], get=admins_only(NOT_ALLOWED), post=admins_only(REDIRECT)
    ),
    "broadcast:deliveries": Case(get=admins_only()),
    # for load balancers: public, answered before anything else (even before the password rule)
    "healthz": Case(get=public(OK), reset=OK),
    "favicon": Case(get=public(301)),  # a permanent redirect to the static file, for anyone
    # the plan, the dashboard, the bulletin and the API: every role reads them
    "plan:dashboard": Case(get=everyone()),
    "plan:document": Case(args=lambda w: [w.plan.year], get=everyone()),
    "plan:target": Case(args=lambda w: [w.plan.year, "export"], get=everyone()),
    "plan:measures": Case(args=lambda w: [w.plan.year], get=everyone()),
    "plan:measure": Case(
        args=lambda w: [w.plan.year, "3.1.1"],
        get=everyone(),
        # awaiting 销号 (the leader's forms), and one with co-departments (all of them report)
        more=lambda w: [[w.plan.year, w.done_measure.code], [w.plan.year, "3.5.2"]],
    ),
    "plan:department": Case(args=lambda w: ["trade"], get=everyone()),
    "bulletin:page": Case(
        args=lambda w: [w.plan.year], get=everyone(), more=lambda w: [[_issued(w).plan.year]]
    ),
    "bulletin:xlsx": Case(args=lambda w: [w.plan.year], get=everyone()),
    "bulletin:docx": Case(args=lambda w: [w.plan.year], get=everyone()),
    "bulletin:archive": Case(get=everyone(), more=lambda w: [_issued(w) and []]),
    "bulletin:issued": Case(args=lambda w: [_issued(w).pk], get=everyone()),
    "bulletin:issued-docx": Case(args=lambda w: [_issued(w).pk], get=everyone()),
    # the bulletin's draft: the office writes and issues it (and the admins); nobody changes an issued one
    "bulletin:edit": Case(
        args=lambda w: [_draft(w).plan.year, _draft(w).month],
        get=bulletin_editors(),
        post=bulletin_editors(REDIRECT),
        data=lambda w: {
            "version": _draft(w).version,
            "title": "2007年1–9月全市商务工作进展情况通报",
            "body": "一、主要目标完成情况\n全市外贸进出口总额增长较快。",
            "distribution": "局领导，各科室。",
        },
    ),
    "bulletin:redraft": Case(
        args=lambda w: [_draft(w).plan.year, _draft(w).month],
        get=everyone(NOT_ALLOWED),
        post=bulletin_editors(REDIRECT),
        data=lambda w: {"version": _draft(w).version},
    ),
    "bulletin:issue": Case(
        args=lambda w: [_draft(w).plan.year, _draft(w).month],
        get=everyone(NOT_ALLOWED),
        post=bulletin_editors(REDIRECT),
        data=lambda w: {"version": _draft(w).version, "confirm": "1"},
    ),
    # A program cannot follow a redirect to the password form: an account with a temporary password gets
    # a JSON 403 from the API (issue 13).
    "api:progress": Case(
        args=lambda w: [w.plan.year],
        get=everyone(OK, anonymous=UNAUTHORIZED),
        post=public(NOT_ALLOWED),
        reset=FORBIDDEN,
    ),
    # The API's description and its page are read by every account (they describe, they hold no data).
    "api:openapi-json": Case(get=everyone(OK, anonymous=UNAUTHORIZED), reset=FORBIDDEN),
    "api:openapi-view": Case(get=everyone(OK, anonymous=UNAUTHORIZED), reset=FORBIDDEN),
    "api:api-root": Case(get=public(NOT_FOUND), reset=FORBIDDEN),
    "api:scores": Case(
        args=lambda w: [w.plan.year],
        get=everyone(OK, anonymous=UNAUTHORIZED),
        post=public(NOT_ALLOWED),
        reset=FORBIDDEN,
    ),
    # 督办 through the API: everyone lists what they may see; leaders, admins and the office write (an empty
    # request is refused as such, 400); staff of the lead department sign.
    # (The list and 交办 share one address. A form-encoded POST is not the JSON body the API reads: refused
    # as such, 400, before anyone's rights matter; tests/api holds each role to its steps with real bodies.)
    "api:instructions": Case(
        get=everyone(OK, anonymous=UNAUTHORIZED),
        post=everyone(BAD_REQUEST, anonymous=UNAUTHORIZED),
        reset=FORBIDDEN,
    ),
    "api:instruction_create": Case(
        get=everyone(OK, anonymous=UNAUTHORIZED),
        post=everyone(BAD_REQUEST, anonymous=UNAUTHORIZED),
        reset=FORBIDDEN,
    ),
    "api:instruction": Case(
        args=lambda w: [_instruction(w).pk],
        # (Another department's staff meet a 404: the API does not say that a 批示 they may not see exists.)
        get=everyone(NOT_FOUND, anonymous=UNAUTHORIZED)
        | {who: OK for who, answer in instruction_readers().items() if answer == OK},
        post=public(NOT_ALLOWED),
        reset=FORBIDDEN,
    ),
    "api:instruction_step": Case(
        args=lambda w: [_instruction(w).pk, "sign"],
        get=public(NOT_ALLOWED),
        post=everyone(BAD_REQUEST, anonymous=UNAUTHORIZED),
        reset=FORBIDDEN,
    ),
    # 考核: the ranking and the year-end documents for leaders, admins and the office; staff their own lines
    # (the ranking sends them there); the scheme is read by all and changed by an admin.
    "assessment:ranking": Case(
        args=lambda w: [w.plan.year],
        get=everyone(REDIRECT) | {LEADER: OK, ADMIN: OK, OFFICE: OK},
    ),
    "assessment:department": Case(
        args=lambda w: [w.plan.year, TRADE],
        get=everyone(FORBIDDEN) | {TRADE: OK, LEADER: OK, ADMIN: OK, OFFICE: OK},
    ),
    "assessment:workbook": Case(
        args=lambda w: [w.plan.year], get=everyone(FORBIDDEN) | {LEADER: OK, ADMIN: OK, OFFICE: OK}
    ),
    "assessment:document": Case(
        args=lambda w: [w.plan.year], get=everyone(FORBIDDEN) | {LEADER: OK, ADMIN: OK, OFFICE: OK}
    ),
    "assessment:scheme": Case(args=lambda w: [w.plan.year], get=everyone(), post=admins_only(BAD_REQUEST)),
    "assessment:object": Case(
        args=lambda w: [w.plan.year, TRADE],
        get=everyone(NOT_ALLOWED),
        post=everyone(FORBIDDEN)
        | {TRADE: BAD_REQUEST, LEADER: BAD_REQUEST, ADMIN: BAD_REQUEST, OFFICE: BAD_REQUEST},
    ),
    "assessment:decide": Case(
        args=lambda w: [_objection(w).pk],
        get=everyone(NOT_ALLOWED),
        post=everyone(FORBIDDEN) | {ADMIN: BAD_REQUEST, OFFICE: BAD_REQUEST},
    ),
    # figures files: the year's figures are read by everyone; importing is data entry
    "plan:figures_export": Case(query="?year=2007", get=everyone()),
    "plan:figures_template": Case(get=everyone()),
    "plan:figures_upload": Case(get=data_entry(), post=data_entry(OK)),
    "plan:figures_upload_confirm": Case(get=everyone(NOT_ALLOWED), post=data_entry(REDIRECT)),
    # the monthly cycle of the trade department: its staff enter and submit, leaders approve or return,
    # admins unlock and set deadlines
    "plan:months": Case(args=lambda w: [TRADE], get=department_read(TRADE)),
    "plan:month": Case(
        args=_month(DRAFT_MONTH),
        get=department_read(TRADE),
        more=lambda w: [_month(m)(w) for m in (SUBMITTED_MONTH, APPROVED_MONTH, RETURNED_MONTH)],
        post=department_edit(TRADE, REDIRECT),
        data=lambda w: {
            "version": w.report.version,
            "unit": "wan",
            "note__export": "出口增长放缓",
            "action": "save",
        },
    ),
    "plan:month_submit": Case(
        args=_month(DRAFT_MONTH), get=everyone(NOT_ALLOWED), post=department_edit(TRADE, REDIRECT)
    ),
    "plan:month_approve": Case(
        args=_month(SUBMITTED_MONTH), get=everyone(NOT_ALLOWED), post=leaders_only(REDIRECT)
    ),
    "plan:month_return": Case(
        args=_month(SUBMITTED_MONTH),
        get=everyone(NOT_ALLOWED),
        post=leaders_only(REDIRECT),
        data=lambda w: {"message": "请补充出口下降的原因"},
    ),
    "plan:month_unlock": Case(
        args=_month(APPROVED_MONTH),
        get=everyone(NOT_ALLOWED),
        post=admins_only(REDIRECT),
        data=lambda w: {"reason": "海关修订了7月数据"},
    ),
    "plan:month_history": Case(args=_month(DRAFT_MONTH), get=department_read(TRADE)),
    "plan:indicator_history": Case(args=lambda w: ["export"], get=department_read(TRADE)),
    "plan:review": Case(get=reviewers()),
    # measures: their departments report progress and set milestones, leaders close (销号) or send back
    "plan:measure_update": Case(
        args=lambda w: [w.plan.year, w.measure.code],
        get=everyone(NOT_ALLOWED),
        post=department_edit(TRADE, REDIRECT),
        data=lambda w: {
            "month": DRAFT_MONTH,
            "text": "新增出口企业3家",
            "progress_pct": 70,
            "status": "in_progress",
            f"version_{DRAFT_MONTH}": _version(w.update),
        },
    ),
    "plan:milestone_add": Case(
        args=lambda w: [w.plan.year, w.measure.code],
        get=everyone(NOT_ALLOWED),
        post=department_edit(TRADE, REDIRECT),
        data=lambda w: {"title": "召开出口企业座谈会", "due": "2007-11-15"},
    ),
    "plan:milestone_done": Case(
        args=lambda w: [w.milestone.pk],
        get=everyone(NOT_ALLOWED),
        post=department_edit(TRADE, REDIRECT),
        data=lambda w: {"done": "1", "version": _version(w.milestone)},
    ),
    "plan:measure_close": Case(
        args=lambda w: [w.plan.year, w.done_measure.code],
        get=everyone(NOT_ALLOWED),
        post=leaders_only(REDIRECT),
        data=lambda w: {"note": "材料齐全", "version": _version(w.done_measure)},
    ),
    "plan:measure_send_back": Case(
        args=lambda w: [w.plan.year, w.done_measure.code],
        get=everyone(NOT_ALLOWED),
        post=leaders_only(REDIRECT),
        data=lambda w: {"reason": "缺少会议纪要", "version": _version(w.done_measure)},
    ),
    "plan:evidence": Case(args=lambda w: [w.evidence.pk], get=department_read(TRADE)),
    # the registers: every signed-in account reads them; their department changes them
    "registers:list": PerRegister(lambda spec: Case(args=lambda w: [spec.key], get=everyone())),
    "registers:export": PerRegister(lambda spec: Case(args=lambda w: [spec.key], get=everyone())),
    "registers:detail": PerRegister(
        lambda spec: Case(args=lambda w: [spec.key, w.records[spec.key].pk], get=everyone())
    ),
    "registers:create": PerRegister(
        lambda spec: Case(
            args=lambda w: [spec.key],
            get=department_edit(spec.department),
            post=department_edit(spec.department, REDIRECT),
            data=lambda w: _register_post(spec, w),
        )
    ),
    "registers:edit": PerRegister(
        lambda spec: Case(
            args=lambda w: [spec.key, w.records[spec.key].pk],
            get=department_edit(spec.department),
            post=department_edit(spec.department, REDIRECT),
            data=lambda w: _register_edit_post(spec, w),
        )
    ),
    "registers:import": PerRegister(
        lambda spec: Case(
            args=lambda w: [spec.key],
            get=department_edit(spec.department),
            post=department_edit(spec.department, OK),
            data=lambda w: _register_file(spec, w),
        )
    ),
    "registers:file": PerRegister(
        lambda spec: Case(args=lambda w: [spec.key, w.records[spec.key].pk], get=_register_file_row(spec))
    ),
    # 督办: the list for everyone (each sees the 批示 of their department); a 批示 for its departments, the
    # leaders, the office and the admins; only the lead department signs it.
    "supervision:list": Case(get=everyone()),
    "supervision:new": Case(
        get=writers(),
        post=writers(REDIRECT),
        data=lambda w: {
            "year": w.plan.year,
            "text": "请研究",
            "lead": w.people[TRADE].department_id,
            "urgency": "normal",
            "written_by": w.people[LEADER].pk,
        },
    ),
    "supervision:detail": Case(args=lambda w: [_instruction(w).pk], get=instruction_readers()),
    "supervision:document": Case(args=lambda w: [_instruction(w).pk], get=instruction_readers()),
    "supervision:step": Case(
        args=lambda w: [_instruction(w).pk],
        get=everyone(NOT_ALLOWED),
        post=everyone(FORBIDDEN) | {TRADE: REDIRECT},
        data=lambda w: {"step": "sign", "version": _version(_instruction(w))},
    ),
    "supervision:file": Case(args=lambda w: [_instruction_file(w).pk], get=instruction_readers()),
    "markets:village_stores": Case(get=everyone()),
    "markets:inspection_add": Case(
        args=lambda w: [w.store.pk],
        get=everyone(NOT_ALLOWED),
        post=department_edit(MARKETS, REDIRECT),
        data=lambda w: {
            "inspected_on": "2007-09-20",
            "result": "passed",
            "problems": "",
            "inspector": "李四",
        },
    ),
    "outreach:task_add": Case(
        args=lambda w: [w.event.pk],
        get=everyone(NOT_ALLOWED),
        post=department_edit(OUTREACH, REDIRECT),
        data=lambda w: {"title": "联系俄方接待单位", "owner": "外经科", "due_on": "2007-08-01"},
    ),
    "outreach:task_toggle": Case(
        args=lambda w: [w.task.pk],
        get=everyone(NOT_ALLOWED),
        post=department_edit(OUTREACH, REDIRECT),
        data=lambda w: {"done": "1", "version": _version(w.task)},
    ),
}


def cases(name) -> list[tuple[str, Case]]:
    """The checks of one MATRIX entry: itself, or one per register kind; each with a label."""
    entry = MATRIX[name]
    return entry.cases() if isinstance(entry, PerRegister) else [("", entry)]


# Django's admin site, for administrators only; the others are sent to the admin's own log-in page.
ADMIN_PREFIX = "admin/"


def _answer(response) -> object:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login") + "?next="):
            return LOGIN
        if location == reverse("password_change"):
            return PASSWORD
        return REDIRECT
    return response.status_code


def _expected_for_reset(case: Case, answers: dict, name: str):
    if case.reset is not None:
        return case.reset
    if name in PasswordChangeRequiredMiddleware.ALLOWED_NAMES:
        return answers[TRADE]
    return PASSWORD


PROJECT_APPS = [
    c.label
    for c in apps.get_app_configs()
    if str(c.path).startswith(str(settings.BASE_DIR)) and "site-packages" not in str(c.path)
]


def snapshot() -> dict[str, int]:
    """The number of rows of every model of the project, their history included: a refused request that
    created, changed (a history row) or deleted anything shows here."""
    return {
        model._meta.label: model._default_manager.count()
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    }


def _request(client, method, url, data):
    """The answer, and what changed, with the world rolled back afterwards."""
    with transaction.atomic():
        before = snapshot() if method == "post" else None
        response = getattr(client, method)(url, data or {})
        changed = None
        if before is not None:
            after = snapshot()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        transaction.set_rollback(True)
    return response, changed


def _check(client, world, name, case, label="") -> list[str]:
    wrong = []
    for args in case.more(world) if case.more else []:
        other = Case(args=lambda w, args=args: args, get=case.get, query=case.query, reset=case.reset)
        wrong += _check(client, world, name, other, label)
    url = case.url(name, world)
    for method, expected in (("get", case.get), ("post", case.post)):
        if expected is None:
            continue
        assert set(expected) == set(WRITTEN), f"{name} {method}: give an answer for every persona"
        for persona in (*WRITTEN, RESET):
            want = expected[persona] if persona != RESET else _expected_for_reset(case, expected, name)
            client.logout()
            if persona != ANON:
                client.force_login(world.people[persona])
            data = case.data(world) if method == "post" and case.data else None
            response, changed = _request(client, method, url, data)
            got = _answer(response)
            where = f"{method.upper()} {url}{f' ({label})' if label else ''} as {persona}"
            if got != want:
                wrong.append(f"{where}: expected {want!r}, got {got!r}")
            if changed and got in REFUSED:
                wrong.append(f"{where}: refused ({got!r}) but changed {changed}")
            if method == "post" and data and want in REFUSED:
                # Refused whatever is sent: an empty post too (not a redirect with "fill in the title").
                empty = _answer(_request(client, method, url, None)[0])
                if empty != want:
                    wrong.append(f"{where}, posted empty: expected {want!r}, got {empty!r}")
            if method == "get" and got == OK and response["Content-Type"].startswith("text/html"):
                wrong += _forms_offered(client, url, response, where)
    return wrong


NOT_CHECKED_FORMS = ("logout", "set_language")  # in every page's frame, and in the matrix themselves


def _forms_offered(client, url, response, where) -> list[str]:
    """A page offers only forms its reader may send: each one, posted as the page fills it, is not refused."""
    from django.urls import resolve

    wrong = []
    for form in post_forms(response.content.decode()):
        action = form["action"] or url
        if resolve(action.split("?")[0]).view_name in NOT_CHECKED_FORMS:
            continue
        got = _answer(_request(client, "post", action, form["data"])[0])
        if got in (FORBIDDEN, LOGIN, PASSWORD):
            wrong.append(f"{where}: the page offers a form to {action} that answers {got!r}")
    return wrong


# --- the tests --------------------------------------------------------------------------------------------


def test_every_url_is_in_the_matrix():
    keys = {p.key for p in all_patterns() if not p.route.startswith(ADMIN_PREFIX)}
    missing = sorted(keys - set(MATRIX))
    assert not missing, f"URL patterns without an entry in MATRIX (who may open them?): {missing}"
    stale = sorted(set(MATRIX) - keys)
    assert not stale, f"MATRIX entries for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_persona_as_the_matrix_says(client, world, name):
    wrong = []
    for label, case in cases(name):
        wrong += _check(client, world, name, case, label)
    assert not wrong, "\n".join(wrong)


def _admin_url(pattern, world) -> str:
    """A URL for an admin pattern, pointing at a real object of its model (and history) when it takes one."""
    from django.contrib.contenttypes.models import ContentType

    model = next(
        (
            m
            for m in admin.site._registry
            if pattern.route.startswith(f"admin/{m._meta.app_label}/{m._meta.model_name}/")
        ),
        None,
    )
    obj = model.objects.order_by("pk").first() if model else None
    history = getattr(obj, "history", None) if obj else None
    first_history = history.order_by("pk").first() if history is not None else None
    values = {
        "object_id": str(obj.pk) if obj else "1",
        "id": str(obj.pk) if obj else "1",
        "history_id": str(first_history.pk) if first_history else "1",
        "app_label": "plan",
        "content_type_id": str(ContentType.objects.get_for_model(world.plan).pk),
        "url": "no-such-page/",
    }
    # Positional groups (simple-history's views): the object, then its history record.
    values |= {"#1": values["object_id"], "#2": values["history_id"]}
    if pattern.params and pattern.params[0].startswith("#"):
        return reverse(pattern.name, args=[values[name] for name in pattern.params])
    kwargs = {name: values[name] for name in pattern.params}
    if pattern.name:
        return reverse(pattern.name, kwargs=kwargs)
    if "url" in kwargs:
        return "/admin/" + kwargs["url"]
    return "/" + pattern.route.replace("<path:object_id>", kwargs["object_id"])


def test_django_admin_is_for_administrators_only(client, world):
    from axes.models import AccessAttempt

    from accounts.services import notice_send

    notice_send(recipient=world.trade_staff, key="matrix", level="info", subject="s", body="b")
    client.post(reverse("login"), {"username": "trade1", "password": "wrong"})  # an axes record
    assert AccessAttempt.objects.exists()
    login = reverse("admin:login")
    wrong = []
    patterns = [p for p in all_patterns() if p.route.startswith(ADMIN_PREFIX)]
    for pattern in patterns:
        url = _admin_url(pattern, world)
        for persona in (ANON, *STAFF, LEADER, DEACTIVATED):
            client.logout()
            if persona != ANON:
                client.force_login(world.people[persona])
            response = client.get(url)
            if pattern.name in ("admin:login", "admin:logout"):
                ok = response.status_code in (200, 302, 405)
            else:
                ok = response.status_code == 302 and response["Location"].startswith(login)
            if not ok:
                wrong.append(f"{url} as {persona}: {response.status_code}")
        client.force_login(world.people[ADMIN])
        response = client.get(url)
        redirected_to_login = response.status_code == 302 and response["Location"].startswith(login)
        if response.status_code >= 500 or redirected_to_login and pattern.name != "admin:logout":
            wrong.append(f"{url} as admin: {response.status_code}")
    assert len(patterns) > 40
    assert not wrong, "\n".join(wrong)


def test_the_row_helpers_say_what_they_mean():
    row = department_edit(TRADE)
    assert (row[TRADE], row[ADMIN], row[LEADER], row["markets"], row[ANON]) == (
        OK,
        OK,
        FORBIDDEN,
        FORBIDDEN,
        LOGIN,
    )
    row = leaders_only()
    assert (row[LEADER], row[ADMIN], row[TRADE], row[DEACTIVATED]) == (OK, FORBIDDEN, FORBIDDEN, LOGIN)
    assert set(admins_only()) == set(everyone()) == set(public()) == set(WRITTEN)
