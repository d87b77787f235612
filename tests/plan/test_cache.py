"""The cached progress of the dashboard and the API (plan.cache): every write shows at once.

These tests run on the real apps' actuals functions (no fakes), which say what they read and so are cached.
They commit their writes (transaction=True): on PostgreSQL the tokens change as a writing transaction commits.
"""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from markets.models import County, VillageStore
from plan import cache, cycle, registry
from plan.models import DataVersion, Department, Measure, MonthlyReport
from tests.conftest import import_figures
from trade.models import TradeFigure

API = "/api/v1/progress/2007/"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def figures(plan_2007):
    import_figures(
        ("export", 2006, 9, 30000),
        ("import", 2006, 9, 20000),
        ("export", 2007, 9, 36000),
        ("import", 2007, 9, 24000),
    )


def tokens():
    return DataVersion.objects.get(pk=1).tokens


def token(table="trade_tradefigure"):
    return tokens()[table]


def api_target(client, code, as_of="2007-09"):
    data = client.get(API, {"as_of": as_of}).json()
    return next(t for t in data["targets"] if t["code"] == code)


def test_every_table_the_computation_reads_has_the_triggers(db):
    watched = cache.watched_tables()
    # Every registered function says what it reads; so do the badges beside the cards (plan.registry).
    assert cache.all_reads() | cache.reads(registry.badge_sources()) == watched
    assert {
        "trade_tradefigure",
        "markets_retailfigure",
        "markets_villagestore",
        "markets_county",
        "outreach_overseasproject",
        "plan_plan",
        "plan_target",
        "plan_measure",
        "plan_monthlyreport",
        "plan_reportingdeadline",
        "plan_department",
        "plan_section",
    } <= watched
    assert watched <= tokens().keys()
    assert cache.current_tokens() == tokens()


def test_every_kind_of_write_changes_the_token_of_its_table_only(plan_2007):
    seen = {token()}

    def changed(table="trade_tradefigure"):
        now = tokens()
        assert now[table] not in seen
        seen.add(now[table])
        return now

    before = tokens()
    figure = TradeFigure.objects.create(indicator="export", year=2007, month=3, cumulative=Decimal(1))
    after = changed()
    # The other tables keep their tokens, and what was cached for them still serves.
    assert {k: v for k, v in after.items() if k != "trade_tradefigure"} == {
        k: v for k, v in before.items() if k != "trade_tradefigure"
    }
    figure.cumulative = Decimal(2)
    figure.save()
    changed()
    TradeFigure.objects.filter(pk=figure.pk).update(cumulative=Decimal(3))  # no signal, no auto_now
    changed()
    TradeFigure.objects.bulk_create([TradeFigure(indicator="import", year=2007, month=3, cumulative=1)])
    changed()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE trade_tradefigure SET cumulative = 4 WHERE id = %s", [figure.pk])
    changed()
    TradeFigure.objects.all().delete()
    changed()
    VillageStore.objects.create(
        name="某店", county=County.objects.first(), built_on=datetime.date(2007, 1, 5)
    )
    changed("markets_villagestore")
    Measure.objects.filter(plan=plan_2007).update(progress_pct=50)
    changed("plan_measure")


def test_a_management_command_s_write_shows_at_once(client, leader, figures, tmp_path):
    """importfigures, run by cron or by hand on another server, writes the shared database: the next page of
    any server shows it."""
    from django.core.management import call_command

    client.force_login(leader)
    assert api_target(client, "export")["actual"] == 36000.0
    assert "3.60 亿美元" in client.get("/", {"year": 2007, "month": 9}).content.decode()
    path = tmp_path / "figures.csv"
    path.write_text("indicator,year,month,cumulative\nexport,2007,9,38000\n", encoding="utf-8")
    call_command("importfigures", str(path), stdout=io.StringIO())
    assert api_target(client, "export")["actual"] == 38000.0
    assert "3.80 亿美元" in client.get("/", {"year": 2007, "month": 9}).content.decode()


def test_a_writing_transaction_neither_reads_nor_fills_the_cache(plan_2007):
    before = token()
    with transaction.atomic():
        TradeFigure.objects.create(indicator="export", year=2007, month=3, cumulative=Decimal(1))
        if connection.vendor == "postgresql":
            # Marked as having written; the token changes only with the commit.
            assert cache.current_tokens() is None
            assert token() == before
        else:
            # SQLite: one writer at a time, the token changes at once.
            assert cache.current_tokens()["trade_tradefigure"] == token() != before
    assert token() != before
    assert cache.current_tokens() == tokens()


