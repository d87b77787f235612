"""Log-in for the API: the browser's session, or `Authorization: Bearer <key>` (also `Token <key>`)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from .models import ApiToken, hash_key

LAST_USED_EVERY = datetime.timedelta(hours=1)


def user_from_request(request):
    """The account behind the request, or None: the session's user, else the token's (active accounts only).

    A token whose account holds a temporary password is refused (PermissionDenied, a 403): an administrator
    reset the password, perhaps because the account was taken over, and the token must not outlive that
    until the owner has chosen a new password. (A session in that state never gets here:
    accounts.middleware stops it.)"""
    if request.user.is_authenticated:
        return request.user
    scheme, _space, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() not in ("bearer", "token") or not key.strip():
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key.strip())).first()
    if token is None or not token.user.is_active:
        return None
    if token.user.must_change_password:
        raise PermissionDenied(
            _("The account must change its temporary password before its API token works again.")
        )
    now = timezone.now()
    # Noted at most once an hour: enough to see which tokens are alive, without a write on every request.
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenOrSession(HttpBearer):
    """django-ninja's log-in for every operation: `user_from_request` (the session, else the token). A write
    through the browser's session carries its CSRF token like any form of the app; a token needs none (it is
    not sent by a browser on its own)."""

    def __call__(self, request):
        session_user = request.user.is_authenticated
        user = user_from_request(request)
        unsafe = request.method not in ("GET", "HEAD", "OPTIONS")
        if user is not None and session_user and unsafe and check_csrf(request) is not None:
            raise PermissionDenied(_("The page's security token (CSRF) is missing or out of date."))
        return user

    def authenticate(self, request, token):  # the description's security scheme; __call__ does the work
        return None
