"""Work a web request asks for that must not hold up its response: computing the dashboard again after a write
(plan.cache), posting to the robots and e-mailing a digest (broadcast).

A write asks for a job as its transaction commits (defer(), or run_after_response() from a callback already
running at the commit); within a web request the job waits until the response has been sent
(config.middleware.AfterResponseMiddleware puts the runner among the response's closers, which Django calls as
the server finishes with it: WSGI close()), so the person who saved gets their page first. Outside a request (a
command, the shell) it runs at once. An equal job asked for twice in one request runs once; a job that fails is
logged and never breaks the response nor the jobs after it.
"""

import contextvars
import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

Job = Callable[[], None]

# Within a web request the list of jobs waiting for its response to be sent; None outside a request.
_pending: contextvars.ContextVar[list[Job] | None] = contextvars.ContextVar("after_response", default=None)


def in_request() -> bool:
    """Whether a web request is running, whose jobs wait for its response."""
    return _pending.get() is not None


def run_after_response(job: Job) -> None:
    """`job` after the current request's response is sent (once however often it is asked for), at once
    outside a request."""
    pending = _pending.get()
    if pending is None:
        job()
    elif job not in pending:
        pending.append(job)


def defer(job: Job) -> None:
    """run_after_response(job) once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: run_after_response(job), robust=True)


def _run(jobs: list[Job]) -> None:
    for job in jobs:
        try:
            job()
        except Exception:
            logger.exception("A job deferred after the response failed: %s", getattr(job, "__name__", job))


def start() -> contextvars.Token:
    """(The middleware, as a request starts) Hold the jobs the request asks for until its response is sent."""
    return _pending.set([])


def finish(token: contextvars.Token) -> Job | None:
    """(The middleware, as the response leaves the view) What to run once the response is sent, or None."""
    jobs = _pending.get()
    _pending.reset(token)
    if not jobs:
        return None
    return lambda: _run(jobs)