def test_a_revised_figure_shows_at_once_in_the_api_and_on_the_dashboard(client, leader, figures):
    client.force_login(leader)
    assert api_target(client, "export")["actual"] == 36000.0
    assert "3.60 亿美元" in client.get("/", {"year": 2007, "month": 9}).content.decode()
    assert api_target(client, "export")["actual"] == 36000.0  # from the cache now
    import_figures(("export", 2007, 9, 37000))  # the statistics bureau revises September
    export = api_target(client, "export")
    assert export["actual"] == 37000.0
    # 37000 + 24000 = 61000 of 87000 for the total.
    assert api_target(client, "trade_total")["actual"] == 61000.0
    assert "3.70 亿美元" in client.get("/", {"year": 2007, "month": 9}).content.decode()


def test_a_new_village_store_counts_at_once(client, leader, figures, monkeypatch):
    client.force_login(leader)
    before = api_target(client, "village_stores")["actual"]
    stored = []
    store = caches["default"]
    set_many = store.set_many
    monkeypatch.setattr(
        store,
        "set_many",
        lambda data, *args, **kwargs: (stored.append(data), set_many(data, *args, **kwargs))[1],
    )
    VillageStore.objects.create(
        name="新店",
        county=County.objects.get(name="赛罕区"),
        built_on=datetime.date(2007, 3, 1),
        accepted_on=datetime.date(2007, 6, 1),
    )
    assert api_target(client, "village_stores")["actual"] == before + 1
    # The new count was stored (computed once, as the write committed or for this request), so the next
    # reader takes it from the cache rather than counting again.
    counts = [
        value["village_stores"][2007].values[9]
        for data in stored
        for _signature, value in data.values()
        if isinstance(value, dict) and "village_stores" in value
    ]
    assert counts and counts[-1] == Decimal(str(before)) + 1
    stored.clear()
    assert api_target(client, "village_stores")["actual"] == before + 1
    assert stored == []  # served from the cache: nothing computed, nothing stored


def test_a_department_s_note_shows_at_once_on_the_card(client, leader, figures, trade_staff):
    client.force_login(leader)
    html = client.get("/", {"year": 2007, "month": 9}).content.decode()
    assert "进口原油减少" not in html
    cycle.report_save_notes(
        user=trade_staff,
        department=Department.objects.get(code="trade"),
        year=2007,
        month=9,
        notes={"import": "进口原油减少，正协调重点企业扩大进口。"},
        expected_version=cycle.report_get(
            department=Department.objects.get(code="trade"), year=2007, month=9
        ).version,
    )
    assert "进口原油减少" in client.get("/", {"year": 2007, "month": 9}).content.decode()


def test_a_rolled_back_write_leaves_nothing_behind(client, leader, figures):
    client.force_login(leader)
    assert api_target(client, "export")["actual"] == 36000.0
    with pytest.raises(RuntimeError), transaction.atomic():
        TradeFigure.objects.filter(indicator="export", year=2007, month=9).update(cumulative=99999)
        # Seen inside the writing transaction (and cached under its token)...
        assert api_target(client, "export")["actual"] == 99999.0
        raise RuntimeError("the save fails later on")
    # ...but the token went back with the write, and the next write makes a new one, never that one.
    assert api_target(client, "export")["actual"] == 36000.0
    TradeFigure.objects.filter(indicator="export", year=2007, month=9).update(cumulative=36500)
    assert api_target(client, "export")["actual"] == 36500.0


def test_the_result_is_computed_again_the_next_day(client, leader, plan_2007):
    Measure.objects.filter(plan=plan_2007).update(due=datetime.date(2007, 12, 31))
    Measure.objects.filter(plan=plan_2007, code=plan_2007.measures.order_by("order")[0].code).update(
        due=datetime.date(2007, 9, 20), status="in_progress"
    )
    client.force_login(leader)
    with time_machine.travel(datetime.datetime(2007, 9, 19, 9, tzinfo=datetime.UTC), tick=False):
        overdue = [m for m in client.get(API, {"as_of": "2007-09"}).json()["measures"] if m["overdue"]]
        assert overdue == []
    with time_machine.travel(datetime.datetime(2007, 9, 21, 9, tzinfo=datetime.UTC), tick=False):
        client.force_login(leader)  # the session of two days ago has expired
        overdue = [m for m in client.get(API, {"as_of": "2007-09"}).json()["measures"] if m["overdue"]]
        assert len(overdue) == 1


