from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import REASON_MAX_LENGTH, validate_one_line

from .models import Scheme


class SchemeForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        validators=[validate_one_line],
        help_text=_("Required once the scheme is published; kept in its history."),
    )
    publish = forms.BooleanField(label=_("Publish the scheme"), required=False)

    class Meta:
        model = Scheme
        fields = Scheme.ITEMS


class ObjectionForm(forms.Form):
    line = forms.CharField(widget=forms.HiddenInput, max_length=100)
    month = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=12)
    reason = forms.CharField(
        label=_("Reason for the objection"), max_length=REASON_MAX_LENGTH, validators=[validate_one_line]
    )


class DecisionForm(forms.Form):
    decision = forms.CharField(
        label=_("Decision and reason"), max_length=REASON_MAX_LENGTH, validators=[validate_one_line]
    )
    uphold = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Uphold: withdraw the line")), ("0", _("Reject: keep the line"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
