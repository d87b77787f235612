"""Request logging: one line per request on stdout with its id, user, status and duration.

The request id comes from the proxy's X-Request-ID header when it sends a sane one (nginx: `$request_id`), else
a new one; it is returned in the response's X-Request-ID and put on every log record written while the request
runs (`RequestIdFilter`), so the lines of one request can be found across the proxy, gunicorn and the app.
"""

import contextvars
import logging
import re
import time
import uuid

from django.utils.functional import empty

from core import after_response

logger = logging.getLogger("bureau.request")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record, "-" outside a request (management commands, start-up)."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


def _username(request) -> str:
    # Only a user the request already loaded: looking it up here would add queries to pages (and to health
    # checks) that never needed one.
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return "-"
    return user.get_username() if user.is_authenticated else "anonymous"


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            logger.info(
                "%s %s %s user=%s %.0fms",
                request.method,
                request.get_full_path(),
                response.status_code,
                _username(request),
                (time.monotonic() - started) * 1000,
            )
            return response
        finally:
            request_id_var.reset(token)


class PrivateCacheMiddleware:
    """Every answer the app itself writes gets `Cache-Control: private, no-store` unless its view chose a
    policy: the dashboard, the bulletin, the API and every other page show one account's view of figures
    that are not public, and neither a proxy nor the browser's disk should keep a copy (issue 13).

    Placed after WhiteNoise (and after the health check), so static files keep their long cache lifetimes.
    """

    VALUE = "private, no-store"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = self.VALUE
        return response


class AfterResponseMiddleware:
    """The jobs a request asks for that must not hold up its response (core.after_response: the dashboard computed
    again after a write, the robots' messages) run once the response has been sent: Django runs a response's
    closers as the server finishes with it (WSGI close())."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = after_response.start()
        try:
            response = self.get_response(request)
        finally:
            jobs = after_response.finish(token)
        if jobs is not None:
            response._resource_closers.append(jobs)
        return response
