"""Every register's pages: everyone logged in reads, only the register's department changes (403 for
another department, and nothing changes), anonymous visitors are sent to log in."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from markets.models import County
from registers import spec as specs

OWNERS = {"markets": "markets_staff", "regulation": "regulation_staff", "outreach": "outreach_staff", "trade": "trade_staff"}  # fmt: skip


def valid_data(key):
    return all_valid_data()[key]


def all_valid_data():
    """A valid create form of every register, by key."""
    county = str(County.objects.get(name="玉泉区").pk)
    return {
        "village-stores": {"name": "大召农家店", "county": county, "kind": "new", "category": "general"},
        "liquor-filings": {
            "name": "塞外酒业",
            "kind": "wholesale",
            "filed_on": "2007-04-02",
            "status": "active",
        },
        "slaughterhouses": {"name": "玉泉定点屠宰厂", "county": county, "status": "active"},
        "slaughter-cases": {
            "name": "小黑河私屠案",
            "county": county,
            "found_on": "2007-05-01",
            "status": "open",
        },
        "used-car-markets": {"name": "北方二手车市场", "status": "active"},
        "pawn-auction-firms": {"name": "青城典当行", "kind": "pawn", "status": "active"},
        "fuel-outlets": {"name": "石化加油站", "kind": "station", "county": county, "status": "active"},
        "monitoring-reports": {
            "name": "一季度市场运行分析",
            "period": "2007年1–3月",
            "published_on": "2007-04-10",
            "file": SimpleUploadedFile("q1.pdf", b"%PDF-1.4 report", content_type="application/pdf"),
        },
        "overseas-projects": {
            "name": "蒙古国建材项目",
            "enterprise": "某建材公司",
            "country": "蒙古国",
            "stage": "intent",
        },
        "outreach-events": {"name": "蒙古国经贸洽谈会", "status": "preparing"},
        "fund-applications": {
            "name": "某外贸公司",
            "fund": "sme_markets",
            "year": "2007",
            "amount_applied": "30",
            "status": "submitted",
        },  # fmt: skip
        "trade-events": {
            "name": "中俄边境贸易洽谈会",
            "status": "preparing",
            "enterprise_count": "0",
            "enterprises": "甲公司\n乙公司\n",
        },  # fmt: skip
        "friction-cases": {
            "name": "欧盟对华某产品反倾销",
            "country": "欧盟",
            "kind": "anti_dumping",
            "opened_on": "2007-03-01",
            "status": "open",
        },  # fmt: skip
    }


# Every register the plug-ins declare: a new one is covered without editing this file.
KEYS = [spec.key for spec in specs.all_registers()]


def test_every_register_has_its_form_data_here(plan_2007):
    """A new register kind adds its row to valid_data (docs/architecture.md, "Adding a register")."""
    missing = set(KEYS) - set(all_valid_data())
    assert not missing, f"add a row to valid_data for {sorted(missing)}"


def other_department_person(department):
    return "trade_staff" if department != "trade" else "markets_staff"


@pytest.mark.parametrize("key", KEYS)
def test_the_owner_creates_and_edits_and_everyone_reads(
    client, request, plan_2007, leader, key, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    spec = specs.get(key)
    owner = request.getfixturevalue(OWNERS[spec.department])
    client.force_login(owner)
    assert client.get(reverse("registers:create", args=[key])).status_code == 200
    response = client.post(reverse("registers:create", args=[key]), valid_data(key))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    record = spec.model.objects.latest("pk")
    assert record.created_by == owner
    assert response["Location"] == reverse("registers:detail", args=[key, record.pk])

    data = valid_data(key)
    data.pop("file", None)
    data["notes"] = "已核实"
    data["reason"] = "补充备注"
    data["version"] = record.version
    assert client.get(reverse("registers:edit", args=[key, record.pk])).status_code == 200
    response = client.post(reverse("registers:edit", args=[key, record.pk]), data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.notes == "已核实"
    assert record.history.latest().history_change_reason == "补充备注"

    client.force_login(leader)
    assert client.get(reverse("registers:list", args=[key])).status_code == 200
    detail = client.get(reverse("registers:detail", args=[key, record.pk])).content.decode()
    assert "补充备注" in detail  # the history shows why it changed
    export = client.get(reverse("registers:export", args=[key]))
    assert export.status_code == 200
    assert record.name in export.content.decode("utf-8-sig")


@pytest.mark.parametrize("key", KEYS)
def test_another_department_gets_403_and_changes_nothing(client, request, plan_2007, key, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    spec = specs.get(key)
    client.force_login(request.getfixturevalue(other_department_person(spec.department)))
    before = spec.model.objects.count()
    assert client.get(reverse("registers:create", args=[key])).status_code == 403
    assert client.post(reverse("registers:create", args=[key]), valid_data(key)).status_code == 403
    assert spec.model.objects.count() == before
    # Reading is open to every department.
    assert client.get(reverse("registers:list", args=[key])).status_code == 200


@pytest.mark.parametrize("key", ["overseas-projects", "trade-events"])
def test_another_department_cannot_edit(client, plan_2007, markets_staff, outreach_staff, key):
    spec = specs.get(key)
    record = spec.model.objects.first()  # the plan's named project / fair, loaded by loadplan
    client.force_login(markets_staff)
    url = reverse("registers:edit", args=[key, record.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "改名"}).status_code == 403
    record.refresh_from_db()
    assert record.name != "改名"


@pytest.mark.parametrize("key", KEYS)
def test_anonymous_is_sent_to_log_in(client, plan_2007, key):
    for url in [reverse("registers:list", args=[key]), reverse("registers:create", args=[key])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_bad_input_keeps_what_was_typed_and_names_the_field(client, plan_2007, markets_staff):
    client.force_login(markets_staff)
    data = {**valid_data("village-stores"), "built_on": "2007-05-01", "accepted_on": "2007-04-01"}
    response = client.post(reverse("registers:create", args=["village-stores"]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "accepted_on" in form.errors
    assert 'value="大召农家店"' in response.content.decode()


def test_list_filters_and_query_count(client, plan_2007, markets_staff, django_assert_num_queries):
    from markets.models import VillageStore

    yuquan, wuchuan = County.objects.get(name="玉泉区"), County.objects.get(name="武川县")
    for i in range(30):
        VillageStore.objects.create(name=f"店{i}", county=yuquan if i % 3 else wuchuan, category="general")
    client.force_login(markets_staff)
    url = reverse("registers:list", args=["village-stores"])
    # session, user, the markets department, the county filter's options, the plan year the counting filter
    # judges at, the page's count and rows, the plans' years of the year filter; the page frame: current plan
    # for the menu, the user's department; the session's idle timer: savepoint, update, release.
    with django_assert_num_queries(13):
        response = client.get(url, {"county": wuchuan.pk})
    assert response.context["page"].paginator.count == 10
    assert "店0" in response.content.decode()
    assert ">店1<" not in response.content.decode()


def test_village_stores_filter_by_acceptance_state(client, plan_2007, leader):
    import datetime

    from markets.models import VillageStore

    county = County.objects.get(name="清水河县")
    VillageStore.objects.create(name="已验收店", county=county, built_on=datetime.date(2007, 3, 1),
                                accepted_on=datetime.date(2007, 4, 1))  # fmt: skip
    VillageStore.objects.create(name="待验收店", county=county, built_on=datetime.date(2007, 3, 1))
    VillageStore.objects.create(name="未建店", county=county)
    client.force_login(leader)
    url = reverse("registers:list", args=["village-stores"])
    for state, name in [("accepted", "已验收店"), ("awaiting", "待验收店"), ("planned", "未建店")]:
        rows = client.get(url, {"state": state}).context["rows"]
        assert [record.name for record, _cells in rows] == [name]
    assert len(client.get(url, {"state": "nonsense"}).context["rows"]) == 3


def test_record_page_runs_a_constant_number_of_queries(
    client, plan_2007, markets_staff, django_assert_num_queries
):
    import datetime

    from markets.models import StoreInspection, VillageStore

    store = VillageStore.objects.create(name="大青山农家店", county=County.objects.get(name="武川县"))
    for day in range(1, 6):
        store.accepted_on = None
        store.built_on = datetime.date(2007, 3, day)
        store.save()
        StoreInspection.objects.create(store=store, inspected_on=datetime.date(2007, 6, day), result="passed")
    client.force_login(markets_staff)
    # session, user, the store with its county, the markets department, its history with users, its
    # inspections; the page frame: current plan for the menu, the user's department; the session's idle
    # timer: savepoint, update, release.
    with django_assert_num_queries(11):
        response = client.get(reverse("registers:detail", args=["village-stores", store.pk]))
    assert len(response.context["history"]) == 6
    assert response.content.decode().count("2007-06-0") == 5


def test_the_year_filter_offers_the_plan_s_years_only(client, plan_2007, markets_staff):
    from plan.models import Plan

    Plan.objects.create(year=2008, title="呼和浩特市商务局2008年工作要点", status=Plan.Status.DRAFT)
    spec = next(s for s in specs.all_registers() if s.year_field)
    client.force_login(markets_staff)
    response = client.get(reverse("registers:list", args=[spec.key]))
    assert list(response.context["years"]) == [2008, 2007]
    page = response.content.decode()
    assert '<option value="2008"' in page and '<option value="2006"' not in page
    assert f'<option value="{datetime.date.today().year}"' not in page


def test_amounts_on_register_pages_have_thousands_separators(client, plan_2007, leader):
    from decimal import Decimal

    from outreach.models import OverseasProject

    project = OverseasProject.objects.create(
        name="蒙古国乳业项目",
        enterprise="伊利集团",
        country="蒙古国",
        stage="intent",
        investment=Decimal("12345.6"),
    )
    client.force_login(leader)
    page = client.get(reverse("registers:detail", args=["overseas-projects", project.pk])).content.decode()
    assert "12,345.60" in page and "12345.6" not in page


# -- A reason on every edit of a record the plan counts --------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "owner", "counted", "not_counted"),
    [
        (
            "village-stores",
            "markets_staff",
            {"built_on": "2007-03-01", "accepted_on": "2007-04-20"},
            {"built_on": "2007-03-01", "accepted_on": ""},
        ),
        ("overseas-projects", "outreach_staff", {"stage": "approved", "approved_on": "2007-05-08"}, {}),
    ],
)
def test_a_counted_record_is_changed_only_with_a_reason_kept_in_the_history(
    client, request, plan_2007, key, owner, counted, not_counted
):
    client.force_login(request.getfixturevalue(owner))
    data = valid_data(key)
    # Not counted yet (built, not accepted; a project at 意向): a change needs no reason.
    client.post(reverse("registers:create", args=[key]), {**data, **not_counted})
    record = specs.get(key).model.objects.latest("pk")
    edit = reverse("registers:edit", args=[key, record.pk])
    assert client.post(edit, {**data, **counted, "version": record.version}).status_code == 302
    record.refresh_from_db()
    # Counted now: the form asks for 修改原因 and refuses a change without one.
    page = client.get(edit).content.decode()
    assert "修改原因" in page and "计入计划完成数" in page
    response = client.post(edit, {**data, **counted, "notes": "改了备注", "version": record.version})
    assert response.status_code == 200
    assert "这项记录已计入计划完成数，请说明修改原因" in response.content.decode()
    record.refresh_from_db()
    assert record.notes == ""
    response = client.post(
        edit, {**data, **counted, "notes": "改了备注", "reason": "验收单补录", "version": record.version}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.notes == "改了备注"
    assert record.history.latest().history_change_reason == "验收单补录"


def test_the_service_refuses_a_counted_record_changed_without_a_reason(plan_2007, markets_staff):
    import datetime

    from django.core.exceptions import ValidationError

    from markets.models import VillageStore
    from registers.services import record_save

    spec = specs.get("village-stores")
    store = VillageStore.objects.create(
        name="金桥农家店",
        county=County.objects.get(name="赛罕区"),
        built_on=datetime.date(2007, 3, 1),
        accepted_on=datetime.date(2007, 4, 20),
    )
    store.accepted_on = None  # taking a store out of the count is a change like any other
    with pytest.raises(ValidationError) as error:
        record_save(user=markets_staff, spec=spec, record=store, expected_version=store.version)
    assert "reason" in error.value.message_dict
    record_save(
        user=markets_staff, spec=spec, record=store, reason="验收结论撤销", expected_version=store.version
    )
    assert VillageStore.objects.get().accepted_on is None
