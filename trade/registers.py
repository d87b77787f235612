"""The registers trade keeps, described once each for the generic register pages and files."""

from django.utils.translation import gettext_lazy as _

from registers.spec import Column, Register, event_register

from .models import FrictionCase, TradeEvent

TRADE_EVENTS = event_register(
    key="trade-events",
    model=TradeEvent,
    department="trade",
    title=_("Trade events"),
    where=(Column("place", "地点"),),
    attendance=Column("enterprise_count", "参加企业数"),
    extra_form_fields=("enterprises",),
    list_display=("name", "place", "starts_on", "status", "enterprise_count", "deals"),
    search_fields=("name", "place", "enterprises"),
    measure_code="3.1.5",
)

FRICTION_CASES = Register(
    key="friction-cases",
    model=FrictionCase,
    department="trade",
    title=_("Trade-friction cases"),
    columns=(
        Column("name", "案件名称"),
        Column("enterprise", "涉案企业"),
        Column("country", "国家或地区"),
        Column("product", "产品"),
        Column("kind", "类型"),
        Column("amount", "涉案金额(万美元)"),
        Column("opened_on", "立案日期"),
        Column("status", "状态"),
        Column("outcome", "应对及结果"),
    ),
    list_display=("name", "enterprise", "country", "kind", "opened_on", "status"),
    filters=("kind", "status"),
    year_field="opened_on",
    search_fields=("name", "enterprise", "product", "country"),
    match=("name", "country"),
    measure_code="3.1.2",
)

REGISTERS = (TRADE_EVENTS, FRICTION_CASES)
