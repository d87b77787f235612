import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# How much people may type (issue 13: a 2.4-million-character month note was stored and sent to every reader).
# One-line names keep the max_length of their model field; these are the longer texts.
TITLE_MAX_LENGTH = 200  # a one-line title
REASON_MAX_LENGTH = 500  # a one-line reason or note kept in the history
NOTE_MAX_LENGTH = 2000  # a note, an explanation, a message
REPORT_MAX_LENGTH = 5000  # a month's progress report on a measure, a paragraph of the plan

# Invisible characters that reverse or isolate the text around them ("trojan source"); never typed on purpose.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Unicode's control characters (category Cc: U+0000–U+001F, U+007F–U+009F) and the above, as one regular
# expression: it scans a long text at C speed.
CONTROL_OR_BIDI = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTROL_OR_BIDI_BUT_LINE_BREAKS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def validate_one_line(value: str) -> None:
    """A one-line text (a name, a reason): no control characters, line breaks or direction overrides.
    For forms of any app: `forms.CharField(validators=[validate_one_line])`."""
    if value and CONTROL_OR_BIDI.search(value):
        raise ValidationError(
            _("Contains invisible control characters or line breaks; type the text again."), code="control"
        )


def validate_text(value: str) -> None:
    """A text of several lines (a note, a progress report): line breaks and tabs, but no other control
    characters or direction overrides."""
    if value and CONTROL_OR_BIDI_BUT_LINE_BREAKS.search(value):
        raise ValidationError(
            _("Contains invisible control characters; type the text again."), code="control"
        )


def too_long(label, limit: int, count: int) -> ValidationError:
    """The refusal of a text longer than `limit` characters, naming the field when `label` is given (leave it
    out where the page puts the field's name in front); nothing is cut off."""
    params = {"field": capfirst(label), "limit": f"{limit:,}", "count": f"{count:,}"}
    if not label:
        message = _("At most %(limit)s characters, %(count)s typed; shorten it and save again.")
    else:
        message = _("%(field)s: at most %(limit)s characters, %(count)s typed; shorten it and save again.")
    return ValidationError(message, code="max_length", params=params)


def validate_reason(value: str) -> None:
    """A one-line reason kept in a history (an unlock's, a send-back's): `validate_one_line`, at most
    REASON_MAX_LENGTH characters."""
    if value and len(value) > REASON_MAX_LENGTH:
        raise too_long(None, REASON_MAX_LENGTH, len(value))
    validate_one_line(value)


class MaxCharsValidator:
    """A form field's length check with the message of `too_long` (Django's speaks of "variables")."""

    def __init__(self, limit: int, label):
        self.limit, self.label = limit, label

    def __call__(self, value):
        if value is not None and len(value) > self.limit:
            raise too_long(self.label, self.limit, len(value))


def limit_text_fields(form) -> None:
    """Show and check the character limit of every text box of `form` (call at the end of __init__).

    Each CharField with a max_length gets the check of `MaxCharsValidator` instead of Django's, the limit in
    its help text ("At most 2,000 characters.") and `data-max-chars` for the live counter of static/js/app.js.
    The `maxlength` attribute goes: the browser would cut a pasted text at the limit without a word, and the
    server says what is too long instead, with everything typed kept in the box."""
    from django import forms
    from django.core.validators import MaxLengthValidator

    for field in form.fields.values():
        if not isinstance(field, forms.CharField) or not field.max_length or field.widget.is_hidden:
            continue
        limit = int(field.max_length)
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.validators.append(MaxCharsValidator(limit, field.label or ""))
        field.widget.attrs.pop("maxlength", None)
        field.widget.attrs["data-max-chars"] = limit
        hint = _("At most %(limit)s characters.") % {"limit": f"{limit:,}"}
        field.help_text = f"{field.help_text} {hint}" if field.help_text else hint


def validate_texts(instance, *, exclude=()) -> None:
    """Check every text of a model instance before it is saved, on every path (forms, imports, services that
    take raw strings): its length against the field's max_length (TextFields included, which the database
    does not limit), one-line fields (CharField) by `validate_one_line`, text areas (TextField) by
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
        value = getattr(instance, field.attname)
        if field.max_length and value and len(value) > field.max_length:
            # Checked first and alone: a 2-million-character text needs no scan for control characters.
            errors[field.name] = too_long(field.verbose_name, field.max_length, len(value)).messages
            continue
        check = validate_text if isinstance(field, models.TextField) else validate_one_line
        try:
            check(value)
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
