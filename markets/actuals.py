"""The actuals of the markets targets, as plan.registry asks for them: retail sales from the monthly figures,
village stores from the register (how many count as of each month's end, docs/rules.md). One query per call."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from plan.cumulative import cumulative_counts
from plan.figures.actuals import figure_actuals
from plan.registry import Actuals, batched

from .models import County, RetailFigure, VillageStore

FARM_SUPPLY_MAX_SHARE = Decimal("20")


# {"retail_sales": {year: Actuals}} for the years: one query.
retail_many = figure_actuals(RetailFigure, ["retail_sales"])


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
    """The year's 农家店 as of a month's end: those that count, the farm-supply stores among them, and the
    stores built but not yet accepted (docs/rules.md, counting rules)."""

    counted: int
    farm_supply: int
    awaiting: int

    @property
    def farm_supply_share(self) -> Decimal | None:
        """The farm-supply share as shown: one decimal, half up."""
        if not self.counted:
            return None
        return (Decimal(self.farm_supply) * 100 / self.counted).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def farm_supply_warning(self) -> bool:
        """Farm-supply stores may be at most 20 % of the year's count, compared exactly (20.05 % warns)."""
        return self.farm_supply * 100 > FARM_SUPPLY_MAX_SHARE * self.counted


def counties_with_counts(year: int, month: int = 12):
    """Every 旗县区 (in the city's order) with its stores that count, the farm-supply stores among them, the
    stores awaiting acceptance, its single-product shops and the subsidy of the counted stores, as of the
    month's end: one query, on the rule of VillageStoreQuerySet.counting and awaiting_acceptance."""
    stores = VillageStore.objects
    counting = Q(stores__in=stores.counting(year, month).values("pk"))
    return County.objects.order_by("order").annotate(
        counted=Count("stores", filter=counting),
        farm_supply=Count("stores", filter=counting & Q(stores__category=VillageStore.Category.FARM_SUPPLY)),
        awaiting=Count("stores", filter=Q(stores__in=stores.awaiting_acceptance(year, month).values("pk"))),
        single=Count("stores", filter=Q(stores__category=VillageStore.Category.SINGLE)),
        subsidy=Sum("stores__subsidy", filter=counting),
    )


def total_count(counties) -> StoreCount:
    return StoreCount(
        counted=sum(c.counted for c in counties),
        farm_supply=sum(c.farm_supply for c in counties),
        awaiting=sum(c.awaiting for c in counties),
    )


def stores_by_county(year: int, month: int) -> list[tuple[str, int]]:
    """The stores that count as of the month's end, per 旗县区 (all nine, in the city's order): one query."""
    return [(county.name, county.counted) for county in counties_with_counts(year, month)]


def village_store_facts(year: int, month: int) -> dict:
    """{"by_county": [(旗县区, stores counted)], "awaiting": stores built but not yet accepted} at the month's end."""
    counties = list(counties_with_counts(year, month))
    return {
        "by_county": [(county.name, county.counted) for county in counties],
        "awaiting": total_count(counties).awaiting,
    }
