"""Optimistic locking, one rule for every editable object (a month's report, a register record, a bulletin
draft): the page carries the version of the object it showed; a save is accepted only while the stored
version is still that one, and then bumps it. A save sent without its version is refused as well: never
last-write-wins. The caller locks the stored row (select_for_update) before it checks, so two saves of the
same version cannot both pass."""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

V = TypeVar("V")


class ConflictError(ValidationError):
    """Someone else saved the object since this user loaded it, or the save did not say which version it
    changes: nothing of the save was stored."""


def check_version(*, stored: int | str, expected: int | str | None, conflict_message) -> None:
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


# Fields that change on every save and say nothing about what someone changed.
BOOKKEEPING = ("version", "updated_at")


def _shown(instance, name: str) -> str:
    field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if field.many_to_many:
        return "、".join(str(item) for item in value.all()) or "—"
    if field.choices:
        value = dict(field.choices).get(value, value)
    if isinstance(value, bool):
        value = _("yes") if value else _("no")
    return "—" if value in (None, "") else str(value)


def changes_since(stored, expected_version: int | None, *, fields=()) -> tuple[str, str]:
    """Who saved `stored` last, and what they changed since `expected_version`, in words ("名称：新名；顺序：3").

    Read from the object's history (django-simple-history) when it has one and the loaded version is in it;
    otherwise (no history, or the object did not exist when the page was loaded) the stored values of
    `fields` are listed, so the person still sees what is there now."""
    who, names = "", []
    history = getattr(stored, "history", None)
    if history is not None:
        rows = history.select_related("history_user").order_by("-history_id")
        latest = rows.first()
        loaded = rows.filter(version=expected_version).first() if expected_version is not None else None
        if latest is not None and latest.history_user is not None:
            who = str(latest.history_user)
        if latest is not None and loaded is not None:
            names = [
                change.field
                for change in latest.diff_against(loaded, excluded_fields=list(BOOKKEEPING)).changes
                if not change.field.startswith("history_")
            ]
        else:
            names = list(fields)
    else:
        names = list(fields)
    changes = "；".join(
        f"{stored._meta.get_field(name).verbose_name}：{_shown(stored, name)}" for name in names
    )
    return who or _("Someone else"), changes


def stale_message(stored, expected_version: int | None, *, fields=()) -> str:
    """The refusal of a stale save of `stored`, naming who saved it since and what they changed."""
    who, changes = changes_since(stored, expected_version, fields=fields)
    return _(
        "%(who)s saved this after you opened the page, so your save was refused and nothing of it was stored. "
        "Now: %(changes)s. What you entered is still on the page: check it and save again."
    ) % {"who": who, "changes": changes or _("see the history")}


def add_refusal(form, error: ValidationError) -> None:
    """Put a refused save on `form`: the problems of each of its fields beside the field, the rest above it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.error_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def save_or_refuse(
    form, save: Callable[[V], object], *, version: V, stored_version: Callable[[], V]
) -> tuple[bool, V]:
    """Run `save(version)` for a valid `form`, at the version the page was loaded at. A refusal goes onto the form,
    beside what was typed: after a conflict the page carries the stored version (`stored_version()`), so that
    saving again overwrites knowingly; after another refusal it keeps `version`. Returns whether it saved and the
    version the page carries next."""
    try:
        save(version)
    except ConflictError as error:
        add_refusal(form, error)
        return False, stored_version()
    except ValidationError as error:
        add_refusal(form, error)
        return False, version
    return True, version
