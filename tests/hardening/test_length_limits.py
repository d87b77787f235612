"""Issue 13, "no length limits": a 2.4-million-character month note was stored and then sent to every reader of
the bulletin and the department page. Tried here as the attacker (a trade staffer posting the note, a file
or a service call) and as the readers (a leader opening the bulletin and the department page)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.test import Client
from django.urls import reverse

from plan import cycle, measure_updates
from plan.models import Department, Measure, MonthlyReport, TargetNote
from registers import services as register_services
from registers import spec as specs

HUGE = 2_400_000
MONTH_URL = "/months/trade/2007/9/"


def _month_post(note):
    return {"version": "0", "unit": "wan", "action": "save", "note__export": note}


def test_a_2_4_million_character_note_is_refused_naming_the_field_and_kept_in_the_box(
    client, trade_staff, leader, plan_2007
):
    attacker = client
    attacker.force_login(trade_staff)
    note = "x" * HUGE
    response = attacker.post(MONTH_URL, _month_post(note))
    assert response.status_code == 200
    page = response.content.decode()
    assert "原因分析及措施：最多 2,000 字，现有 2,400,000 字，请删减后再保存。" in page
    # Everything typed is back in the box, nothing cut off; the browser is not told to cut it either.
    assert page.count("x" * 1000) >= HUGE // 1000
    assert 'data-max-chars="2000"' in page and 'maxlength="2000"' not in page
    assert not TargetNote.objects.filter(text__startswith="xxx").exists()

    # The readers get nothing of it.
    reader = Client()
    reader.force_login(leader)
    for url in (reverse("bulletin:page", args=[2007]), reverse("plan:department", args=["trade"])):
        response = reader.get(url)
        assert response.status_code == 200
        assert "x" * 100 not in response.content.decode()
        assert len(response.content) < 1_000_000


def test_a_note_at_the_limit_is_saved_whole_and_the_limit_is_shown_beside_the_box(
    client, trade_staff, plan_2007
):
    client.force_login(trade_staff)
    page = client.get(MONTH_URL).content.decode()
    assert "最多 2,000 字。" in page  # beside the note box
    note = "出口下降因海关统计口径调整。\r\n" * 125  # 2,000 characters, line breaks as the browser sends them
    assert len(note) == 2000
    assert client.post(MONTH_URL, _month_post(note)).status_code == 302
    # Stored whole; only the outer blanks go, as in every form.
    assert TargetNote.objects.get(target__code="export", month=9).text == note.strip()


def test_a_note_too_large_to_read_gets_a_chinese_page_not_a_crash(client, trade_staff, plan_2007):
    # 2.4 million Chinese characters are 7.2 MB, above Django's DATA_UPLOAD_MAX_MEMORY_SIZE: the request is
    # refused before any view, with the stand-alone Chinese 400 page.
    client.raise_request_exception = False
    client.force_login(trade_staff)
    response = client.post(MONTH_URL, _month_post("呼" * HUGE))
    assert response.status_code == 400
    assert "请求未被接受" in response.content.decode()
    assert not TargetNote.objects.exists()


def test_services_refuse_what_the_forms_refuse(trade_staff, leader, admin_user, plan_2007):
    trade = Department.objects.get(code="trade")
    with pytest.raises(ValidationError) as refused:
        cycle.report_save_notes(
            user=trade_staff,
            department=trade,
            year=2007,
            month=9,
            notes={"export": "x" * 2001},
            expected_version=0,
        )
    assert refused.value.message_dict["note__export"] == [
        "原因分析及措施：最多 2,000 字，现有 2,001 字，请删减后再保存。"
    ]
    report = cycle.report_save_notes(
        user=trade_staff, department=trade, year=2007, month=9, notes={"export": "ok"}, expected_version=0
    )
    report = cycle.report_submit(user=trade_staff, report=report, expected_version=report.version)
    with pytest.raises(ValidationError) as refused:
        cycle.report_return(user=leader, report=report, message="退" * 2001)
    assert "review_message" in refused.value.message_dict
    report = cycle.report_approve(user=leader, report=report)
    with pytest.raises(ValidationError) as refused:
        cycle.report_unlock(user=admin_user, report=report, reason="改" * 501)
    assert refused.value.message_dict["reason"] == ["最多 500 字，现有 501 字，请删减后再保存。"]
    report.refresh_from_db()
    assert report.state == MonthlyReport.State.APPROVED


def test_a_measure_update_over_5000_characters_comes_back_with_its_text(client, trade_staff, plan_2007):
    measure = Measure.objects.filter(plan=plan_2007, lead__code="trade").first()
    client.force_login(trade_staff)
    text = "本月推进情况" * 1000  # 6,000 characters
    response = client.post(
        reverse("plan:measure_update", args=[2007, measure.code]),
        {"month": "9", "text": text, "progress_pct": "50", "status": "in_progress", "version_9": "0"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "本月进展情况：最多 5,000 字，现有 6,000 字" in page
    assert text in page
    assert not measure.updates.exists()
    with pytest.raises(ValidationError):
        measure_updates.measure_update_save(
            user=trade_staff,
            measure=measure,
            year=2007,
            month=9,
            text=text,
            progress_pct=50,
            status="in_progress",
            expected_version=0,
        )


def test_register_notes_over_the_limit_are_refused_by_the_form_and_the_service(
    client, markets_staff, plan_2007
):
    from markets.models import County

    client.force_login(markets_staff)
    notes = "备注" * 1001  # 2,002 characters
    data = {
        "name": "大召农家店",
        "county": str(County.objects.get(name="玉泉区").pk),
        "kind": "new",
        "category": "general",
        "notes": notes,
    }
    url = reverse("registers:create", args=["village-stores"])
    assert "最多 2,000 字。" in client.get(url).content.decode()
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["notes"] == [
        "备注：最多 2,000 字，现有 2,002 字，请删减后再保存。"
    ]
    assert notes in response.content.decode()
    spec = specs.get("village-stores")
    record = spec.model(name="大召农家店", county=County.objects.get(name="玉泉区"), notes=notes)
    with pytest.raises(ValidationError) as refused:
        register_services.record_save(user=markets_staff, spec=spec, record=record)
    assert "notes" in refused.value.message_dict
    assert not spec.model.objects.exists()


# Internal texts that no person types.
NOT_TYPED = {
    ("plan", "DataVersion", "tables"),
    ("plan", "DataVersion", "token"),
    ("api", "ApiToken", "key_hash"),
}


def test_every_text_field_a_person_types_into_has_a_limit():
    missing = []
    for model in apps.get_models():
        path = str(apps.get_app_config(model._meta.app_label).path)
        # The project's own apps (a virtualenv inside the project folder holds Django's and the libraries').
        if not path.startswith(str(settings.BASE_DIR)) or "site-packages" in path:
            continue
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            if (model._meta.app_label, model.__name__, field.name) in NOT_TYPED:
                continue
            if not field.max_length:
                missing.append(f"{model.__name__}.{field.name}: no max_length")
            elif isinstance(field, models.TextField) and not any(
                isinstance(v, MaxLengthValidator) for v in field.validators
            ):
                missing.append(f"{model.__name__}.{field.name}: the model does not check its max_length")
    assert not missing, missing