def test_new_status_thresholds_take_effect_at_once(client, leader, figures, settings):
    client.force_login(leader)
    # The total: 60000 / 87000 = 68.97 % against 75 %; 0.9 × 75 = 67.5 → yellow at most.
    assert api_target(client, "trade_total")["status"] != "green"
    first = api_target(client, "trade_total")["status"]
    settings.PROGRESS_STATUS = {**settings.PROGRESS_STATUS, "yellow_time_ratio": 0.95}  # 71.25 %: red
    assert api_target(client, "trade_total")["status"] == "red"
    assert first == "yellow"


def test_a_function_that_does_not_say_what_it_reads_is_never_cached(client, leader, figures, monkeypatch):
    calls = []

    def plain(year):
        calls.append(year)
        return registry.Actuals(values={9: Decimal(calls.count(year))})

    monkeypatch.setitem(registry.actuals._actuals, "export", plain)
    assert cache.all_reads() is None
    client.force_login(leader)
    assert api_target(client, "export")["actual"] == 1.0
    assert api_target(client, "export")["actual"] == 2.0  # asked again: nothing was kept


def test_cached_pages_run_six_and_four_queries(client, leader, figures, django_assert_num_queries):
    from api.models import ApiToken

    client.force_login(leader)
    client.get("/", {"month": 9})  # computes, and refreshes the session
    # 1 the session, 2 the user, 3 the plans, 4 the tables' tokens, 5 the target cards from the cache (they
    # settle the month), 6 the other parts from the cache; the rest is the page's frame.
    with django_assert_num_queries(6):
        response = client.get("/", {"month": 9})
    assert "3.60 亿美元" in response.content.decode()
    token = ApiToken(user=leader)
    key = token.set_new_key()
    token.save()
    client.logout()
    client.get(API, {"as_of": "2007-09"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    # 1 the token with its account, 2 the plan, 3 the tables' tokens, 4 the answer from the cache.
    with django_assert_num_queries(4):
        response = client.get(API, {"as_of": "2007-09"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api_target_from(response.json(), "export")["actual"] == 36000.0


def api_target_from(data, code):
    return next(t for t in data["targets"] if t["code"] == code)


def test_two_writers_do_not_deadlock_over_the_token(plan_2007):
    """On PostgreSQL the token's row is locked only while a writer commits, after its other locks: a writer
    holding a month's report while another holds a figure does not deadlock with it."""
    import threading
    import time

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    report = MonthlyReport.objects.create(
        department=Department.objects.get(code="trade"), year=2007, month=5, state="draft"
    )
    ready = threading.Barrier(2, timeout=10)
    errors = []

    def figures_then_report():
        try:
            with transaction.atomic():
                TradeFigure.objects.create(indicator="export", year=2007, month=5, cumulative=Decimal(10))
                ready.wait()
                MonthlyReport.objects.select_for_update().get(pk=report.pk)  # waits for the other writer
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    def report_then_note():
        try:
            with transaction.atomic():
                MonthlyReport.objects.select_for_update().get(pk=report.pk)
                ready.wait()
                time.sleep(0.3)  # the other writer is now waiting for this report
                MonthlyReport.objects.filter(pk=report.pk).update(review_message="说明")
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    before = token()
    threads = [threading.Thread(target=figures_then_report), threading.Thread(target=report_then_note)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert MonthlyReport.objects.get(pk=report.pk).review_message == "说明"
    assert TradeFigure.objects.filter(year=2007, month=5).count() == 1
    assert token() != before


def test_after_a_write_only_what_reads_the_written_table_is_computed_again(
    client, leader, figures, django_assert_num_queries, settings, monkeypatch
):
    # The cache in memory, so that the count is of the computation's queries alone (the database cache, the
    # default, adds one read per group of parts and the writes of what was computed); and nothing computed as
    # the writes commit (see the tests of warming below), so that the reader computes.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setattr(cache, "_warmers", [])
    client.force_login(leader)
    client.get("/", {"month": 9})  # fills the cache, and refreshes the session
    for year in range(1998, 2007):  # more years of figures change nothing
        import_figures(("export", year, 9, 30000), ("import", year, 9, 20000))
    # 1 the session, 2 the user, 3 the plans, 4 the tables' tokens; the target cards again: 5 the targets with
    # their departments, 6 the trade figures of 2006 and 2007 (retail, stores and projects from the cache), 7
    # the departments with their reports of the month, 8 the targets' notes; the submissions again, as an
    # import also stamps its month's report: 9 the month's deadline; 10 the open 批示 beside the cards
    # (plan.registry.badges_for); the measures and the register summaries from the cache.
    with django_assert_num_queries(10):
        response = client.get("/", {"month": 9})
    assert "3.60 亿美元" in response.content.decode()
    import_figures(("export", 2007, 9, 36500))
    # 1 the session, 2 the user, 3 the plan, 4 the tables' tokens; the whole answer again: 5 the targets, 6 the
    # trade figures, 7 the departments with their reports, 8 the targets' notes, 9 the measures, 10 the month's
    # deadline (the API has no register summaries, so they are not run).
    with django_assert_num_queries(10):
        response = client.get(API, {"as_of": "2007-09"})
    assert api_target_from(response.json(), "export")["actual"] == 36500.0
    assert "3.65 亿美元" in client.get("/", {"month": 9}).content.decode()
    # A measure's update: the measures' part alone is computed again.
    Measure.objects.filter(plan__year=2007).update(status="behind")
    # 1–4 as above, 5 the targets (the cards are cached under the default month; the month asked is part of
    # the key), 6 the departments with their reports, 7 the targets' notes, 8 the measures, 9 the sections of
    # the measures table.
    with django_assert_num_queries(9):
        html = client.get("/", {"month": 9}).content.decode()
    assert "3.65 亿美元" in html


# Computed again as the write commits (plan.cache.warm): the first reader after a write reads the cache.


def _page_save(client, trade_staff, value):
    """The month page's save, through the page (version, unit 万美元)."""
    from django.urls import reverse

    client.force_login(trade_staff)
    report = cycle.report_get(department=Department.objects.get(code="trade"), year=2007, month=9)
    data = {"version": str(report.version), "unit": "wan", "action": "save", "note": "统计局修订"}
    for code, cumulative in {"export": value, "import": 24000}.items():
        data[f"{code}__cumulative"] = str(cumulative)
        data[f"{code}__release"] = "final"
    data.update(confirm="on", confirm_note="统计局修订")
    response = client.post(reverse("plan:month", args=["trade", 2007, 9]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()


def _command(value, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "figures.csv"
    path.write_text(f"indicator,year,month,cumulative\nexport,2007,9,{value}\n", encoding="utf-8")
    call_command("importfigures", str(path), stdout=io.StringIO())


@pytest.mark.parametrize("path", ["page", "import", "command"])
def test_the_first_dashboard_after_a_write_comes_from_the_cache(
    client, leader, trade_staff, figures, tmp_path, django_assert_num_queries, path
):
    """Whether the figure came from the month page, an import or importfigures on another server, the leader
    who opens the dashboard next finds it computed: the cached page's six queries, and the new figure."""
    client.force_login(leader)
    assert "3.60 亿美元" in client.get("/").content.decode()
    if path == "page":
        _page_save(client, trade_staff, 37000)
        client.force_login(leader)
    elif path == "import":
        import_figures(("export", 2007, 9, 37000))
    else:
        _command(37000, tmp_path)
    client.get("/accounts/notices/")  # the session's own refresh, so that only the dashboard is counted
    # 1 the session, 2 the user, 3 the plans, 4 the tables' tokens, 5 the target cards, 6 the other parts.
    with django_assert_num_queries(6):
        html = client.get("/").content.decode()
    assert "3.70 亿美元" in html
    # The progress API's answer too: 1 the session, 2 the user, 3 the plan, 4 the tokens, 5 the answer.
    with django_assert_num_queries(5):
        assert client.get(API).json()["targets"][0]["actual"] is not None
    assert api_target_from(client.get(API).json(), "export")["actual"] == 37000.0


def test_a_new_record_or_measure_change_is_computed_as_it_commits(
    client, leader, figures, django_assert_num_queries
):
    client.force_login(leader)
    client.get("/")
    VillageStore.objects.create(
        name="新店", county=County.objects.first(), built_on=datetime.date(2007, 2, 1)
    )  # a save(): post_save
    client.get("/accounts/notices/")
    with django_assert_num_queries(6):
        client.get("/")
    measure = Measure.objects.filter(plan__year=2007).first()
    measure.status = "behind"
    measure.save()
    client.get("/accounts/notices/")
    with django_assert_num_queries(6):
        client.get("/")


def test_a_write_that_warms_nothing_is_still_seen_by_its_first_reader(client, leader, figures):
    """QuerySet.update() sends no signal: nothing is computed as it commits, and the first reader computes."""
    client.force_login(leader)
    assert "3.60 亿美元" in client.get("/").content.decode()
    TradeFigure.objects.filter(indicator="export", year=2007, month=9).update(cumulative=Decimal(39000))
    assert "3.90 亿美元" in client.get("/").content.decode()


def test_a_warmer_that_fails_leaves_the_write_and_the_next_reader_alone(
    client, leader, figures, monkeypatch, caplog
):
    def broken(tokens):
        raise RuntimeError("warmer broken")

    monkeypatch.setattr(cache, "_warmers", [broken])
    client.force_login(leader)
    import_figures(("export", 2007, 9, 38000))
    assert TradeFigure.objects.get(indicator="export", year=2007, month=9).cumulative == Decimal(38000)
    assert "warmer broken" in caplog.text
    assert "3.80 亿美元" in client.get("/").content.decode()


def test_one_computation_per_transaction_however_many_rows_it_writes(plan_2007, monkeypatch):
    calls = []
    monkeypatch.setattr(cache, "_warmers", [calls.append])
    with transaction.atomic():
        for month in range(1, 7):
            TradeFigure.objects.create(indicator="export", year=2007, month=month, cumulative=Decimal(month))
        assert calls == []  # nothing before the commit
    assert len(calls) == 1
    with transaction.atomic():
        TradeFigure.objects.create(indicator="export", year=2007, month=7, cumulative=Decimal(7))
        transaction.set_rollback(True)
    assert len(calls) == 1  # a rolled-back write computes nothing


def test_the_cache_does_not_grow_with_every_write(client, leader, figures):
    """One entry a part, overwritten as its tables change: a day of revisions does not fill the cache (and the
    database cache, over its size, would cull what was just computed along with what is stale)."""

    def entries():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM bureau_cache")
            return cursor.fetchone()[0]

    client.force_login(leader)
    import_figures(("export", 2007, 9, 36100))
    client.get("/")
    before = entries()
    for value in range(36200, 37200, 100):
        import_figures(("export", 2007, 9, value))
        assert f"{value / 10000:.2f} 亿美元" in client.get("/").content.decode()
    assert entries() == before


def test_a_page_s_write_is_computed_after_its_response_is_sent(plan_2007, monkeypatch, rf):
    """The person who saved gets their answer first; the dashboard is computed as the server finishes sending
    it (WSGI close()), before the leader who looks next."""
    from django.http import HttpResponse

    from config.middleware import AfterResponseMiddleware

    calls = []
    monkeypatch.setattr(cache, "_warmers", [calls.append])

    def save(request):
        TradeFigure.objects.create(indicator="export", year=2007, month=4, cumulative=Decimal(4))
        assert calls == []
        return HttpResponse("saved")

    def read(request):
        return HttpResponse(str(TradeFigure.objects.count()))

    middleware = AfterResponseMiddleware(save)
    response = middleware(rf.post("/"))
    assert calls == []  # the response is ready and nothing was computed for it
    response.close()
    assert len(calls) == 1
    response = AfterResponseMiddleware(read)(rf.get("/"))
    response.close()
    assert len(calls) == 1  # a request that wrote nothing computes nothing


def test_the_plan_document_comes_from_the_cache_and_follows_its_measures(
    client, leader, plan_2007, django_assert_num_queries
):
    client.force_login(leader)
    client.get("/plan/2007/")  # computes, and refreshes the session
    # 1 the session, 2 the user, 3 the plan, 4 the tables' tokens, 5 the document from the cache, 6 the
    # menu's current plan.
    with django_assert_num_queries(6):
        html = client.get("/plan/2007/").content.decode()
    measure = Measure.objects.get(plan=plan_2007, code="3.1.1")
    assert f"3.1.1 · {measure.lead}" in html
    other = Department.objects.exclude(pk=measure.lead_id).first()
    Measure.objects.filter(pk=measure.pk).update(lead=other)  # no signal: the triggers alone
    assert f"3.1.1 · {other}" in client.get("/plan/2007/").content.decode()


def test_the_drill_downs_read_the_actuals_from_the_cache_and_show_a_revision_at_once(client, leader, figures):
    """The target and department pages take the actuals the dashboard cached (the trade figures are not read
    again; the bulletin reads them for its export categories, a fact of its text), and a revised figure is on
    them and on the bulletin page at once."""
    client.force_login(leader)
    client.get("/")  # fills the cache
    pages = ["/plan/2007/targets/export/?month=9", "/departments/trade/?month=9"]
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(page).content.decode()
        assert "3.60" in html
        assert not [q for q in queries.captured_queries if "trade_tradefigure" in q["sql"]], page
    bulletin = "/plan/2007/bulletin/?month=9"
    assert "出口3.60亿美元" in client.get(bulletin).content.decode()
    import_figures(("export", 2007, 9, 37000))
    for page in pages:
        assert "3.70" in client.get(page).content.decode(), page
    assert "出口3.70亿美元" in client.get(bulletin).content.decode()
