"""The actuals of the markets targets, as plan.registry asks for them: retail sales from the monthly figures,
village stores from the register (how many count as of each month's end, domain.md). One query per call."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from plan.registry import Actuals

from .models import County, RetailFigure, VillageStore

FARM_SUPPLY_MAX_SHARE = Decimal("20")


def retail_sales_actuals(year: int) -> Actuals:
    rows = RetailFigure.objects.filter(year=year, indicator="retail_sales").values_list(
        "month", "cumulative", "is_sample"
    )
    values, sample = {}, False
    for month, cumulative, is_sample in rows:
        values[month] = cumulative
        sample = sample or is_sample
    return Actuals(values, sample=sample)


def village_store_actuals(year: int) -> Actuals:
    """{month: stores counted by that month's end} for months 1–12, in one query."""
    rows = list(VillageStore.objects.counting(year).values_list("accepted_on", "is_sample"))
    per_month = Counter(accepted_on.month for accepted_on, _sample in rows)
    values, total = {}, 0
    for month in range(1, 13):
        total += per_month[month]
        values[month] = Decimal(total)
    return Actuals(values=values, sample=any(sample for _accepted_on, sample in rows))


@dataclass(frozen=True)
class StoreCount:
    counted: int
    farm_supply: int
    awaiting: int

    @property
    def farm_supply_share(self) -> Decimal | None:
        if not self.counted:
            return None
        return (Decimal(self.farm_supply) * 100 / self.counted).quantize(Decimal("0.1"))

    @property
    def farm_supply_warning(self) -> bool:
        """Farm-supply stores may be at most 20 % of the year's count (domain.md): past that, a warning."""
        share = self.farm_supply_share
        return share is not None and share > FARM_SUPPLY_MAX_SHARE


def store_count(year: int, month: int = 12) -> StoreCount:
    stores = VillageStore.objects
    counting = stores.counting(year, month)
    return StoreCount(
        counted=counting.count(),
        farm_supply=counting.filter(category=VillageStore.Category.FARM_SUPPLY).count(),
        awaiting=stores.awaiting_acceptance(year, month)
        .exclude(category=VillageStore.Category.SINGLE)
        .count(),
    )


def stores_by_county(year: int, month: int) -> list[tuple[str, int]]:
    """The stores that count as of the month's end, per 旗县区 (all nine, in the city's order): two queries."""
    counted = Counter(VillageStore.objects.counting(year, month).values_list("county_id", flat=True))
    return [(county.name, counted[county.pk]) for county in County.objects.order_by("order")]
