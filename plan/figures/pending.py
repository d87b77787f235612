"""Figures files waiting for their confirmation, kept on the server (PendingImport), never in the session.

The upload page reads a file, shows its preview and keeps its rows with `pending_keep`; the session holds only
the row's id. The confirmation takes them back once with `pending_take`, for the same user only, within
PENDING_HOURS. Each upload clears what has expired, and a user has at most one file waiting.
"""

import dataclasses
import datetime

from django.utils import timezone

from .models import PendingImport
from .services import ImportRow

PENDING_HOURS = 2


def _expired_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=PENDING_HOURS)


def pending_keep(*, user, filename: str, rows: list[ImportRow], replaces=None) -> PendingImport:
    """Keep the rows of a previewed file, in place of `replaces` (the one this browser previewed before: the
    same person may preview other files in other windows), and clear what has expired."""
    PendingImport.objects.filter(created_at__lt=_expired_before()).delete()
    if isinstance(replaces, int):
        PendingImport.objects.filter(pk=replaces, user=user).delete()
    return PendingImport.objects.create(
        user=user, filename=filename[:255], rows=[dataclasses.asdict(row) for row in rows]
    )


def pending_take(*, user, pk) -> tuple[str, list[ImportRow]] | None:
    """The file name and rows kept under `pk` for `user` (and no longer kept), or None when there are none."""
    if not isinstance(pk, int):
        return None
    pending = PendingImport.objects.filter(pk=pk, user=user, created_at__gte=_expired_before()).first()
    if pending is None:
        return None
    pending.delete()
    return pending.filename, [ImportRow(**row) for row in pending.rows]
