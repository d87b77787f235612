"""The progress API's cached answer costs the same few queries however much data is stored (issue 17, item 15):
the token with its account, the plan, the tables' tokens, the answer from the cache."""

import sys
from pathlib import Path

import pytest

from api.models import ApiToken

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))
import run as bench  # noqa: E402 (the benchmark's seeding of the real models)

API = "/api/v1/progress/2007/"

pytestmark = pytest.mark.django_db(transaction=True)


def cached_queries(client, key, django_assert_max_num_queries):
    client.get(API, HTTP_AUTHORIZATION=f"Bearer {key}")  # computes, if a write came since
    with django_assert_max_num_queries(4) as captured:
        response = client.get(API, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    return len(captured.captured_queries), response.json()


def test_the_cached_api_runs_four_queries_on_one_year_and_on_many(
    client, plan_2007, leader, django_assert_max_num_queries
):
    token = ApiToken(user=leader)
    key = token.set_new_key()
    token.save()
    bench.seed_figures([2007])
    bench.seed_registers([2007])
    bench.seed_plan([2007])
    one, small = cached_queries(client, key, django_assert_max_num_queries)
    # Three more years of everything: plans with 300 measures each and their updates, 1,500 more village stores.
    more = [2004, 2005, 2006]
    bench.seed_figures(more)
    bench.seed_registers(more)
    bench.seed_plan(more)
    many, large = cached_queries(client, key, django_assert_max_num_queries)
    assert one == many == 4
    assert [t["code"] for t in small["targets"]] == [t["code"] for t in large["targets"]]
