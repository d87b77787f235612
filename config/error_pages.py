"""The error pages: the API answers its errors in JSON, every other address with a page in the user's language.

Django calls these (config.urls handler400/403/404/500) for an error no view answered itself. The API is told
apart by its address, so a missing or failing API call gives a program JSON, never an HTML page.
"""

from django.utils.translation import gettext as _
from django.views import defaults

from api.json_errors import error_response as api_error

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _message(exception, default: str) -> str:
    # Only a message the code wrote on purpose (PermissionDenied("…")), never a resolver's internals.
    args = getattr(exception, "args", ())
    if args and isinstance(args[0], str) and args[0]:
        return str(exception)
    return default


def bad_request(request, exception):
    if is_api(request):
        return api_error(400, _("The request is not valid."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return api_error(403, _message(exception, _("This account may not use this part of the API.")))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return api_error(404, _("The API has no such address."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return api_error(500, _("The server failed to answer. The error was recorded; try again later."))
    return defaults.server_error(request)
