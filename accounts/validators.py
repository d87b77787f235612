import unicodedata

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# Invisible characters that reverse or isolate the text around them ("trojan source"); never typed on purpose.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def validate_one_line(value: str) -> None:
    """A one-line text (a name, a reason): no control characters, line breaks or direction overrides.
    For forms of any app: `forms.CharField(validators=[validate_one_line])`."""
    if any(unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS for c in value or ""):
        raise ValidationError(
            _("Contains invisible control characters or line breaks; type the text again."), code="control"
        )


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a message of our own: Django 5.2 rewrote its wording and the shipped zh-Hans
    catalogue has not caught up, so the refusal would otherwise reach the staff in English."""

    def get_error_message(self):
        return ngettext(
            "The password is too short: it needs at least %(min_length)d character.",
            "The password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
