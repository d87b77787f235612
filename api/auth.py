"""Log-in for the API: the browser's session, or `Authorization: Bearer <key>` (also `Token <key>`)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

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
