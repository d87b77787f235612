"""Who sees the 考核: leaders, admins and the office the ranking; staff their own department; everyone the
scheme; only an admin changes it, and a published scheme only with a reason."""

import pytest

from assessment.models import Scheme
from tests.conftest import _make_user


@pytest.fixture
def office_staff(db):
    return _make_user("office1", "staff", "office", name="办公室督查员")


@pytest.mark.django_db
def test_anonymous_sees_nothing(client, plan_2007):
    for url in (
        "/assessment/2007/",
        "/assessment/2007/trade/",
        "/assessment/2007/scheme/",
        "/assessment/2007/scores.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/scores/2007/").status_code == 401


@pytest.mark.django_db
def test_staff_see_their_own_department_only(client, plan_2007, trade_staff):
    client.force_login(trade_staff)
    assert client.get("/assessment/2007/").url.startswith("/assessment/2007/trade/")
    assert client.get("/assessment/2007/trade/").status_code == 200
    assert client.get("/assessment/2007/markets/").status_code == 403
    assert client.get("/assessment/2007/scores.xlsx").status_code == 403
    assert client.get("/assessment/2007/scores.docx").status_code == 403
    answer = client.get("/api/v1/scores/2007/").json()
    assert [row["code"] for row in answer["departments"]] == ["trade"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["leader", "admin_user", "office_staff"])
def test_leaders_admins_and_the_office_see_the_ranking(client, plan_2007, who, request):
    from plan.models import Department

    client.force_login(request.getfixturevalue(who))
    page = client.get("/assessment/2007/").content.decode()
    for department in Department.objects.all():
        assert f'data-department="{department.code}"' in page
    assert client.get("/assessment/2007/scores.xlsx").status_code == 200
    docx = client.get("/assessment/2007/scores.docx")
    assert docx.status_code == 200
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "科室考核得分" in text


@pytest.mark.django_db
def test_the_ranking_runs_as_many_queries_with_a_years_records_as_with_none(client, plan_2007, leader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plan import cycle
    from plan.models import Department, Measure

    client.force_login(leader)
    client.get("/assessment/2007/?month=12")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/assessment/2007/?month=12").status_code == 200
        return len(queries)

    empty = count()
    # A year of records: every department submits every month (some returned first), measures closed.
    for department in Department.objects.all():
        staff = _make_user(f"s-{department.code}", "staff", department.code)
        for month in range(1, 13):
            report = cycle.report_get(department=department, year=2007, month=month)
            report = cycle.report_submit(user=staff, report=report, expected_version=report.version)
            if month % 3 == 0:
                report = cycle.report_return(user=leader, report=report, message="请补充")
                cycle.report_submit(user=staff, report=report, expected_version=report.version)
    Measure.objects.filter(plan=plan_2007).update(status=Measure.Status.CLOSED)
    # The same queries, whatever the records hold: the record read once for all twelve months, then per
    # month the dashboard's computation (its actuals from the cache).
    assert count() == empty


@pytest.mark.django_db
def test_the_scheme_is_read_by_all_and_changed_by_an_admin_with_a_reason_once_published(
    client, plan_2007, trade_staff, admin_user
):
    client.force_login(trade_staff)
    page = client.get("/assessment/2007/scheme/")
    assert page.status_code == 200 and "月报逾期报送" in page.content.decode()
    assert client.post("/assessment/2007/scheme/", {"report_late": "-9"}).status_code == 403
    client.force_login(admin_user)
    fields = {name: str(value) for name, _label, value in Scheme(year=2007).items()}
    published = client.post("/assessment/2007/scheme/", {**fields, "publish": "on", "version": 0})
    assert published.status_code == 302
    scheme = Scheme.objects.get(year=2007)
    assert scheme.is_published
    # A change without a reason is refused, the typed value kept in the form.
    refused = client.post(
        "/assessment/2007/scheme/", {**fields, "report_late": "-3", "version": scheme.version}
    )
    assert refused.status_code == 400
    assert 'value="-3"' in refused.content.decode() or 'value="-3.0"' in refused.content.decode()
    assert Scheme.objects.get(year=2007).report_late == -2
    changed = client.post(
        "/assessment/2007/scheme/",
        {**fields, "report_late": "-3", "version": scheme.version, "reason": "局务会决定加重逾期扣分"},
    )
    assert changed.status_code == 302
    assert Scheme.objects.get(year=2007).report_late == -3
    history = client.get("/assessment/2007/scheme/").content.decode()
    assert "局务会决定加重逾期扣分" in history
    # A stale save (version of before the change) is refused.
    stale = client.post("/assessment/2007/scheme/", {**fields, "version": scheme.version, "reason": "再改"})
    assert stale.status_code == 400
