from registers.spec import Column, Register

from .models import Delegation

DELEGATIONS = Register(
    key="delegations",
    model=Delegation,
    department="outreach",
    title="来访团组",
    columns=(
        Column("name", "团组名称"),
        Column("country", "国家"),
        Column("visited_on", "来访日期"),
    ),
    list_display=("name", "country", "visited_on"),
    year_field="visited_on",
    search_fields=("name", "country"),
    measure_code="3.4.3",
)

REGISTERS = [DELEGATIONS]
