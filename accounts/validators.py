from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a message of our own: Django 5.2 rewrote its wording and the shipped zh-Hans
    catalogue has not caught up, so the refusal would otherwise reach the staff in English."""

    def get_error_message(self):
        return ngettext(
            "The password is too short: it needs at least %(min_length)d character.",
            "The password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
