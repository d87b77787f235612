"""Register files (.csv or .xlsx): reading them into records, all rows or none, and writing them back.

Headers may be the English field names or the Chinese headers of docs/interface.md, in any order; a unit in
brackets ("投资额(万美元)") may be left off. A row whose match fields (e.g. name and county) equal an existing
record updates it; any other row creates one.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import bulk
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


class Cells:
    """Reads the cells of one register's file: what every row needs (choice words, related objects by name) is
    worked out once per import, not once per cell."""

    def __init__(self, spec: Register):
        self.spec = spec
        self._choices: dict[str, dict[str, str]] = {}
        self._found: dict[tuple[str, str], models.Model | None] = {}

    def choices(self, column: Column) -> dict[str, str]:
        if column.field not in self._choices:
            self._choices[column.field] = _choice_values(self.spec.model_field(column.field)) | {
                word.lower(): code for word, code in column.aliases
            }
        return self._choices[column.field]

    def lookup(self, column: Column, text: str):
        key = (column.field, text)
        if key not in self._found:
            self._found[key] = column.lookup(text)
        return self._found[key]

    def parse(self, column: Column, raw):
        return parse_cell(self.spec, column, raw, cells=self)


def parse_cell(spec: Register, column: Column, raw, *, cells: Cells | None = None):
    """The value of one cell for `column`; raises ValueError with the problem in words."""
    cells = cells or Cells(spec)
    model_field = spec.model_field(column.field)
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date) and isinstance(model_field, models.DateField):
        return raw
    typed = str(raw if raw is not None else "").strip()
    # Full-width letters, digits and punctuation read as their plain forms for finding a value (a county, a
    # choice, a date, a number); text is stored as typed.
    text = unicodedata.normalize("NFKC", typed).strip()
    if text == "":
        if isinstance(model_field, models.CharField | models.TextField):
            return typed
        if model_field.null or isinstance(model_field, models.BooleanField):
            return None
        raise ValueError(_("is required"))
    if column.lookup is not None:
        obj = cells.lookup(column, text)
        if obj is None:
            raise ValueError(_('"%(value)s" is not known') % {"value": text})
        return obj
    if model_field.choices:
        code = cells.choices(column).get(text.lower())
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
        if not value.is_finite():
            raise ValueError(_('"%(value)s" is not a number') % {"value": text})
        if isinstance(model_field, models.IntegerField):
            if value != value.to_integral_value():
                raise ValueError(_('"%(value)s" is not a whole number') % {"value": text})
            return int(value)
        return value
    return typed


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


def match_text(value):
    """How a row finds its record: text compared with full-width forms as plain ones ("示例：A" is "示例:A")
    and surrounding spaces ignored; only for matching, never stored."""
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


def _key(spec: Register, values: dict) -> tuple:
    return tuple(match_text(getattr(values[name], "pk", values[name])) for name in spec.match)


def _problems(spec: Register, number: int, error: ValidationError) -> list[str]:
    lines = []
    for name, messages in error.message_dict.items():
        field = "" if name == "__all__" else label(spec, name)
        lines += [_row(number, field, message) for message in messages]
    return lines


def import_rows(spec: Register, table: Table, *, user=None, dry_run=False, reason="") -> ImportResult:
    """Create or update the records of `table` (core.tables.read_table): all rows or none (ImportFailed).

    Every row is checked first, as the record's form checks it (the field validators, the control characters
    of core.validators, the model's rules); then the new records are inserted and the changed ones updated in
    bulk, each with its history row, in one transaction. The records the file matches are locked for that
    transaction, and each change bumps the record's version, so a record page opened before the import is
    refused on save (core.versions). A dry run does all of it and rolls back."""
    mapping = _columns(spec, table)
    changes = _Changes()
    try:
        with transaction.atomic():
            _check_rows(spec, table, mapping, changes, user=user)
            if changes.errors:
                raise ImportFailed(changes.errors)
            _write(
                spec,
                changes.created,
                changes.updated,
                fields=sorted(changes.fields),
                user=user,
                reason=reason,
            )
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:
        # A database constraint refused a row: find which, one row at a time, to name it.
        raise ImportFailed(
            _constraint_problems(spec, changes.created + changes.updated, changes.numbers)
        ) from None
    return ImportResult(
        created=len(changes.created),
        updated=len(changes.updated),
        unchanged=changes.unchanged,
        records=[] if dry_run else changes.created + changes.updated,
    )


def _columns(spec: Register, table: Table) -> dict[str, Column]:
    """The file's headers mapped to the register's columns; ImportFailed when the file has no rows, a header
    is not the register's or a column the rows are matched on is missing."""
    if not table.rows:
        raise ImportFailed([_("the file has no rows")])
    errors = []
    mapping, unknown = _header_map(spec, [header for header in table.header if header])
    if unknown:
        errors.append(_("unknown columns: %(columns)s") % {"columns": ", ".join(unknown)})
    missing = [name for name in spec.match if name not in {column.field for column in mapping.values()}]
    if missing:
        errors.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
    if errors:
        raise ImportFailed(errors)
    return mapping


