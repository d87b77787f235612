"""The API's OpenAPI description (/api/v1/openapi.json) covers every endpoint, and a property-based run of it
against the app (schemathesis, bounded in examples) finds no server error and no answer that breaks it."""

import io

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from plan.models import Department
from supervision.services import instruction_create


def _key(user) -> str:
    out = io.StringIO()
    call_command("apitoken", user.username, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


@pytest.mark.django_db
def test_the_description_covers_every_endpoint(client, leader, plan_2007):
    from django.urls import get_resolver

    client.force_login(leader)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    described = set(paths)
    assert {
        "/api/v1/progress/{year}/",
        "/api/v1/scores/{year}/",
        "/api/v1/instructions/",
        "/api/v1/instructions/{pk}/",
        "/api/v1/instructions/{pk}/{step}/",
    } <= described
    # Every operation the API serves is described (the description and its page aside).
    resolver = get_resolver()
    served = {
        str(pattern.pattern)
        for api in resolver.url_patterns
        if getattr(api, "namespace", None) == "api"
        for v1 in api.url_patterns
        for pattern in v1.url_patterns
    }
    for route in served - {"openapi.json", "docs", ""}:
        assert "/api/v1/" + route.replace("<int:", "{").replace("<", "{").replace(">", "}") in {
            p.replace("{year}", "{year}") for p in described
        } or any(route.split("<")[0] in p for p in described), route
    assert client.get("/api/v1/docs").status_code == 200


@pytest.fixture
def connection_kept_open():
    """The app is called as a WSGI application, whose end of request closes the database connection: inside
    the test's transaction (PostgreSQL) that would end it. Django's own test client keeps it open the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_a_property_based_run_finds_no_server_error_and_no_answer_off_the_description(
    leader, plan_2007, connection_kept_open
):
    key = _key(leader)
    auth = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, headers=auth)
    # Something to find: a 批示 to read and step on. Random years and ids mostly meet 404s, so half the
    # examples are pinned to the plan's year and that 批示 (and a third drop a random as_of), reaching the
    # answers that carry data.
    instruction = instruction_create(
        by=leader, text="请分析原因。", lead=Department.objects.get(code="trade"), year=plan_2007.year
    )

    def pinned(case, drop_as_of):
        if "year" in (case.path_parameters or {}):
            case.path_parameters["year"] = plan_2007.year
        if "pk" in (case.path_parameters or {}):
            case.path_parameters["pk"] = instruction.pk
        if drop_as_of and case.query:
            case.query.pop("as_of", None)
        return case

    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        raw = operation.as_strategy()
        strategy = st.one_of(raw, st.builds(pinned, raw, st.booleans()))

        # Bounded: a few examples of each operation, no shrinking database, no deadline (the first request
        # of an operation computes what later ones read from the cache).
        @settings(max_examples=16, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=strategy)
        def run(case):
            response = case.call(headers=auth)
            assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
            case.validate_response(response, checks=[status_code_conformance, response_schema_conformance])

        try:
            run()
        except Exception as error:  # a failed check is schemathesis' own exception type
            failures.append(f"{operation.label}: {type(error).__name__}: {str(error)[:1500]}")
    assert not failures, "\n\n".join(failures)
