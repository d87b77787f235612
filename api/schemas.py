"""The shapes of the API's answers and requests, as its OpenAPI description publishes them (/api/v1/openapi.json).
They describe what the selectors' `as_api()` give; the operations in api.endpoints return those dicts."""

from datetime import date, datetime

from ninja import Schema


class Error(Schema):
    error: str


class PlanRef(Schema):
    year: int
    title: str


class TargetOut(Schema):
    code: str
    name: str
    unit: str
    target: float | None
    growth_target_pct: float | None
    actual: float | None
    completion_pct: float | None
    yoy_growth_pct: float | None
    seasonal_expected_pct: float | None
    projected: float | None
    status: str
    department: str
    gap_points: float | None
    threshold_points: float | None
    yoy_points: float | None
    sample: bool
    # The derived statistics (docs/rules.md, "Derived statistics"): a part's 拉动 and 贡献率 to its whole's
    # growth, and for a target not yet met the monthly average still needed and its change against last year.
    pull_points: float | None = None
    contribution_pct: float | None = None
    needed_monthly: float | None = None
    needed_vs_last_year_pct: float | None = None


class MeasureOut(Schema):
    code: str
    title: str
    department: str
    status: str
    progress_pct: int
    due: date
    overdue: bool


class CompletenessOut(Schema):
    department: str
    month: str
    state: str
    on_time: bool | None
    late: bool
    due: date


class ProgressOut(Schema):
    plan: PlanRef
    as_of: str
    as_of_reason: str
    measures_overdue_on: date
    deadlines_judged_on: date
    time_pct: float
    sample: bool
    targets: list[TargetOut]
    measures: list[MeasureOut]
    completeness: list[CompletenessOut]


class ScoreLineOut(Schema):
    kind: str
    points: float
    reason: str
    link: str


class DepartmentScoreOut(Schema):
    code: str
    name: str
    score: float
    rank: int
    lines: list[ScoreLineOut]


class ScoresOut(Schema):
    year: int
    as_of: str
    judged_on: date
    departments: list[DepartmentScoreOut]


class Subject(Schema):
    """What a 批示 is written on: at most one of these; {} for nothing in particular."""

    target: str | None = None
    measure: str | None = None
    report: str | None = None  # "DEPT/YYYY-MM"
    bulletin: str | None = None  # "YYYY-MM"


class InstructionIn(Schema):
    text: str
    on: Subject = Subject()
    lead: str
    co: list[str] = []
    urgency: str = "normal"
    due: date | None = None
    written_by: str | None = None  # the leader's username, when an admin or the 办公室 enters it


class StepIn(Schema):
    text: str = ""
    due: date | None = None
    version: int | None = None


class EventOut(Schema):
    kind: str
    by: str
    at: datetime
    text: str
    department: str | None
    old_due: date | None
    new_due: date | None
    files: list[str]


class InstructionOut(Schema):
    id: int
    number: str
    year: int
    text: str
    on: Subject
    lead: str
    co: list[str]
    urgency: str
    state: str
    assigned_on: date
    due: date
    asked_due: date | None
    overdue: bool
    sign_overdue: bool
    written_by: str
    entered_by: str | None
    version: int
    url: str
    events: list[EventOut]


class InstructionListOut(Schema):
    year: int
    judged_on: date
    instructions: list[InstructionOut]
