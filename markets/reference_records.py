"""Reference data of markets, loaded idempotently after every `loadplan` (the plug-in's `plan_loaded`)."""

from .models import COUNTIES, County


def load_counties(*, result=None, **kwargs) -> None:
    """Create whichever of the nine 旗县区 is missing; existing rows (an admin's edits) are left as they are."""
    for order, name in enumerate(COUNTIES, start=1):
        _county, created = County.objects.get_or_create(name=name, defaults={"order": order})
        if result is not None:
            result.count("counties", created)
