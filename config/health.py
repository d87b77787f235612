"""/healthz: for load balancers and monitoring. No log-in; says whether this server can reach its database.

Answered by a middleware near the top, before anything checks the Host header: a load balancer probes each
app server by its address (http://10.0.0.11:8000/healthz), which is not in ALLOWED_HOSTS, and over plain HTTP.
The URL pattern names it for reverse() and the URL checks.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("bureau.health")

PATH = "/healthz"


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database cannot be reached")
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    else:
        response = HttpResponse("ok\n", content_type="text/plain")
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == PATH:
            return healthz(request)
        return self.get_response(request)
