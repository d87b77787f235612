"""Optimistic locking, one rule for every editable object (a month's report, a register record, a bulletin
draft): the page carries the version of the object it showed; a save is accepted only while the stored
version is still that one, and then bumps it. A save sent without its version is refused as well: never
last-write-wins. The caller locks the stored row (select_for_update) before it checks, so two saves of the
same version cannot both pass."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ConflictError(ValidationError):
    """Someone else saved the object since this user loaded it, or the save did not say which version it
    changes: nothing of the save was stored."""


def check_version(*, stored: int, expected: int | None, conflict_message) -> None:
    """Refuse (ConflictError) a save of version `expected` when `stored` is another, or when no version was
    sent. `conflict_message` (text, or a function giving it) says what the other person changed."""
    if expected is None:
        raise ConflictError(
            _(
                "The page was sent without the version of what it shows, so nothing was saved: reload the "
                "page and save again."
            ),
            code="no_version",
        )
    if stored != expected:
        raise ConflictError(
            conflict_message() if callable(conflict_message) else conflict_message, code="stale"
        )
