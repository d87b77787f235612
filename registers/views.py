"""The pages every register shares: list with filters, record, create, edit, export and the record's file.

Everyone logged in reads every register (leaders and other departments follow the work); only the register's
department (and admins) change it, and the server checks that on every POST.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import months, params, tables, uploads
from core.error_lines import report_errors
from core.versions import BOOKKEEPING, save_or_refuse
from plan.formatting import date_cell, number
from plan.models import Plan

from . import spec as specs
from .forms import form_for
from .services import ensure_can_change, needs_reason, record_save, register_department
from .tabular import ImportFailed, export_table, import_reason, import_rows

PAGE_SIZE = 50


def get_register(key: str) -> specs.Register:
    spec = specs.get(key)
    if spec is None:
        raise Http404("No such register")
    return spec


def get_record(spec: specs.Register, pk: int):
    """The record, or 404. Reading is open to every logged-in user; changes check `ensure_can_change`."""
    return get_object_or_404(spec.model.objects.select_related(*spec.select_related), pk=pk)


def display(record, name: str) -> str:
    value = getattr(record, name)
    model_field = record._meta.get_field(name)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return getattr(record, f"get_{name}_display")()
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):  # a date as every table writes it (a time: its local date)
        return date_cell(value)
    if isinstance(value, Decimal):  # an amount (万元, 万美元): as every screen writes it, 1,200.00
        return number(value)
    if isinstance(model_field, models.FileField):
        return value.name.rsplit("/", 1)[-1]
    return str(value)


class Filter:
    def __init__(self, name, label, selected, options):
        self.name = name
        self.label = label
        self.selected = selected
        self.options = options


def _counts_month(value: str) -> tuple[int, int] | None:
    """The (year, month) of ?counts=YYYY-MM, or None for anything else (a year out of the plans' range too)."""
    try:
        year, month = months.parse_year_month(value)
    except ValueError:
        return None
    return (year, month) if 1990 <= year <= 2100 else None


def _plan_month(request) -> tuple[int, int]:
    """The month the plan is judged at on this page: the plan year chosen (?year=, else the current plan's) and
    its ?month=, else this month when the plan year is this year, else the year's end, December."""
    year = Plan.objects.year_for_request(request)
    today = timezone.localdate()
    month = params.month_param(request.GET) or (today.month if year == today.year else 12)
    return year, month


def _counts_filter(request) -> tuple[Filter, tuple[int, int] | None]:
    """?counts=YYYY-MM: the records that count toward the plan's target as of that month's end (the link of
    the target's drill-down); the options are that month and the plan year and month chosen (_plan_month),
    never today's when the plan is another year's (a 2007 plan counts nothing in 2026)."""
    chosen = _counts_month(request.GET.get("counts", ""))
    options = []
    for year, month in dict.fromkeys(m for m in (chosen, _plan_month(request)) if m):
        period = f"{year}年{months.period_label(month)}"
        options.append((f"{year}-{month:02d}", _("Counted as of %(period)s") % {"period": period}))
    selected = f"{chosen[0]}-{chosen[1]:02d}" if chosen else ""
    return Filter("counts", _("Counts toward the target"), selected, options), chosen


def filtered(request, spec: specs.Register):
    """The register's records narrowed by the query string, and the filters to show."""
    queryset = spec.model.objects.select_related(*spec.select_related)
    filters = []
    for name in spec.filters:
        model_field = spec.model_field(name)
        selected = request.GET.get(name, "")
        if model_field.is_relation:
            options = [(str(obj.pk), str(obj)) for obj in model_field.related_model.objects.all()]
        else:
            options = [(str(code), label) for code, label in model_field.choices]
        if selected in {value for value, _label in options}:
            queryset = queryset.filter(**{model_field.attname if model_field.is_relation else name: selected})
        else:
            selected = ""
        filters.append(Filter(name, model_field.verbose_name, selected, options))
    for query_filter in spec.query_filters:
        selected = request.GET.get(query_filter.name, "")
        conditions = {value: condition for value, _label, condition in query_filter.options}
        if selected in conditions:
            queryset = queryset.filter(conditions[selected])
        else:
            selected = ""
        options = [(value, label) for value, label, _condition in query_filter.options]
        filters.append(Filter(query_filter.name, query_filter.label, selected, options))
    if spec.counts is not None:
        counts_filter, chosen = _counts_filter(request)
        filters.append(counts_filter)
        if chosen:
            queryset = queryset.filter(pk__in=spec.counts(*chosen).values("pk"))
    year = params.year_param(request.GET) if spec.year_field else None
    if year is not None:
        queryset = queryset.filter(**{f"{spec.year_field}__year": year})
    year = "" if year is None else str(year)
    q = params.search_param(request.GET)
    if q and spec.search_fields:
        condition = Q()
        for name in spec.search_fields:
            condition |= Q(**{f"{name}__icontains": q})
        queryset = queryset.filter(condition)
    return queryset.order_by("-pk"), filters, year, q


@login_required
def record_list(request, key):
    spec = get_register(key)
    department = register_department(spec)
    queryset, filters, year, q = filtered(request, spec)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    headers = [spec.model_field(name).verbose_name for name in spec.list_display]
    rows = [(record, [display(record, name) for name in spec.list_display]) for record in page]
    years = Plan.objects.years() if spec.year_field else []
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registers/list.html",
        {
            "spec": spec,
            "department": department,
            "can_change": request.user.can_edit_department(department),
            "filters": filters,
            "year": year,
            "years": years,
            "q": q,
            "page": page,
            "headers": headers,
            "rows": rows,
            "query": query.urlencode(),
        },
    )


