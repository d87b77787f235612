from django import forms
from django.db import models
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from core.validators import REASON_MAX_LENGTH, limit_text_fields, validate_one_line

from .spec import Register


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def formfield(model_field: models.Field, **kwargs):
    if isinstance(model_field, models.DateField):
        kwargs["widget"] = DateInput
    if isinstance(model_field, models.TextField):
        kwargs["widget"] = forms.Textarea(attrs={"rows": 3})
    return model_field.formfield(**kwargs)


class RecordForm(forms.ModelForm):
    """A register record's form; on edit it asks why (kept in the history), and insists when the record is
    counted by the plan (`reason_required`)."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text=_("Kept in the history."),
        validators=[validate_one_line],
    )

    def __init__(self, *args, reason_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["reason"]
        elif reason_required:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _(
                "This record is counted toward the plan: say why it is changed."
            )
            self.fields["reason"].help_text = _(
                "This record is counted toward the plan: say why it is changed. Kept in the history."
            )
        limit_text_fields(self)


def form_for(spec: Register) -> type[forms.ModelForm]:
    return modelform_factory(
        spec.model,
        form=spec.form_class or RecordForm,
        fields=spec.fields_in_form,
        formfield_callback=formfield,
    )
