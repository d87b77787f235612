from django.db import transaction

from core.params import date_field
from core.validators import validate_texts
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
    inspected_on = date_field(inspected_on, "inspected_on")
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
