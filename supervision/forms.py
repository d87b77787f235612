from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.validators import NOTE_MAX_LENGTH, REPORT_MAX_LENGTH, limit_text_fields, validate_text
from plan.models import Department

from .models import Urgency


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one box; each is checked by the service (core.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class InstructionForm(forms.Form):
    written_by = forms.ModelChoiceField(
        label=_("Leader who gave it"),
        queryset=User.objects.filter(is_active=True, role=User.Role.LEADER).order_by("pk"),
        required=False,
        help_text=_("When you enter it on a leader's behalf."),
    )
    text = forms.CharField(
        label=_("Instruction"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_text],
    )
    lead = forms.ModelChoiceField(label=_("Lead department"), queryset=Department.objects.all())
    co_departments = forms.ModelMultipleChoiceField(
        label=_("Co-departments"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    due = forms.DateField(
        label=_("Or an explicit due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # What it is written on (prefilled from the page the button was on).
    year = forms.IntegerField(widget=forms.HiddenInput)
    target = forms.CharField(required=False, widget=forms.HiddenInput)
    measure = forms.CharField(required=False, widget=forms.HiddenInput)
    report = forms.IntegerField(required=False, widget=forms.HiddenInput)
    bulletin = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, for_leader: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_leader:
            del self.fields["written_by"]
        limit_text_fields(self)


class StepForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=REPORT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_text],
    )
    due = forms.DateField(
        label=_("New due date asked"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    files = MultipleFileField(label=_("Evidence files"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _("PDF, Office, image or text files; at most %(max)s MB each.") % {
            "max": settings.UPLOAD_MAX_MB
        }
        limit_text_fields(self)
