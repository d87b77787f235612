"""The registers outreach keeps, described once each for the generic register pages and files."""

from django.utils.translation import gettext_lazy as _

from registers.spec import Column, Register, event_register

from .models import REALISED_STAGES, FundApplication, OutreachEvent, OverseasProject

# The stage words of docs/interface.md, with and without the slash.
STAGE_WORDS = (
    ("意向", "intent"),
    ("洽谈", "negotiating"),
    ("签约", "signed"),
    ("核准备案", "approved"),
    ("核准/备案", "approved"),
    ("实施", "implementing"),
    ("投产", "operating"),
)

OVERSEAS_PROJECTS = Register(
    key="overseas-projects",
    model=OverseasProject,
    department="outreach",
    title=_("Overseas projects"),
    columns=(
        Column("name", "项目名称"),
        Column("enterprise", "企业"),
        Column("country", "国家"),
        Column("sector", "行业"),
        Column("investment", "投资额(万美元)"),
        Column("stage", "阶段", aliases=STAGE_WORDS),
        Column("signed_on", "签约日期"),
        Column("approved_on", "核准日期"),
        Column("started_on", "实施日期"),
        Column("operating_on", "投产日期"),
    ),
    form_fields=(
        "name",
        "enterprise",
        "country",
        "sector",
        "investment",
        "stage",
        "signed_on",
        "approved_on",
        "started_on",
        "operating_on",
        "measure",
        "notes",
    ),
    list_display=("name", "enterprise", "country", "investment", "stage", "approved_on"),
    filters=("stage",),
    year_field="approved_on",
    counted=lambda projects: projects.filter(stage__in=REALISED_STAGES),
    search_fields=("name", "enterprise", "country", "sector"),
    match=("name", "enterprise"),
    select_related=("measure",),
    detail_extra="outreach/_project_stages.html",
    measure_code="3.4.3",
    target="overseas_projects",
    counts=lambda year, month: OverseasProject.objects.realised(year, month),
)

OUTREACH_EVENTS = event_register(
    key="outreach-events",
    model=OutreachEvent,
    department="outreach",
    title=_("Outreach events"),
    where=(Column("country", "国家"), Column("city", "城市")),
    attendance=Column("enterprises", "参加企业数"),
    list_display=("name", "country", "city", "starts_on", "status", "deals"),
    search_fields=("name", "country", "city"),
    detail_extra="outreach/_event_tasks.html",
    measure_code="3.4.2",
)

FUND_APPLICATIONS = Register(
    key="fund-applications",
    model=FundApplication,
    department="outreach",
    title=_("State-fund applications"),
    columns=(
        Column("name", "企业"),
        Column("fund", "资金"),
        Column("year", "年度"),
        Column("project", "项目"),
        Column("amount_applied", "申请金额(万元)"),
        Column("amount_granted", "获批金额(万元)"),
        Column("status", "状态"),
        Column("submitted_on", "申报日期"),
    ),
    list_display=("name", "fund", "year", "amount_applied", "amount_granted", "status"),
    filters=("fund", "status"),
    search_fields=("name", "project"),
    match=("name", "fund", "year"),
    measure_code="3.4.4",
)

REGISTERS = (OVERSEAS_PROJECTS, OUTREACH_EVENTS, FUND_APPLICATIONS)
