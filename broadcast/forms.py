from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import limit_text_fields, validate_one_line

from .models import Robot


class RobotForm(forms.ModelForm):
    """A robot's settings. The webhook and the secret are credentials: their boxes are always empty, a blank box
    keeps what is stored, and the page only says whether one is set."""

    url = forms.URLField(
        label=_("webhook URL"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    secret = forms.CharField(
        label=_("signing secret"),
        max_length=200,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("DingTalk 加签 only (SEC…); WeCom's key is in the webhook URL."),
    )
    clear_secret = forms.BooleanField(label=_("Remove the signing secret"), required=False)

    class Meta:
        model = Robot
        fields = [
            "name",
            "kind",
            "receives_digest",
            "receives_instructions",
            "receives_late",
            "departments",
            "active",
        ]
        widgets = {"departments": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        robot = self.instance
        set_text, unset_text = _("Set; leave empty to keep it."), _("Not set.")
        if robot.pk:
            self.fields["url"].help_text = set_text if robot.url else unset_text
            self.fields[
                "secret"
            ].help_text = f"{set_text if robot.secret else unset_text} {self.fields['secret'].help_text}"
        else:
            self.fields["url"].required = True
            del self.fields["clear_secret"]
        self.fields["name"].validators.append(validate_one_line)
        self.fields["kind"].widget.attrs["class"] = "form-select"
        limit_text_fields(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("secret") and cleaned.get("kind") == Robot.Kind.WECOM:
            self.add_error("secret", _("A WeCom robot has no signing secret: its key is in the webhook URL."))
        return cleaned
