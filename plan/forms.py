from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import validate_one_line, validate_text

from . import cycle
from .models import Measure


class MeasureUpdateForm(forms.Form):
    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, choices=[(m, f"{m}月") for m in range(1, 13)]
    )
    text = forms.CharField(
        label=_("Progress this month"), widget=forms.Textarea(attrs={"rows": 4}), validators=[validate_text]
    )
    progress_pct = forms.IntegerField(label=_("Progress % (形象进度)"), min_value=0, max_value=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(v, label) for v, label in Measure.Status.choices if v != Measure.Status.CLOSED],
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, Office, image or text file; at most 10 MB."),
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200, validators=[validate_one_line])
    due = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class ReturnForm(forms.Form):
    message = forms.CharField(label=_("Why the month is returned"), widget=forms.Textarea(attrs={"rows": 2}))


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("Why the month is unlocked"), max_length=cycle.REASON_MAX)
