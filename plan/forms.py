from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.validators import (
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    REPORT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    limit_text_fields,
    validate_one_line,
    validate_text,
)

from .models import Measure


class MeasureUpdateForm(forms.Form):
    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, choices=[(m, f"{m}月") for m in range(1, 13)]
    )
    text = forms.CharField(
        label=_("Progress this month"),
        max_length=REPORT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_text],
    )
    progress_pct = forms.IntegerField(label=_("Progress % (形象进度)"), min_value=0, max_value=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(v, label) for v, label in Measure.Status.choices if v != Measure.Status.CLOSED],
    )
    evidence = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit of the one setting (core.uploads), read when the form is made so that it is always current.
        self.fields["evidence"].help_text = _("PDF, Office, image or text file; at most %(max)s MB.") % {
            "max": settings.UPLOAD_MAX_MB
        }
        limit_text_fields(self)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=TITLE_MAX_LENGTH, validators=[validate_one_line])
    due = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)


class ReturnForm(forms.Form):
    message = forms.CharField(
        label=_("Why the month is returned"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("Why the month is unlocked"), max_length=REASON_MAX_LENGTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)
