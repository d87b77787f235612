"""The progress API's answer (GET /api/v1/progress/<year>/, served by api.endpoints): computed once per version of
the tables it reads and kept in the cache (plan.cache), like the dashboard."""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder

from plan import cache, progress
from plan.models import Plan

# Exactly YYYY-MM, two-digit month, ASCII digits only.
AS_OF = re.compile(r"[0-9]{4}-[0-9]{2}")


def progress_answer(plan: Plan, month: int | None, tokens: dict | None = None) -> bytes:
    """The JSON answer for `plan` as of `month`, from the cache under the data's current tokens."""
    tokens = tokens if tokens is not None else cache.current_tokens()

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
        progress_answer(plan, None, tokens)
