"""Sessions that slide their idle time-out without a database write on every request.

Issue 6 asks for an idle time-out: a session ends SESSION_COOKIE_AGE after its last request, which Django gives
with SESSION_SAVE_EVERY_REQUEST by saving the session (a transaction with an UPDATE) on every request. Here the
save is skipped while the session's last refresh is younger than the refresh interval: the expiry still slides
with the user's activity, to within that interval, and a page that reads costs no write. A session that was
changed is saved at once, as always.

The interval is SESSION_REFRESH_SECONDS (default 60) but never more than a tenth of the idle time: with a
fixed minute and SESSION_IDLE_MINUTES=1, a user clicking every 50 seconds was logged out, because the click
at 0:50 was not written and the session ended at 1:00 (issue 13). Now a session ends at the earliest after
nine tenths of the idle time without a request.
"""

import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils.cache import patch_vary_headers

# Where the session keeps the time (Unix seconds) of its last refresh.
REFRESHED_AT = "_refreshed_at"


# The expiry lags behind the last request by at most 1/MAX_LAG_FRACTION of the idle time.
MAX_LAG_FRACTION = 10


def refresh_seconds() -> int:
    configured = getattr(settings, "SESSION_REFRESH_SECONDS", 60)
    return max(0, min(configured, settings.SESSION_COOKIE_AGE // MAX_LAG_FRACTION))


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is None or not settings.SESSION_SAVE_EVERY_REQUEST or session.is_empty():
            return super().process_response(request, response)
        now = int(time.time())
        refreshed = session.get(REFRESHED_AT)
        if session.is_empty():  # loading found it expired or gone: Django deletes the cookie
            return super().process_response(request, response)
        recent = isinstance(refreshed, int) and 0 <= now - refreshed < refresh_seconds()
        if recent and not session.modified:
            # Refreshed within the interval: the expiry in the database is still within that interval of a
            # full SESSION_COOKIE_AGE from now, so nothing is written.
            if session.accessed:
                patch_vary_headers(response, ("Cookie",))
            return response
        session[REFRESHED_AT] = now
        return super().process_response(request, response)
