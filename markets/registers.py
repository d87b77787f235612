"""The registers markets keeps: village stores (department markets) and the market-regulation registers
(department regulation), described once each for the generic register pages and files."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registers.spec import Column, QueryFilter, Register

from .models import (
    County,
    FuelOutlet,
    LiquorFiling,
    MonitoringReport,
    PawnAuctionFirm,
    SlaughterCase,
    Slaughterhouse,
    UsedCarMarket,
    VillageStore,
)


def county_named(text: str) -> County | None:
    return County.objects.filter(name=text).first()


def county(header="旗县区"):
    return Column("county", header, lookup=county_named)


def regulation_register(*, columns: tuple[Column, ...], filters: tuple[str, ...] = (), **spec) -> Register:
    """A register of the market-regulation department: its columns end with the record's status and notes, its
    list is filtered by status as well, and the county is read with the records when it has one."""
    has_county = any(column.field == "county" for column in columns)
    return Register(
        department="regulation",
        columns=(*columns, Column("status", "状态"), Column("notes", "备注")),
        filters=(*filters, "status"),
        select_related=("county",) if has_county else (),
        **spec,
    )


VILLAGE_STORES = Register(
    key="village-stores",
    model=VillageStore,
    department="markets",
    title=_("Village stores"),
    columns=(
        Column("name", "店名"),
        county(),
        Column("township", "乡镇"),
        Column("village", "村"),
        Column("operator", "经营企业"),
        Column("kind", "类型", aliases=(("新建", "new"), ("改造", "renovated"))),
        Column(
            "category", "业态", aliases=(("综合", "general"), ("农资", "farm_supply"), ("专营", "single"))
        ),
        Column("built_on", "建成日期"),
        Column("accepted_on", "验收日期"),
        Column("subsidy", "补助资金(万元)"),
    ),
    form_fields=(
        "name",
        "county",
        "township",
        "village",
        "operator",
        "kind",
        "category",
        "built_on",
        "accepted_on",
        "subsidy",
        "notes",
    ),
    list_display=("name", "county", "township", "village", "category", "built_on", "accepted_on"),
    filters=("county", "category", "kind"),
    query_filters=(
        QueryFilter(
            "state",
            _("Acceptance"),
            (
                ("accepted", _("Accepted"), Q(accepted_on__isnull=False)),
                (
                    "awaiting",
                    _("Built, awaiting acceptance"),
                    Q(accepted_on__isnull=True, built_on__isnull=False),
                ),
                ("planned", _("Not built yet"), Q(built_on__isnull=True)),
            ),
        ),
    ),
    year_field="built_on",
    counted=lambda stores: stores.counting_any_year().filter(accepted_on__isnull=False),
    search_fields=("name", "operator", "township", "village"),
    match=("name", "county"),
    select_related=("county",),
    detail_extra="markets/_store_inspections.html",
    links=((_("By county"), "markets:village_stores"),),
    measure_code="3.2.1",
    target="village_stores",
    counts=lambda year, month: VillageStore.objects.counting(year, month),
)

LIQUOR_FILINGS = regulation_register(
    key="liquor-filings",
    model=LiquorFiling,
    title=_("Liquor distribution filings"),
    columns=(
        Column("name", "企业名称"),
        Column("filing_no", "备案登记号"),
        Column("kind", "经营类型"),
        county(),
        Column("address", "地址"),
        Column("filed_on", "备案日期"),
    ),
    list_display=("name", "filing_no", "kind", "county", "filed_on", "status"),
    filters=("kind", "county"),
    year_field="filed_on",
    search_fields=("name", "filing_no", "address"),
    measure_code="3.3.3",
)

SLAUGHTERHOUSES = regulation_register(
    key="slaughterhouses",
    model=Slaughterhouse,
    title=_("Designated slaughterhouses"),
    columns=(
        Column("name", "屠宰厂名称"),
        Column("licence_no", "定点证号"),
        county(),
        Column("livestock", "屠宰畜种"),
        Column("designated_on", "定点日期"),
        Column("daily_capacity", "日屠宰能力(头)"),
    ),
    list_display=("name", "licence_no", "county", "livestock", "daily_capacity", "status"),
    filters=("county",),
    search_fields=("name", "licence_no"),
    match=("name", "county"),
    measure_code="3.3.4",
)

SLAUGHTER_CASES = regulation_register(
    key="slaughter-cases",
    model=SlaughterCase,
    title=_("Illegal slaughter cases"),
    columns=(
        Column("name", "案件名称"),
        county(),
        Column("found_on", "查处日期"),
        Column("place", "地点"),
        Column("meat_seized_kg", "查没肉品(公斤)"),
        Column("penalty", "罚款(万元)"),
    ),
    list_display=("name", "county", "found_on", "meat_seized_kg", "penalty", "status"),
    filters=("county",),
    year_field="found_on",
    search_fields=("name", "place"),
    match=("name", "county"),
    measure_code="3.3.4",
)

USED_CAR_MARKETS = regulation_register(
    key="used-car-markets",
    model=UsedCarMarket,
    title=_("Used-car market filings"),
    columns=(
        Column("name", "市场名称"),
        Column("operator", "经营企业"),
        county(),
        Column("address", "地址"),
        Column("filed_on", "备案日期"),
    ),
    list_display=("name", "operator", "county", "filed_on", "status"),
    filters=("county",),
    year_field="filed_on",
    search_fields=("name", "operator", "address"),
    measure_code="3.3.5",
)

PAWN_AUCTION_FIRMS = regulation_register(
    key="pawn-auction-firms",
    model=PawnAuctionFirm,
    title=_("Pawn and auction firms"),
    columns=(
        Column("name", "企业名称"),
        Column("kind", "类型"),
        Column("licence_no", "许可证号"),
        Column("registered_capital", "注册资本(万元)"),
        Column("approved_on", "批准日期"),
    ),
    list_display=("name", "kind", "licence_no", "registered_capital", "approved_on", "status"),
    filters=("kind",),
    year_field="approved_on",
    search_fields=("name", "licence_no"),
    measure_code="3.3.6",
)

FUEL_OUTLETS = regulation_register(
    key="fuel-outlets",
    model=FuelOutlet,
    title=_("Fuel outlets"),
    columns=(
        Column("name", "网点名称"),
        Column("operator", "经营企业"),
        Column("kind", "类型"),
        county(),
        Column("address", "地址"),
        Column("approved_on", "批准日期"),
    ),
    list_display=("name", "operator", "kind", "county", "approved_on", "status"),
    filters=("kind", "county"),
    year_field="approved_on",
    search_fields=("name", "operator", "address"),
    match=("name", "county"),
    measure_code="3.3.7",
)

MONITORING_REPORTS = Register(
    key="monitoring-reports",
    model=MonitoringReport,
    department="regulation",
    title=_("Market-monitoring reports"),
    # The file itself is uploaded on the form; the table lists the reports.
    columns=(
        Column("name", "报告标题"),
        Column("period", "期间"),
        Column("published_on", "发布日期"),
        Column("notes", "备注"),
    ),
    form_fields=("name", "period", "published_on", "file", "notes"),
    list_display=("name", "period", "published_on"),
    year_field="published_on",
    search_fields=("name", "period"),
    file_field="file",
    measure_code="3.3.8",
)

REGISTERS = (
    VILLAGE_STORES,
    LIQUOR_FILINGS,
    SLAUGHTERHOUSES,
    SLAUGHTER_CASES,
    USED_CAR_MARKETS,
    PAWN_AUCTION_FIRMS,
    FUEL_OUTLETS,
    MONITORING_REPORTS,
)
