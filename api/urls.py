"""/api/v1/: the API of docs/interface.md, its OpenAPI description and its documentation page (api.endpoints).

Two answers django-ninja gives in HTML or not at all are made the API's own: a method an operation does not
take is a JSON 405 naming the methods it does, and HEAD is answered as GET (without the body)."""

from functools import wraps

from django.urls import URLPattern, include, path
from django.utils.translation import gettext as _

from .endpoints import api
from .json_errors import error_response


def _api_methods(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "HEAD":
            request.method = "GET"
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = [method.strip() for method in response.get("Allow", "").split(",") if method.strip()]
            if "GET" in allowed:
                allowed.append("HEAD")
            refused = error_response(
                405, _("This address answers %(methods)s only.") % {"methods": ", ".join(allowed)}
            )
            refused["Allow"] = ", ".join(allowed)
            return refused
        return response

    return wrapped


def _json_errors(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _api_methods(pattern.callback)
    return patterns


_patterns, _ninja, _namespace = api.urls

app_name = "api"
urlpatterns = [path("v1/", include(_json_errors(_patterns)))]
