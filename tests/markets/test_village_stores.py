"""The 农家店 counting rule of docs/rules.md, with hand-worked cases, and the pages built on it."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from markets.actuals import counties_with_counts, total_count, village_store_actuals
from markets.models import COUNTIES, County, StoreInspection, VillageStore
from plan.registry import actuals_for

D = datetime.date


def store_count(year, month):
    return total_count(counties_with_counts(year, month))


JAN_5 = D(2007, 1, 5)


def store(name, *, county="新城区", category="general", built_on=JAN_5, accepted_on=None, **extra):
    return VillageStore.objects.create(
        name=name,
        county=County.objects.get(name=county),
        category=category,
        built_on=built_on,
        accepted_on=accepted_on,
        **extra,
    )


@pytest.fixture
def stores(plan_2007):
    """Six stores, each testing one rule:
    A accepted on 2007-03-31, the last day of March: counts as of March, not as of February.
    B accepted 2006-12-20, the year before: never counts for 2007.
    C built 2007-02-10, not accepted: awaiting acceptance, not counted.
    D a single-product pharmacy accepted 2007-02-01: never counts.
    E a farm-supply store accepted 2007-05-15 in 赛罕区: counts from May.
    F a general store accepted 2007-01-20 in 武川县: counts from January.
    """
    return {
        "A": store("A店", accepted_on=D(2007, 3, 31)),
        "B": store("B店", built_on=D(2006, 11, 1), accepted_on=D(2006, 12, 20)),
        "C": store("C店", built_on=D(2007, 2, 10)),
        "D": store("D药店", category="single", accepted_on=D(2007, 2, 1)),
        "E": store("E农资店", county="赛罕区", category="farm_supply", accepted_on=D(2007, 5, 15)),
        "F": store("F店", county="武川县", accepted_on=D(2007, 1, 20)),
    }


def test_the_nine_counties_are_there_after_loadplan_and_only_once(plan_2007):
    from plan.plan_data import load_plan

    load_plan(2007)
    assert list(County.objects.values_list("name", flat=True)) == COUNTIES


def test_counting_by_month_end(stores):
    counted = VillageStore.objects.counting
    assert set(counted(2007, 2).values_list("name", flat=True)) == {"F店"}
    # A was accepted on March 31st, the last day of the as-of month: it counts as of March.
    assert set(counted(2007, 3).values_list("name", flat=True)) == {"A店", "F店"}
    assert set(counted(2007, 12).values_list("name", flat=True)) == {"A店", "E农资店", "F店"}
    # B was accepted in 2006: it counted for 2006, never for 2007.
    assert set(counted(2006, 12).values_list("name", flat=True)) == {"B店"}


def test_built_but_not_accepted_is_shown_separately(stores):
    awaiting = VillageStore.objects.awaiting_acceptance
    # As of March: C (never accepted) and E (accepted only in May).
    assert set(awaiting(2007, 3).values_list("name", flat=True)) == {"C店", "E农资店"}
    # As of January C is not built yet; A, built on Jan 5th, awaits its acceptance of March 31st.
    assert set(awaiting(2007, 1).values_list("name", flat=True)) == {"A店", "E农资店"}
    # The single-product shop is neither counted nor awaiting.
    assert store_count(2007, 3).awaiting == 2


def test_actuals_for_the_dashboard_are_cumulative_counts_in_one_query(stores, django_assert_num_queries):
    with django_assert_num_queries(1):  # the counting stores' acceptance dates
        actuals = actuals_for("village_stores", 2007)
    assert actuals.values == {
        1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 3, 7: 3, 8: 3, 9: 3, 10: 3, 11: 3, 12: 3,
    }  # fmt: skip
    assert actuals.sample is False
    assert village_store_actuals(2006).values[12] == Decimal(1)


def test_sample_stores_mark_the_actual_as_sample(stores):
    VillageStore.objects.filter(name="F店").update(is_sample=True)
    assert actuals_for("village_stores", 2007).sample is True


def test_farm_supply_share_warns_past_twenty_percent(plan_2007):
    for i in range(4):
        store(f"综合{i}", accepted_on=D(2007, 4, 1))
    store("农资1", category="farm_supply", accepted_on=D(2007, 4, 1))
    # 1 of 5 = 20.0 %: allowed.
    assert store_count(2007, 12).farm_supply_share == Decimal("20.0")
    assert not store_count(2007, 12).farm_supply_warning
    store("农资2", category="farm_supply", accepted_on=D(2007, 4, 2))
    # 2 of 6 = 33.3 %: a warning.
    assert store_count(2007, 12).farm_supply_share == Decimal("33.3")
    assert store_count(2007, 12).farm_supply_warning


def test_accepted_before_built_is_refused(plan_2007):
    from django.core.exceptions import ValidationError

    bad = VillageStore(
        name="X", county=County.objects.first(), built_on=D(2007, 5, 1), accepted_on=D(2007, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "accepted_on" in error.value.message_dict


def test_breakdown_by_county(client, markets_staff, stores, django_assert_num_queries):
    client.force_login(markets_staff)
    url = reverse("markets:village_stores")
    # session, user, counties with their counts, the year's plan, its village_stores target, the markets
    # department (may the user add a store?); the page frame: the current plan for the menu, the user's
    # department; the session's idle timer: savepoint, update, release. (The year is asked for, so the
    # current plan is not read to find it.)
    with django_assert_num_queries(11):
        response = client.get(url, {"year": 2007, "month": 12})
    counties = {c.name: c for c in response.context["counties"]}
    assert (counties["新城区"].counted, counties["新城区"].awaiting) == (1, 1)  # A counted, C awaiting
    assert (counties["赛罕区"].counted, counties["赛罕区"].farm_supply) == (1, 1)
    assert counties["武川县"].counted == 1
    html = response.content.decode()
    assert '<div class="fs-4" id="stores-counted">3 家</div>' in html
    # 1 farm-supply store of 3 counted: 33.3 %, past the 20 % allowed.
    assert 'id="farm-supply-warning"' in html


def test_recording_an_inspection(client, markets_staff, trade_staff, stores):
    url = reverse("markets:inspection_add", args=[stores["A"].pk])
    data = {"inspected_on": "2007-06-01", "result": "rectify", "problems": "货架商品不全"}
    client.force_login(trade_staff)
    assert client.post(url, data).status_code == 403
    assert not StoreInspection.objects.exists()
    client.force_login(markets_staff)
    response = client.post(url, data, follow=True)
    assert StoreInspection.objects.get().problems == "货架商品不全"
    assert "货架商品不全" in response.content.decode()
    # A bad date is refused with the field named.
    response = client.post(url, {**data, "inspected_on": "2007-13-01"}, follow=True)
    assert StoreInspection.objects.count() == 1
    assert "检查日期" in response.content.decode() or "inspected on" in response.content.decode()


def test_the_farm_supply_share_is_compared_exactly():
    # docs/rules.md, "Settled questions": 401 of 2,000 is 20.05 %: over 20 %, so it warns, and it shows as 20.1 %.
    from markets.actuals import StoreCount

    over = StoreCount(counted=2000, farm_supply=401, awaiting=0)
    assert over.farm_supply_warning and over.farm_supply_share == Decimal("20.1")
    assert not StoreCount(counted=2000, farm_supply=400, awaiting=0).farm_supply_warning


def test_the_page_the_dashboard_and_the_summary_count_the_same_stores(client, leader, stores):
    # One rule (VillageStoreQuerySet.counting) behind the stores page, the dashboard's actual and the summary.
    from markets.actuals import stores_by_county

    client.force_login(leader)
    page = client.get(reverse("markets:village_stores"), {"year": 2007, "month": 12})
    counted_on_page = page.context["total"].counted
    actual = village_store_actuals(2007).values[12]
    in_summary = sum(n for _county, n in stores_by_county(2007, 12))
    assert counted_on_page == actual == in_summary == 3


def test_the_register_s_counting_filter_judges_at_the_plan_year_not_today(client, stores, leader):
    """Issue 17, item 10: seen in 2026, the 2007 register's "counts toward the target" filter offers 2007 (its
    end, or the month chosen) and finds A, E and F; it offered 截至2026年1–12月, which counts nothing."""
    client.force_login(leader)
    url = reverse("registers:list", args=["village-stores"])

    def offered(response):
        (found,) = [f for f in response.context["filters"] if f.name == "counts"]
        return found.options

    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert offered(client.get(url)) == [("2007-12", "截至2007年1–12月计入目标的")]
        rows = client.get(url, {"counts": "2007-12"}).context["rows"]
        assert sorted(record.name for record, _cells in rows) == ["A店", "E农资店", "F店"]
        # The month chosen (?month=3): A (accepted on March 31st) and F.
        assert offered(client.get(url, {"month": 3})) == [("2007-03", "截至2007年1–3月计入目标的")]
        rows = client.get(url, {"counts": "2007-03"}).context["rows"]
        assert sorted(record.name for record, _cells in rows) == ["A店", "F店"]
