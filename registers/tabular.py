"""Register files (.csv or .xlsx): reading them into records, all rows or none, and writing them back.

Headers may be the English field names or the Chinese headers of interface.md, in any order; a unit in
brackets ("投资额(万美元)") may be left off. A row whose match fields (e.g. name and county) equal an existing
record updates it; any other row creates one.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from core.tables import Sheet, Table
from core.validators import validate_texts

from .spec import Column, Register

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    records: list = field(default_factory=list)


def normalize_header(text) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    return re.sub(r"\s+|\(.*?\)", "", text)


def _header_map(spec: Register, headers) -> tuple[dict[str, Column], list[str]]:
    known = {}
    for column in spec.columns:
        known[normalize_header(column.field)] = column
        known[normalize_header(column.header)] = column
    mapping, unknown = {}, []
    for header in headers:
        column = known.get(normalize_header(header))
        if column is None:
            unknown.append(header)
        else:
            mapping[header] = column
    return mapping, unknown


def _choice_values(model_field) -> dict[str, str]:
    values = {}
    for code, label in model_field.choices:
        values[str(code).lower()] = code
        for language in ("en", "zh-hans"):
            with translation.override(language):
                values[str(label).lower()] = code
    return values


def parse_cell(spec: Register, column: Column, raw):
    """The value of one cell for `column`; raises ValueError with the problem in words."""
    model_field = spec.model_field(column.field)
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date) and isinstance(model_field, models.DateField):
        return raw
    text = unicodedata.normalize("NFKC", str(raw if raw is not None else "")).strip()
    if text == "":
        if isinstance(model_field, models.CharField | models.TextField):
            return ""
        if model_field.null or isinstance(model_field, models.BooleanField):
            return None
        raise ValueError(_("is required"))
    if column.lookup is not None:
        obj = column.lookup(text)
        if obj is None:
            raise ValueError(_('"%(value)s" is not known') % {"value": text})
        return obj
    if model_field.choices:
        values = _choice_values(model_field) | {word.lower(): code for word, code in column.aliases}
        code = values.get(text.lower())
        if code is None:
            allowed = ", ".join(str(code) for code, _label in model_field.choices)
            raise ValueError(_('"%(value)s" is not one of %(allowed)s') % {"value": text, "allowed": allowed})
        return code
    if isinstance(model_field, models.DateField):
        try:
            if not DATE_RE.match(text):
                raise ValueError
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(_('"%(value)s" is not a date (YYYY-MM-DD)') % {"value": text}) from None
    if isinstance(model_field, models.DecimalField | models.IntegerField):
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValueError(_('"%(value)s" is not a number') % {"value": text}) from None
        if isinstance(model_field, models.IntegerField):
            if value != value.to_integral_value():
                raise ValueError(_('"%(value)s" is not a whole number') % {"value": text})
            return int(value)
        return value
    return text


def label(spec: Register, name: str) -> str:
    """How a problem names a column: its Chinese header on Chinese screens, the field name otherwise."""
    if (translation.get_language() or "").startswith("zh"):
        for column in spec.columns:
            if column.field == name:
                return column.header
        return str(spec.model_field(name).verbose_name)
    return name


def _row(number: int, field: str, problem) -> str:
    if field:
        return _("row %(row)s: %(field)s: %(problem)s") % {"row": number, "field": field, "problem": problem}
    return _("row %(row)s: %(problem)s") % {"row": number, "problem": problem}


def _key(spec: Register, values: dict) -> tuple:
    return tuple(getattr(values[name], "pk", values[name]) for name in spec.match)


def import_rows(spec: Register, table: Table, *, user=None, dry_run=False, reason="") -> ImportResult:
    """Create or update the records of `table` (core.tables.read_table): all rows or none (ImportFailed)."""
    errors = []
    if not table.rows:
        raise ImportFailed([_("the file has no rows")])
    mapping, unknown = _header_map(spec, [header for header in table.header if header])
    if unknown:
        errors.append(_("unknown columns: %(columns)s") % {"columns": ", ".join(unknown)})
    missing = [name for name in spec.match if name not in {column.field for column in mapping.values()}]
    if missing:
        errors.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
    if errors:
        raise ImportFailed(errors)

    result = ImportResult()
    existing = {}
    for record in spec.model.objects.all():
        existing[tuple(getattr(record, spec.model_field(n).attname) for n in spec.match)] = record
    seen: dict[tuple, int] = {}
    pending = []
    for number, cells in table.rows:
        row = dict(zip(table.header, cells, strict=False))
        values, row_errors = {}, []
        for header, column in mapping.items():
            try:
                values[column.field] = parse_cell(spec, column, row.get(header))
            except ValueError as error:
                row_errors.append(_row(number, label(spec, column.field), error))
        if row_errors:
            errors += row_errors
            continue
        key = _key(spec, values)
        if key in seen:
            errors.append(_row(number, "", _("the same record as row %(row)s") % {"row": seen[key]}))
            continue
        seen[key] = number
        record = existing.get(key)
        before = None if record is None else {name: getattr(record, name) for name in values}
        if record is None:
            record = spec.model(created_by=user if user and user.is_authenticated else None)
        for name, value in values.items():
            setattr(record, name, value)
        try:
            validate_texts(record)
            record.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                field = "" if name == "__all__" else label(spec, name)
                errors += [_row(number, field, message) for message in messages]
            continue
        after = {name: getattr(record, name) for name in values}
        pending.append((record, before, after))
    if errors:
        raise ImportFailed(errors)

    with transaction.atomic():
        for record, before, after in pending:
            if before is None:
                result.created += 1
            elif before == after:
                result.unchanged += 1
                continue
            else:
                result.updated += 1
            if dry_run:
                continue
            record._history_user = user
            record.save()
            if reason:
                update_change_reason(record, reason)
            result.records.append(record)
    return result


def cell_value(record, name: str):
    """A record's value as its file holds it: numbers and dates stay numbers and dates (core.tables writes
    them as such, and neutralises text that a spreadsheet would run as a formula)."""
    value = getattr(record, name)
    if value is None or isinstance(value, int | Decimal | datetime.date) and not isinstance(value, bool):
        return value
    return str(value)  # a related object by its name, a choice by its code


def export_table(spec: Register, queryset, *, chinese_headers: bool = True) -> Sheet:
    headers = [column.header if chinese_headers else column.field for column in spec.columns]
    rows = [headers]
    for record in queryset:
        rows.append([cell_value(record, column.field) for column in spec.columns])
    return Sheet(rows=rows, title=spec.key)
