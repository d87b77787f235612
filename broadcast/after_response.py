"""Work a web request asks for that must not hold up its response: posting to the robots, e-mailing a digest.

As plan.cache defers computing the dashboard (config.middleware.WarmAfterResponseMiddleware), the request's
writes ask for a job as their transaction commits; the middleware runs the jobs once the response has been
sent (Django calls a response's closers as the server finishes with it). Outside a request (a command, the
shell) a deferred job runs as the transaction commits.
"""

import contextvars
import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger("bureau.broadcast")

_pending: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "broadcast_after_response", default=None
)


def in_request() -> bool:
    return _pending.get() is not None


def _queue(job: Callable[[], None]) -> None:
    pending = _pending.get()
    if pending is None:
        job()
    elif job not in pending:
        pending.append(job)


def defer(job: Callable[[], None]) -> None:
    """Run `job` once the current transaction commits: after the response in a web request, else at once.
    The same job (an equal callable) runs once per request however often it is asked for."""
    transaction.on_commit(lambda: _queue(job), robust=True)


def _run(jobs: list) -> None:
    for job in jobs:
        try:
            job()
        except Exception:
            logger.exception("A job deferred after the response failed: %s", getattr(job, "__name__", job))


class SendAfterResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _pending.set([])
        try:
            response = self.get_response(request)
        finally:
            jobs = _pending.get()
            _pending.reset(token)
        if jobs:
            response._resource_closers.append(lambda: _run(jobs))
        return response
