"""Every upload path goes through core.uploads: a disguised or oversized file is refused with a clear Chinese
message, and nothing is stored — the figures file, a register's import, a register's file, a measure's
evidence."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from markets.models import MonitoringReport, VillageStore
from plan.models import MeasureEvidence, MeasureUpdate
from trade.models import TradeFigure

HTML_AS_PDF = ("报告.pdf", b"<html><script>alert(1)</script></html>")
NOT_A_ZIP_AS_XLSX = ("数据.xlsx", b"this is not a workbook at all")
SVG_AS_PNG = ("照片.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
MISMATCH = "文件内容与文件名不符"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_MB = 1


def oversized(name):
    return SimpleUploadedFile(name, b"PK\x03\x04" + b"0" * (1024 * 1024))


def page(response):
    return response.content.decode()


def test_the_figures_upload_refuses_a_disguised_or_oversized_file(client, trade_staff):
    client.force_login(trade_staff)
    url = reverse("plan:figures_upload")
    response = client.post(url, {"file": SimpleUploadedFile(*NOT_A_ZIP_AS_XLSX)})
    assert MISMATCH in page(response) and "XLSX" in page(response)
    response = client.post(url, {"file": oversized("大文件.xlsx")})
    assert "文件过大" in page(response)
    assert "figures_upload" not in client.session
    assert not TradeFigure.objects.exists()


def test_a_register_import_refuses_a_disguised_or_oversized_file(client, plan_2007, markets_staff):
    client.force_login(markets_staff)
    url = reverse("registers:import", args=["village-stores"])
    for upload in (SimpleUploadedFile(*NOT_A_ZIP_AS_XLSX), oversized("大文件.xlsx")):
        response = client.post(url, {"file": upload})
        assert response.status_code == 400
        assert MISMATCH in page(response) or "文件过大" in page(response)
    assert not VillageStore.objects.exists()


def test_a_register_file_refuses_a_disguised_file(client, plan_2007, regulation_staff):
    client.force_login(regulation_staff)
    url = reverse("registers:create", args=["monitoring-reports"])
    data = {"name": "报告", "period": "2007年6月", "published_on": "2007-07-05"}
    for upload in (SimpleUploadedFile(*HTML_AS_PDF), SimpleUploadedFile(*SVG_AS_PNG), oversized("大.pdf")):
        response = client.post(url, {**data, "file": upload})
        assert response.status_code == 200
        assert MISMATCH in page(response) or "文件过大" in page(response)
    assert not MonitoringReport.objects.exists()


def test_measure_evidence_refuses_a_disguised_file(client, plan_2007, trade_staff):
    client.force_login(trade_staff)
    measure = plan_2007.measures.get(code="3.1.5")
    url = reverse("plan:measure_update", args=[2007, measure.code])
    data = {
        "month": "5",
        "text": "已报名参展企业12家",
        "progress_pct": "40",
        "status": "in_progress",
        "version_5": "0",
    }
    for upload in (SimpleUploadedFile(*HTML_AS_PDF), SimpleUploadedFile(*SVG_AS_PNG), oversized("大.docx")):
        response = client.post(url, {**data, "evidence": upload})
        assert response.status_code == 400
        assert MISMATCH in page(response) or "文件过大" in page(response)
    assert not MeasureUpdate.objects.exists() and not MeasureEvidence.objects.exists()


def test_a_real_pdf_is_taken_and_served_inline_other_documents_as_downloads(client, plan_2007, trade_staff):
    client.force_login(trade_staff)
    measure = plan_2007.measures.get(code="3.1.5")
    url = reverse("plan:measure_update", args=[2007, measure.code])
    data = {"month": "5", "text": "已报名参展企业12家", "progress_pct": "40", "status": "in_progress"}
    # Two saves of May, each from the page as it then stood (version 0: no update yet; then 1).
    client.post(url, {**data, "version_5": "0", "evidence": SimpleUploadedFile("名单.pdf", b"%PDF-1.4 list")})
    client.post(
        url, {**data, "version_5": "1", "evidence": SimpleUploadedFile("名单.txt", "企业名单".encode())}
    )
    pdf, txt = MeasureEvidence.objects.order_by("pk")
    assert "attachment" not in client.get(reverse("plan:evidence", args=[pdf.pk]))["Content-Disposition"]
    assert "attachment" in client.get(reverse("plan:evidence", args=[txt.pk]))["Content-Disposition"]
