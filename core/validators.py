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


def validate_text(value: str) -> None:
    """A text of several lines (a note, a progress report): line breaks and tabs, but no other control
    characters or direction overrides."""
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" or c in BIDI_CONTROLS for c in value or ""):
        raise ValidationError(
            _("Contains invisible control characters; type the text again."), code="control"
        )


def validate_texts(instance, *, exclude=()) -> None:
    """Check every text of a model instance before it is saved, on every path (forms, imports, services that
    take raw strings): one-line fields (CharField) by `validate_one_line`, text areas (TextField) by
    `validate_text`. Raises one ValidationError naming each field, so forms show the message beside it."""
    from django.db import models

    errors = {}
    for field in instance._meta.concrete_fields:
        if (
            field.name in exclude
            or field.choices
            or not isinstance(field, models.CharField | models.TextField)
        ):
            continue
        check = validate_text if isinstance(field, models.TextField) else validate_one_line
        try:
            check(getattr(instance, field.attname))
        except ValidationError as error:
            errors[field.name] = error.messages
    if errors:
        raise ValidationError(errors)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a message of our own: Django 5.2 rewrote its wording and the shipped zh-Hans
    catalogue has not caught up, so the refusal would otherwise reach the staff in English."""

    def get_error_message(self):
        return ngettext(
            "The password is too short: it needs at least %(min_length)d character.",
            "The password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
