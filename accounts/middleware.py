from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class PasswordChangeRequiredMiddleware:
    """An account whose password an administrator reset reaches nothing but the password page (and log-out)
    until its owner has chosen a new password. Enforced here, on the server, for every URL."""

    ALLOWED_NAMES = ("password_change", "password_change_done", "logout", "set_language")
    # A program calling the API cannot follow a redirect to a password form: it is told so in JSON.
    API_PREFIX = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.ALLOWED_NAMES}
            if request.path_info not in allowed and not request.path_info.startswith(
                "/" + settings.STATIC_URL
            ):
                if request.path_info.startswith(self.API_PREFIX):
                    return JsonResponse(
                        {"error": _("The account must change its temporary password first.")},
                        status=403,
                        json_dumps_params={"ensure_ascii": False},
                    )
                return redirect("password_change")
        return self.get_response(request)
