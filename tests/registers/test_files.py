"""Uploaded files are limited in size and type and served only to those allowed to see them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from markets.models import MonitoringReport
from plan import measure_updates
from plan.models import MeasureEvidence


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def report(plan_2007):
    return MonitoringReport.objects.create(
        name="5月市场运行分析",
        period="2007年5月",
        published_on=datetime.date(2007, 6, 5),
        file=SimpleUploadedFile("may.pdf", b"%PDF-1.4 may"),
    )


def test_monitoring_report_file_for_its_department_and_leaders(
    client, report, regulation_staff, leader, trade_staff
):
    url = reverse("registers:file", args=["monitoring-reports", report.pk])
    for person in (regulation_staff, leader):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 may"
        assert response["Cache-Control"] == "private, no-store"
    client.force_login(trade_staff)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_files_live_under_private_and_media_is_not_served(client, report, leader):
    assert report.file.name.startswith("private/monitoring/")
    client.force_login(leader)
    assert client.get("/media/" + report.file.name).status_code == 404


def test_wrong_type_and_too_large_files_are_refused(client, plan_2007, regulation_staff, settings):
    client.force_login(regulation_staff)
    url = reverse("registers:create", args=["monitoring-reports"])
    data = {"name": "报告", "period": "2007年6月", "published_on": "2007-07-05"}
    response = client.post(url, {**data, "file": SimpleUploadedFile("run.exe", b"MZ")})
    assert "file" in response.context["form"].errors
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.pdf", b"x" * (1024 * 1024 + 1))
    response = client.post(url, {**data, "file": big})
    assert "file" in response.context["form"].errors
    assert not MonitoringReport.objects.exists()


def _workbook() -> bytes:
    import io

    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def test_evidence_for_the_measure_s_departments_and_leaders(
    client, plan_2007, trade_staff, markets_staff, leader
):
    measure = plan_2007.measures.get(code="3.1.5")
    update = measure_updates.measure_update_save(
        user=trade_staff,
        measure=measure,
        year=2007,
        month=5,
        text="已报名参展企业12家",
        progress_pct=40,
        status="in_progress",
        expected_version=0,
        evidence=[SimpleUploadedFile("list.xlsx", _workbook())],
    )
    evidence = MeasureEvidence.objects.get(update=update)
    assert evidence.file.name.startswith("private/evidence/")
    url = reverse("plan:evidence", args=[evidence.pk])
    for person, status in [(trade_staff, 200), (leader, 200), (markets_staff, 403)]:
        client.force_login(person)
        assert client.get(url).status_code == status
    client.logout()
    assert client.get(url).status_code == 302


def test_evidence_of_a_bad_type_saves_nothing(plan_2007, trade_staff):
    from django.core.exceptions import ValidationError

    measure = plan_2007.measures.get(code="3.1.5")
    with pytest.raises(ValidationError):
        measure_updates.measure_update_save(
            user=trade_staff,
            measure=measure,
            year=2007,
            month=5,
            text="x",
            progress_pct=10,
            status="in_progress",
            expected_version=0,
            evidence=[SimpleUploadedFile("x.html", b"<script>")],
        )
    assert not measure.updates.exists()
