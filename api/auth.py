"""Log-in for the API: the browser's session, or `Authorization: Bearer <key>` (also `Token <key>`)."""

import datetime

from django.utils import timezone

from .models import ApiToken, hash_key

LAST_USED_EVERY = datetime.timedelta(hours=1)


def user_from_request(request):
    """The account behind the request, or None: the session's user, else the token's (active accounts only)."""
    if request.user.is_authenticated:
        return request.user
    scheme, _space, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() not in ("bearer", "token") or not key.strip():
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key.strip())).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Noted at most once an hour: enough to see which tokens are alive, without a write on every request.
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
