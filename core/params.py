"""What a request or a form hands over as text, read one way everywhere: whole numbers in the query string
(year, month, page), search words, and ISO dates. A value that is not what it should be is ignored (None)
or refused with a message, never a server error: `?year=²`, `?year=99999999999999999999` and `?q=` with a
NUL byte are all just "not given"."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_DIGITS = re.compile(r"[0-9]{1,9}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SEARCH_MAX = 100


def int_param(params, name: str, *, low: int, high: int) -> int | None:
    """A whole number from the query string between low and high, or None when missing or anything else."""
    value = str(params.get(name, "")).strip()
    if not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if low <= number <= high else None


def year_param(params, name: str = "year") -> int | None:
    return int_param(params, name, low=1990, high=2100)


def month_param(params, name: str = "month") -> int | None:
    return int_param(params, name, low=1, high=12)


def version_param(params, name: str = "version") -> int | None:
    """The version of an object that a page was loaded at (core.versions), or None when not sent."""
    return int_param(params, name, low=0, high=2**31 - 1)


def search_param(params, name: str = "q") -> str:
    """Search words: control characters dropped, at most SEARCH_MAX characters."""
    text = str(params.get(name, ""))[: SEARCH_MAX * 2]
    return "".join(c for c in text if unicodedata.category(c) != "Cc").strip()[:SEARCH_MAX]


def parse_date(value) -> datetime.date | None:
    """A date given as YYYY-MM-DD (or a date already), None when empty; ValueError for anything else."""
    if value is None or isinstance(value, datetime.date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text == "":
        return None
    if not _DATE.fullmatch(text):
        raise ValueError(text)
    return datetime.date.fromisoformat(text)


def date_field(value, field: str) -> datetime.date | None:
    """`parse_date` for a service: a bad date is a ValidationError on `field`, shown beside it."""
    try:
        return parse_date(value)
    except ValueError:
        raise ValidationError({field: _("Enter a date as YYYY-MM-DD.")}) from None
