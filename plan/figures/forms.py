"""The forms of the month page and the cycle: what people type, read as the bureau writes it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import TABLE_KINDS, UploadValidator
from core.validators import (
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    limit_text_fields,
    validate_one_line,
    validate_text,
)

from . import checks
from .models import MonthlyFigure
from .month import FigureEntry


class MonthFiguresForm(forms.Form):
    """A department's month: one cumulative (with its source and release) per indicator, and one note
    (原因分析及措施) per target of the department (`targets`), each box named by its target.

    Amounts are typed in 万 or 亿 (`unit`) and stored in base units (万); full-width digits, thousands
    separators and spaces are accepted. Errors stay beside their field with what was typed.
    """

    UNIT_FACTORS = {"wan": 1, "yi": 10000}

    unit = forms.ChoiceField(
        label=_("Unit of the amounts typed"),
        choices=[("wan", _("10k (万)")), ("yi", _("100m (亿)"))],
        initial="wan",
    )
    confirm = forms.BooleanField(label=_("I have checked the figures with warnings"), required=False)
    confirm_note = forms.CharField(
        label=_("Why the figures with warnings are right"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        validators=[validate_one_line],
    )

    def __init__(self, *args, indicators, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.targets = list(targets)
        for target in self.targets:
            self.fields[self.note_name(target)] = forms.CharField(
                # Named by its target (the form is made per request, in the reader's language).
                # (Not in an f-string: gettext's extractor does not read inside one.)
                label=_("%(target)s · Analysis and measures (原因分析及措施)") % {"target": target.name},
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                validators=[validate_text],
            )
        for ind in indicators:
            self.fields[f"{ind.code}__cumulative"] = forms.CharField(
                label=ind.label,
                required=False,
                max_length=40,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.fields[f"{ind.code}__source"] = forms.CharField(
                label=_("Source"), required=False, max_length=40, validators=[validate_one_line]
            )
            self.fields[f"{ind.code}__release"] = forms.ChoiceField(
                label=_("Release"),
                choices=MonthlyFigure.Release.choices,
                initial="final",
                required=False,
            )
            self.fields[f"{ind.code}__released_on"] = forms.DateField(
                label=_("Release date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
            self.fields[f"{ind.code}__growth"] = forms.CharField(
                label=_("Published growth %"), required=False, max_length=20
            )
        limit_text_fields(self)

    def clean(self):
        cleaned = super().clean()
        factor = self.UNIT_FACTORS.get(cleaned.get("unit"), 1)
        for ind in self.indicators:
            name = f"{ind.code}__cumulative"
            if name in self._errors:
                continue
            try:
                cleaned[name] = checks.parse_amount(self.data.get(self.add_prefix(name), ""), factor=factor)
            except ValueError as error:
                self.add_error(name, _("%(field)s: %(message)s") % {"field": ind.label, "message": error})
            growth = f"{ind.code}__growth"
            try:
                cleaned[growth] = checks.parse_rate(self.data.get(self.add_prefix(growth), ""))
            except ValueError as error:
                self.add_error(growth, _("%(field)s: %(message)s") % {"field": ind.label, "message": error})
        return cleaned

    @staticmethod
    def note_name(target) -> str:
        return f"note__{target.code}"

    def notes(self) -> dict[str, str]:
        """{target code: note} as typed."""
        return {target.code: self.cleaned_data.get(self.note_name(target), "") for target in self.targets}

    def note_rows(self) -> list[dict]:
        """Each target with its note's bound field, for the template."""
        return [{"target": target, "field": self[self.note_name(target)]} for target in self.targets]

    @property
    def note_errors(self) -> list[str]:
        """The notes' errors for the summary at the top of the page (each names its box, and so its target)."""
        return [error for target in self.targets for error in self.errors.get(self.note_name(target), [])]

    def entries(self) -> dict[str, FigureEntry]:
        data = self.cleaned_data
        return {
            ind.code: FigureEntry(
                cumulative=data.get(f"{ind.code}__cumulative"),
                source=data.get(f"{ind.code}__source", ""),
                release=data.get(f"{ind.code}__release") or "final",
                released_on=data.get(f"{ind.code}__released_on"),
                published_growth_pct=data.get(f"{ind.code}__growth"),
            )
            for ind in self.indicators
        }

    def rows(self):
        """The bound fields of each indicator, for the template's table."""
        return [
            {
                "indicator": ind,
                "cumulative": self[f"{ind.code}__cumulative"],
                "source": self[f"{ind.code}__source"],
                "release": self[f"{ind.code}__release"],
                "released_on": self[f"{ind.code}__released_on"],
                "published": self[f"{ind.code}__growth"],
            }
            for ind in self.indicators
        ]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Figures file (.xlsx or .csv)"), validators=[UploadValidator(kinds=TABLE_KINDS)]
    )