@dataclass
class _Changes:
    """What the rows of a file do to the register, checked, before anything is written."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0
    fields: set = field(default_factory=set)  # the fields any update changes: the only ones written
    numbers: dict = field(default_factory=dict)  # id(record) -> its row, to name a row the database refuses
    errors: list = field(default_factory=list)

    def add(self, record, before: dict | None, values: dict, number: int) -> None:
        """A checked record: new (`before` is None), unchanged, or changed (its version bumped)."""
        self.numbers[id(record)] = number
        if before is None:
            self.created.append(record)
            return
        after = _snapshot(record, values)
        if after == before:
            self.unchanged += 1
            return
        self.fields.update(name for name in values if after[name] != before[name])
        record.version += 1
        self.updated.append(record)


def _check_rows(spec: Register, table: Table, mapping: dict[str, Column], changes: _Changes, *, user) -> None:
    """Read and check every row into `changes`, against the register's records locked for the transaction."""
    cells = Cells(spec)
    # Related objects were found by their name (Column.lookup), so checking that they exist again, one query
    # a row, would say nothing new; the constraints are the database's, checked by the writes.
    found_by_name = [column.field for column in mapping.values() if column.lookup is not None]
    existing = _locked_by_key(spec)
    seen: dict[tuple, int] = {}
    for number, row_cells in table.rows:
        values, problems = _parse_row(
            spec, cells, mapping, dict(zip(table.header, row_cells, strict=False)), number
        )
        if problems:
            changes.errors += problems
            continue
        key = _key(spec, values)
        if key in seen:
            changes.errors.append(_row(number, "", _("the same record as row %(row)s") % {"row": seen[key]}))
            continue
        seen[key] = number
        _check_record(
            spec, existing.get(key), values, number, changes, user=user, found_by_name=found_by_name
        )


def _locked_by_key(spec: Register) -> dict[tuple, object]:
    """The register's records by their match fields (as `_key` makes them of a row), locked until the import
    commits."""
    existing = {}
    for record in spec.model.objects.select_for_update():
        key = tuple(match_text(getattr(record, spec.model_field(n).attname)) for n in spec.match)
        existing[key] = record
    return existing


def _parse_row(
    spec: Register, cells: Cells, mapping: dict[str, Column], row: dict, number: int
) -> tuple[dict, list[str]]:
    """The row's values by field, and the problems of the cells that could not be read."""
    values, errors = {}, []
    for header, column in mapping.items():
        try:
            values[column.field] = cells.parse(column, row.get(header))
        except ValueError as error:
            errors.append(_row(number, label(spec, column.field), error))
    return values, errors


def _check_record(
    spec: Register, record, values: dict, number: int, changes: _Changes, *, user, found_by_name
):
    """Set the row's values on its record (a new one when none matches) and check it as its form would."""
    before = None if record is None else _snapshot(record, values)
    if record is None:
        record = spec.model(created_by=user if user and user.is_authenticated else None)
    for name, value in values.items():
        setattr(record, name, value)
    try:
        validate_texts(record)
        record.full_clean(exclude=found_by_name, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        changes.errors += _problems(spec, number, error)
        return
    changes.add(record, before, values, number)


def _snapshot(record, names) -> dict:
    """The record's values of `names`, a related object by its key (reading it would cost a query)."""
    return {name: getattr(record, record._meta.get_field(name).attname) for name in names}


def _write(spec: Register, created: list, updated: list, *, fields: list[str], user, reason: str) -> None:
    """Insert and update in bulk, each record with its history row (who and why)."""
    user = user if user is not None and user.is_authenticated else None
    bulk.create_in_bulk(spec.model, created, user=user, reason=reason)
    now = timezone.now()
    for record in updated:
        record.updated_at = now
    bulk.update_in_bulk(spec.model, updated, [*fields, "version", "updated_at"], user=user, reason=reason)


def _constraint_problems(spec: Register, records: list, numbers: dict) -> list[str]:
    errors = []
    for record in records:
        try:
            record.validate_constraints()
        except ValidationError as error:
            errors += _problems(spec, numbers[id(record)], error)
    return errors or [_("the database refused the file; nothing was stored")]


def cell_value(record, name: str):
    """A field's value as an export writes it, and as `parse_cell` reads it back: a choice by its label in the
    bureau's language (新建, 综合, 核准/备案), a related record by its name, numbers as numbers and dates as
    dates (so that Excel sums and sorts them), None for an empty cell."""
    value = getattr(record, name)
    model_field = record._meta.get_field(name)
    if value is None or value == "":
        return None
    if model_field.choices:
        with translation.override(settings.LANGUAGE_CODE):
            return str(getattr(record, f"get_{name}_display")())
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date | Decimal | int) and not isinstance(value, bool):
        return value
    return str(value)


def _width(values) -> int:
    """A column's width in Excel's characters: the longest cell (a Chinese character counts two), within
    bounds."""
    longest = 0
    for value in values:
        text = (
            value.isoformat() if isinstance(value, datetime.date) else str(value if value is not None else "")
        )
        longest = max(longest, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text))
    return max(8, min(longest + 2, 40))


def export_table(spec: Register, queryset, *, chinese_headers: bool = True) -> Sheet:
    """The register as a sheet that opens well in Excel and imports back unchanged: named after the register
    (农家店台账), Chinese headers, Chinese words for choices, typed numbers and dates, the widths set."""
    headers = [column.header if chinese_headers else column.field for column in spec.columns]
    rows = [headers]
    for record in queryset:
        rows.append([cell_value(record, column.field) for column in spec.columns])
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(register)s register") % {"register": spec.title}
    widths = [_width(column) for column in zip(*rows, strict=True)]
    return Sheet(rows=rows, title=title, widths=widths)


def import_reason(filename: str, user=None) -> str:
    """What the history of each record an import writes says: which file and who, in the bureau's language."""
    name = str(filename or "").replace("\\", "/").rsplit("/", 1)[-1][:50]
    with translation.override(settings.LANGUAGE_CODE):
        who = str(user) if user is not None and user.is_authenticated else _("the command line")
        return _("Imported from %(file)s by %(user)s") % {"file": name, "user": who}
