import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.validators import validate_texts
from plan.models import Department
from registers.services import ensure_can_change

from .models import StoreInspection, VillageStore


def markets_department() -> Department:
    return Department.objects.get(code="markets")


@transaction.atomic
def inspection_create(
    *, user, store: VillageStore, inspected_on, result: str, problems: str = "", inspector: str = ""
) -> StoreInspection:
    """Record a 回头看 inspection of `store` (markets staff only)."""
    from .registers import VILLAGE_STORES

    ensure_can_change(user=user, spec=VILLAGE_STORES)
    if isinstance(inspected_on, str):
        try:
            inspected_on = datetime.date.fromisoformat(inspected_on.strip())
        except ValueError:
            raise ValidationError({"inspected_on": _("Enter a date as YYYY-MM-DD.")}) from None
    inspection = StoreInspection(
        store=store,
        inspected_on=inspected_on,
        result=result,
        problems=problems.strip(),
        inspector=inspector.strip(),
        created_by=user,
    )
    validate_texts(inspection)
    inspection.full_clean()
    inspection._history_user = user
    inspection.save()
    return inspection
