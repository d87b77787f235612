"""A register described once: which model, which department keeps it, its columns, filters and file format.

A domain app lists its registers in its plug-in (plan.registry.Plugin.registers); the generic views, the
admin, the `importregister`/`exportregister` commands and the export downloads look them up here by key (the
KIND of docs/interface.md, e.g. `village-stores`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse

from plan import registry


@dataclass(frozen=True)
class Column:
    """One column of a register's file: the model field, its Chinese header, and how a cell becomes a value.

    `lookup` turns a cell into a related object (e.g. a county by name) for a ForeignKey; choices accept the
    code or the label; dates are YYYY-MM-DD; numbers accept full-width digits and thousands separators.
    """

    field: str
    header: str
    lookup: Callable[[str], models.Model | None] | None = None
    # Words of the file format that stand for a choice code, e.g. {"新建": "new"} (docs/interface.md).
    aliases: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class QueryFilter:
    """A list filter that is not a field: a label and options, each a (value, label, Q condition)."""

    name: str
    label: str
    options: tuple[tuple[str, str, models.Q], ...]


@dataclass(frozen=True)
class Register:
    key: str
    model: type[models.Model]
    department: str
    title: str
    columns: tuple[Column, ...]
    # Fields shown in the list, in order (the first links to the record).
    list_display: tuple[str, ...]
    # Fields the list can be filtered by: choice fields and foreign keys.
    filters: tuple[str, ...] = ()
    # Filters on derived states (e.g. accepted or awaiting acceptance).
    query_filters: tuple[QueryFilter, ...] = ()
    # The date field whose year the list's year filter and the "year" of a record follow.
    year_field: str | None = None
    search_fields: tuple[str, ...] = ("name",)
    # Fields that identify a record in an import: a row matching an existing record updates it.
    match: tuple[str, ...] = ("name",)
    form_fields: tuple[str, ...] | None = None
    form_class: type | None = None
    # A template included at the bottom of the record page (inspections, tasks, ...), or None.
    detail_extra: str | None = None
    # Extra links on the list page: [(label, url name)].
    links: tuple[tuple[str, str], ...] = ()
    file_field: str | None = None
    # The measure of the plan the register serves, for a link back.
    measure_code: str | None = None
    select_related: tuple[str, ...] = field(default_factory=tuple)
    # The plan target the register's records count toward (e.g. "village_stores"), and `counts(year, month)`:
    # the records that count as of that month's end, by the target's own rule. The list filters on it with
    # ?counts=YYYY-MM, and the target's drill-down links there.
    target: str | None = None
    counts: Callable | None = None
    # The records the plan counts (a store accepted, a project at 核准/备案): narrows a queryset of the model
    # to them. Changing a record that is counted needs a reason (registers.services.needs_reason).
    counted: Callable[[models.QuerySet], models.QuerySet] | None = None

    @property
    def fields_in_form(self) -> tuple[str, ...]:
        if self.form_fields:
            return self.form_fields
        names = tuple(column.field for column in self.columns)
        return names if "notes" in names else (*names, "notes")

    def model_field(self, name: str) -> models.Field:
        return self.model._meta.get_field(name)

    def counted_link(self, year: int, month: int) -> str:
        """The list of the records that count toward its target as of the end of (year, month): the ready link
        a target's page shows, so that `plan` names no register URL."""
        return f"{reverse('registers:list', args=[self.key])}?counts={year}-{month:02d}"


def event_register(
    *, where: tuple[Column, ...], attendance: Column, extra_form_fields: tuple[str, ...] = (), **spec
) -> Register:
    """The spec of an event register (registers.models.EventRecord: trade events, outreach events): the columns,
    form, filter and year every event shares, with the columns of where it is held and of who attended (placed
    where events keep them); `extra_form_fields` are asked on the form before the attendance."""
    held = tuple(column.field for column in where)
    columns = (
        Column("name", "活动名称"),
        *where,
        Column("starts_on", "开始日期"),
        Column("ends_on", "结束日期"),
        Column("status", "状态"),
        attendance,
        Column("deals", "签约金额(万美元)"),
        Column("outcome", "成果"),
    )
    form_fields = (
        "name",
        *held,
        "starts_on",
        "ends_on",
        "status",
        *extra_form_fields,
        attendance.field,
        "deals",
        "outcome",
        "measure",
        "notes",
    )
    return Register(
        columns=columns,
        form_fields=form_fields,
        filters=("status",),
        year_field="starts_on",
        select_related=("measure",),
        **spec,
    )


def all_registers() -> list[Register]:
    return registry.registers()


def get(key: str) -> Register | None:
    return next((spec for spec in all_registers() if spec.key == key), None)


def nav_entries(specs, *, section: str) -> list[registry.NavEntry]:
    """The menu entries of registers: each register's list, under `section` in the registers' menu, linked
    from the page of the measure it serves."""
    return [
        registry.NavEntry(
            spec.title,
            "registers:list",
            (spec.key,),
            section=section,
            department=spec.department,
            measure_code=spec.measure_code or "",
        )
        for spec in specs
    ]