def _history(record):
    """The record's changes, newest first: who, when, why, and each field's old and new value."""
    versions = list(record.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for newer, older in zip(versions, [*versions[1:], None], strict=True):
        changes = []
        if older is not None:
            for change in newer.diff_against(older, excluded_fields=BOOKKEEPING).changes:
                model_field = record._meta.get_field(change.field)
                labels = dict(model_field.choices or [])
                old, new = labels.get(change.old, change.old), labels.get(change.new, change.new)
                changes.append((model_field.verbose_name, old, new))
        entries.append({"version": newer, "changes": changes})
    return entries


@login_required
def record_detail(request, key, pk):
    spec = get_register(key)
    record = get_record(spec, pk)
    department = register_department(spec)
    names = [name for name in spec.fields_in_form if name != spec.file_field]
    fields = [(spec.model_field(name).verbose_name, display(record, name)) for name in names]
    return render(
        request,
        "registers/detail.html",
        {
            "spec": spec,
            "record": record,
            "department": department,
            "fields": fields,
            "can_change": request.user.can_edit_department(department),
            "may_see_file": request.user.may_see_files([department.pk]),
            "history": _history(record),
        },
    )


def _edit(request, spec, record):
    ensure_can_change(user=request.user, spec=spec)
    Form = form_for(spec)
    creating = record.pk is None
    reason_required = needs_reason(spec, record)
    # The version the page was loaded at goes back with the save (core.versions).
    version = record.version
    if request.method == "POST":
        form = Form(request.POST, request.FILES, instance=record, reason_required=reason_required)
        version = params.version_param(request.POST)
        if form.is_valid():
            saved, version = save_or_refuse(
                form,
                lambda version: record_save(
                    user=request.user,
                    spec=spec,
                    record=form.save(commit=False),
                    reason=form.cleaned_data.get("reason", ""),
                    expected_version=version,
                ),
                version=version,
                stored_version=lambda: spec.model.objects.get(pk=record.pk).version,
            )
            if saved:
                messages.success(request, _("Saved: %(record)s") % {"record": record})
                return redirect("registers:detail", spec.key, record.pk)
    else:
        form = Form(instance=record, reason_required=reason_required)
    return render(
        request,
        "registers/form.html",
        {"spec": spec, "form": form, "record": record, "creating": creating, "version": version},
    )


def create_from_post(request, create, *, names, model, done: str, back: str):
    """(The small form on a record's page: a store's follow-up inspection, an event's preparation task) Call
    `create(user=, **the posted values of names)`; its refusal is said field by field (core.error_lines), its
    success with `done`; then back to the page at `back`."""
    try:
        create(user=request.user, **{name: request.POST.get(name, "") for name in names})
    except ValidationError as error:
        report_errors(request, error, model)
    else:
        messages.success(request, done)
    return redirect(back)


@login_required
def record_create(request, key):
    spec = get_register(key)
    return _edit(request, spec, spec.model())


@login_required
def record_edit(request, key, pk):
    spec = get_register(key)
    return _edit(request, spec, get_record(spec, pk))


@login_required
def record_export(request, key):
    spec = get_register(key)
    queryset, _filters, _year, _q = filtered(request, spec)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    content = tables.write_table(export_table(spec, queryset.order_by("pk")), fmt)
    response = HttpResponse(content, content_type=tables.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{spec.key}.{fmt}"'
    return response


@login_required
def record_import(request, key):
    """Upload a .csv/.xlsx file in the format of `importregister`: checked first, then all rows or none."""
    spec = get_register(key)
    ensure_can_change(user=request.user, spec=spec)
    context = {"spec": spec, "errors": [], "result": None}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if not upload:
                raise ValidationError(_("Choose a .csv or .xlsx file."))
            uploads.check_upload(upload, uploads.TABLE_KINDS)
            table = tables.read_upload(upload, max_rows=settings.REGISTER_MAX_ROWS)
            context["result"] = import_rows(
                spec,
                table,
                user=request.user,
                dry_run=request.POST.get("dry_run") == "1",
                reason=import_reason(upload.name, request.user),
            )
        except ValidationError as error:
            context["errors"] = error.messages
        except tables.TableError as error:
            context["errors"] = [str(error)]
        except ImportFailed as failure:
            context["errors"] = failure.errors
            context["dry_run"] = request.POST.get("dry_run") == "1"
    status = 400 if context["errors"] else 200
    return render(request, "registers/import.html", context, status=status)


@login_required
def record_file(request, key, pk):
    spec = get_register(key)
    if not spec.file_field:
        raise Http404("This register keeps no files")
    record = get_record(spec, pk)
    if not request.user.may_see_files([register_department(spec).pk]):
        raise PermissionDenied(_("This file is for its department and the bureau's leaders."))
    field_file = getattr(record, spec.file_field)
    if not field_file:
        raise Http404("No file")
    return uploads.serve(field_file)
