from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import limit_text_fields

from .models import Bulletin


class BulletinForm(forms.Form):
    """The draft in plain text: no rich editor, a paragraph per line."""

    title = forms.CharField(label=_("Title"), max_length=Bulletin._meta.get_field("title").max_length)
    body = forms.CharField(
        label=_("Text"),
        max_length=Bulletin._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 24, "class": "bulletin-body-input"}),
        help_text=_("One paragraph per line. Lines beginning with 一、二、… are headings."),
    )
    distribution = forms.CharField(
        label=_("To (送)"),
        max_length=Bulletin._meta.get_field("distribution").max_length,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)
