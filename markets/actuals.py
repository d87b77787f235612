"""The actuals of the markets targets, as plan.registry asks for them: retail sales from the monthly figures,
village stores from the register (how many count as of each month's end, domain.md). One query per call."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from plan.registry import Actuals, batched, cumulative_counts

from .models import County, RetailFigure, VillageStore

FARM_SUPPLY_MAX_SHARE = Decimal("20")


def retail_many(years: list[int]) -> dict[str, dict[int, Actuals]]:
    """{"retail_sales": {year: Actuals}} for the years: one query."""
    values: dict[int, dict[int, Decimal]] = {year: {} for year in years}
    sample: set[int] = set()
    rows = RetailFigure.objects.filter(year__in=years, indicator="retail_sales").values_list(
        "year", "month", "cumulative", "is_sample"
    )
    for year, month, cumulative, is_sample in rows:
        values[year][month] = cumulative
        if is_sample:
            sample.add(year)
    return {"retail_sales": {year: Actuals(values[year], sample=year in sample) for year in years}}


def village_store_many(years: list[int]) -> dict[str, dict[int, Actuals]]:
    """{"village_stores": {year: Actuals}}: {month: stores counted by that month's end} for months 1–12, counted
    by the database in one query (a count per month's end, on plain date comparisons)."""
    return {
        "village_stores": cumulative_counts(VillageStore.objects.counting_any_year(), "accepted_on", years)
    }


retail_sales_actuals = batched(retail_many, "retail_sales", reads=[RetailFigure])
village_store_actuals = batched(village_store_many, "village_stores", reads=[VillageStore])


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
    """The stores that count as of the month's end, per 旗县区 (all nine, in the city's order): one query."""
    counting = VillageStore.objects.counting(year, month).values("pk")
    counties = County.objects.order_by("order").annotate(
        counted=Count("stores", filter=Q(stores__in=counting))
    )
    return [(county.name, county.counted) for county in counties]


def village_store_facts(year: int, month: int) -> dict:
    """{"by_county": [(旗县区, stores counted)], "awaiting": stores built but not yet accepted} at the month's end."""
    awaiting = VillageStore.objects.awaiting_acceptance(year, month)
    return {"by_county": stores_by_county(year, month), "awaiting": awaiting.count()}
