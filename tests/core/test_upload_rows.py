"""A stored file always has its row (issue 17, 8): a name longer than its column is kept shortened with its
extension, and a save that fails after its upload was stored deletes the file again — a measure's evidence,
a register's file, an upload in the admin (core.uploads.files_with_their_rows)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import uploads
from markets.models import MonitoringReport
from plan import measure_updates
from plan.models import MeasureEvidence
from registers import spec as registry
from registers.services import record_save

LONG_NAME = "呼和浩特市商务局" * 30 + ".pdf"  # 244 characters


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files_on_disk(media) -> list:
    return sorted(path for path in media.rglob("*") if path.is_file())


def pdf(name=LONG_NAME):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence")


def test_upload_name_keeps_the_extension_within_the_column():
    assert uploads.upload_name("C:\\文件\\检查记录.pdf", 200) == "检查记录.pdf"
    # 196 characters of the name and ".pdf": 24 times 呼和浩特市商务局, then 呼和浩特.
    assert uploads.upload_name(LONG_NAME, 200) == "呼和浩特市商务局" * 24 + "呼和浩特.pdf"
    # On disk, within what a file system takes: 146 bytes of the name (48 characters and 2 bytes dropped).
    assert uploads.stored_name(LONG_NAME) == "呼和浩特市商务局" * 6 + ".pdf"
    assert uploads.upload_name("无扩展名" * 60, 200) == ("无扩展名" * 60)[:200]


def test_evidence_with_a_name_of_244_characters_is_kept_shortened(client, plan_2007, trade_staff, media):
    client.force_login(trade_staff)
    measure = plan_2007.measures.get(code="3.1.5")
    url = reverse("plan:measure_update", args=[2007, measure.code])
    data = {"month": "5", "text": "已报名参展企业12家", "progress_pct": "40", "status": "in_progress"}
    response = client.post(url, {**data, "version_5": "0", "evidence": pdf()})
    assert response.status_code == 302
    evidence = MeasureEvidence.objects.get()
    assert len(evidence.name) == 200 and evidence.name.endswith(".pdf")
    assert len(evidence.file.name) <= 200 and evidence.file.name.endswith(".pdf")
    assert files_on_disk(media) == [media / evidence.file.name]
    download = client.get(reverse("plan:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and download.getvalue() == b"%PDF-1.4 evidence"


def test_a_measure_update_that_fails_after_storing_its_evidence_leaves_no_file(
    plan_2007, trade_staff, media, monkeypatch
):
    def fails(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(measure_updates, "_sync_measure", fails)
    with pytest.raises(RuntimeError):
        measure_updates.measure_update_save(
            user=trade_staff,
            measure=plan_2007.measures.get(code="3.1.5"),
            year=2007,
            month=5,
            text="已报名参展企业12家",
            progress_pct=40,
            status="in_progress",
            expected_version=0,
            evidence=[pdf("名单.pdf"), pdf("照片说明.pdf")],
        )
    assert not MeasureEvidence.objects.exists()
    assert files_on_disk(media) == []


def test_a_register_record_whose_save_fails_after_storing_its_file_leaves_no_file(
    plan_2007, regulation_staff, media, monkeypatch
):
    import registers.services

    def fails(*args, **kwargs):
        raise RuntimeError("the history could not be written")

    monkeypatch.setattr(registers.services, "update_change_reason", fails)
    spec = next(spec for spec in registry.all_registers() if spec.model is MonitoringReport)
    report = MonitoringReport(
        name="2007年上半年分析", period="2007年1–6月", published_on=datetime.date(2007, 7, 5)
    )
    report.file = pdf("报告.pdf")
    with pytest.raises(RuntimeError):
        record_save(user=regulation_staff, spec=spec, record=report, reason="上传报告")
    assert not MonitoringReport.objects.exists()
    assert files_on_disk(media) == []
    # The same save without the failure keeps the file with its row.
    monkeypatch.undo()
    report = MonitoringReport(
        name="2007年上半年分析", period="2007年1–6月", published_on=datetime.date(2007, 7, 5)
    )
    report.file = pdf("报告.pdf")
    record_save(user=regulation_staff, spec=spec, record=report)
    assert files_on_disk(media) == [media / MonitoringReport.objects.get().file.name]


def test_an_admin_upload_whose_save_fails_leaves_no_file(client, plan_2007, admin_user, media, monkeypatch):
    from django.contrib import admin

    model_admin = admin.site._registry[MonitoringReport]

    def fails(*args, **kwargs):
        raise RuntimeError("a related save failed")

    monkeypatch.setattr(type(model_admin), "save_related", fails)
    client.raise_request_exception = False
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:markets_monitoringreport_add"),
        {"name": "报告", "period": "2007年6月", "published_on": "2007-07-05", "file": pdf("报告.pdf")},
    )
    assert response.status_code == 500
    assert not MonitoringReport.objects.exists()
    assert files_on_disk(media) == []
