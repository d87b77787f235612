"""Hostile query strings on every page and download that answers a GET (issue 13): ?year=99999, ?year=0,
?year=², a 20-digit year, a NUL byte in ?q=, and whatever hypothesis makes of the parameters the pages read.
A bad parameter is ignored or answered 400/404, never a server error. The pages are those of the permission
matrix (tests/security/test_permission_matrix.py), every register kind's list and export included, each opened
by the first persona allowed to."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import ADMIN, LEADER, MARKETS, OUTREACH, REGULATION, TRADE
from tests.security.test_fuzz_forms import _log_in
from tests.security.test_permission_matrix import MATRIX, OK, cases

PERSONAS = (LEADER, ADMIN, TRADE, MARKETS, REGULATION, OUTREACH)
# What the pages read from the query string, and what a list's filters are named.
NAMES = ["year", "month", "page", "q", "format", "headers", "department", "status", "overdue", "as_of"]
NAMES += ["county", "kind", "category", "stage", "accepted", "fund", "result"]
ATTACKS = ["99999", "0", "-1", "²", "１２", "99999999999999999999", "2007\x00", "\x00", "%00", "1e3", "2007-13",
           "9999-99", " 2007 ", "", "a" * 5000, "' OR 1=1 --", "<script>", "NaN", "∞", "\ud7ff", "2007.0"]  # fmt: skip


# The query strings that gave 500s when the app was probed.
ISSUE = ["99999", "0", "²", "99999999999999999999", "\x00", "2007\x00", "-1", "a" * 5000]


def _pages(world):
    """(persona, url) of every GET that some persona is allowed to open."""
    found = []
    for name in sorted(MATRIX):
        for _kind, case in cases(name):
            persona = next((p for p in PERSONAS if case.get.get(p) == OK), None)
            if persona is not None:
                found.append((persona, case.url(name, world).split("?")[0]))
    return found


def test_every_query_string_is_ignored_or_refused_never_a_server_error(client, world):
    pages = _pages(world)
    assert len(pages) > 40, pages  # the discovery keeps finding the lists and downloads

    # First the attacks of the issue on every page, each parameter the pages read at a time ...
    for persona, url in pages:
        _log_in(client, world, persona)
        for name in NAMES[:4]:
            for value in ISSUE:
                response = client.get(url, {name: value})
                assert response.status_code < 500, (url, name, value)

    # ... then hypothesis's combinations.
    @settings(
        max_examples=80,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        page=st.sampled_from(pages),
        query=st.dictionaries(
            st.sampled_from(NAMES) | st.text(max_size=5),
            st.sampled_from(ATTACKS) | st.text(max_size=30) | st.integers().map(str),
            max_size=4,
        ),
    )
    def fuzz(page, query):
        persona, url = page
        _log_in(client, world, persona)
        response = client.get(url, query)
        assert response.status_code < 500, (url, query)

    fuzz()


@pytest.mark.parametrize("year", ["0", "99999", "99999999999999999999"])
def test_a_year_in_the_path_out_of_range_is_not_found(client, plan_2007, leader, year):
    client.force_login(leader)
    for path in (
        f"/plan/{year}/",
        f"/plan/{year}/measures/",
        f"/plan/{year}/bulletin/",
        f"/api/v1/progress/{year}/",
    ):
        assert client.get(path).status_code in (400, 404), path
