"""The progress API of interface.md: GET /api/v1/progress/<year>/?as_of=YYYY-MM."""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.translation import gettext as _

from core import months
from plan import cache, progress
from plan.models import Plan

from .auth import user_from_request
from .json_errors import error_response as _error

# Exactly YYYY-MM, two-digit month, ASCII digits only.
AS_OF = re.compile(r"[0-9]{4}-[0-9]{2}")


def progress_view(request, year):
    if request.method not in ("GET", "HEAD"):
        response = _error(405, _("The API only answers GET."))
        response["Allow"] = "GET, HEAD"
        return response
    if user_from_request(request) is None:
        return _error(401, _("Log in, or send an API token: Authorization: Bearer <key>."))
    plan = Plan.objects.filter(year=year).first()
    if plan is None:
        return _error(404, _("There is no plan for %(year)s.") % {"year": year})
    month = None
    as_of = request.GET.get("as_of")
    if as_of is not None:
        try:
            if not AS_OF.fullmatch(as_of):
                raise ValueError(as_of)
            as_of_year, month = months.parse_year_month(as_of)
        except ValueError:
            return _error(400, _("as_of: “%(value)s” is not a month written YYYY-MM.") % {"value": as_of})
        if as_of_year != year:
            return _error(
                400,
                _("as_of: %(value)s is not a month of the %(year)s plan.") % {"value": as_of, "year": year},
            )

    # The same for every caller until a table the computation reads changes: computed once per version of those
    # tables and day, and kept in the cache (plan.cache). Cache-Control: private, no-store, like every answer of
    # the app (config.middleware.PrivateCacheMiddleware).
    return HttpResponse(_answer(plan, month, cache.current_tokens()), content_type="application/json")


def _answer(plan: Plan, month: int | None, tokens: dict | None) -> bytes:
    def body() -> bytes:
        data = progress.compute(plan, month, tokens=tokens).as_api()
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()

    [answer] = cache.fetch(tokens, [("api", cache.all_reads(), (plan.pk, month), body)])
    return answer


def warm(tokens: dict) -> None:
    """(plan.cache.warm, after a write commits) The answer for the current plan, so that the next caller finds
    it in the cache."""
    plan = Plan.objects.current()
    if plan is not None:
        _answer(plan, None, tokens)
