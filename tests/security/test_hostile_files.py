"""Heavy and hostile files, from the attacker's side (issue 13): a small workbook declaring millions of rows, a
file of a hundred thousand rows, an oversized file, a truncated workbook, and rows carrying what the forms
refuse. Each is refused at once with a message that names the limit, stores nothing and keeps the session
small; a good file's rows wait on the server, not in the session."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from markets.models import VillageStore
from plan.figures.models import PendingImport
from trade.models import TradeFigure

pytestmark = pytest.mark.usefixtures("plan_2007")


def xlsx_declaring(rows: int) -> bytes:
    """A workbook of two real rows whose sheet says it spans A1:H<rows>."""
    book = Workbook()
    book.active.append(["indicator", "year", "month", "cumulative"])
    book.active.append(["export", 2007, 9, 37916])
    buffer = io.BytesIO()
    book.save(buffer)
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b'<dimension ref="A1:D2"/>', f'<dimension ref="A1:H{rows}"/>'.encode())
            target.writestr(info, data)
    return out.getvalue()


def csv_of(rows: int) -> bytes:
    return ("indicator,year,month,cumulative\n" + "export,2007,9,1\n" * rows).encode()


def upload_figures(client, name, content):
    return client.post(reverse("plan:figures_upload"), {"file": SimpleUploadedFile(name, content)})


def upload_register(client, name, content):
    return client.post(
        reverse("registers:import", args=["village-stores"]), {"file": SimpleUploadedFile(name, content)}
    )


def session_bytes(client) -> int:
    return len(Session.objects.get(session_key=client.session.session_key).session_data)


def test_three_million_declared_rows_are_refused_at_once_with_memory_flat(login_as, trade_staff):
    client = login_as(trade_staff)
    content = xlsx_declaring(3_000_000)
    upload_figures(client, "warm-up.csv", b"indicator\n")  # templates and translations loaded once
    started = time.perf_counter()
    response = upload_figures(client, "big.xlsx", content)
    assert response.status_code == 200 and time.perf_counter() - started < 1.0
    tracemalloc.start()
    upload_figures(client, "big.xlsx", content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, peak
    assert "5,000" in response.content.decode()  # the limit is in the message
    assert not PendingImport.objects.exists() and session_bytes(client) < 1000


def test_a_hundred_thousand_row_csv_is_refused_at_once_on_both_imports(login_as, trade_staff, markets_staff):
    content = csv_of(100_000)
    started = time.perf_counter()
    response = upload_figures(login_as(trade_staff), "huge.csv", content)
    assert time.perf_counter() - started < 1.0 and "5,000" in response.content.decode()
    client = login_as(markets_staff)
    started = time.perf_counter()
    response = upload_register(client, "huge.csv", ("店名,旗县区\n" + "店,玉泉区\n" * 100_000).encode())
    assert time.perf_counter() - started < 1.0
    assert response.status_code == 400 and "20,000" in response.content.decode()
    assert not VillageStore.objects.exists() and not TradeFigure.objects.exists()


def test_a_file_over_the_size_limit_is_refused_by_its_size(login_as, trade_staff, markets_staff, settings):
    settings.UPLOAD_MAX_MB = 1
    content = csv_of(80_000)  # 1.3 MB
    response = upload_figures(login_as(trade_staff), "big.csv", content)
    assert "1.0\xa0MB" in response.content.decode() and not PendingImport.objects.exists()
    response = upload_register(login_as(markets_staff), "big.csv", content)
    assert response.status_code == 400 and "1.0\xa0MB" in response.content.decode()


def test_a_truncated_workbook_is_refused_with_a_message_on_both_imports(login_as, trade_staff, markets_staff):
    content = xlsx_declaring(2)
    for cut in (len(content) // 2, len(content) - 30, 200):
        response = upload_figures(login_as(trade_staff), "cut.xlsx", content[:cut])
        assert response.status_code == 200 and "xlsx" in response.content.decode()
        response = upload_register(login_as(markets_staff), "cut.xlsx", content[:cut])
        assert response.status_code == 400
    assert not PendingImport.objects.exists()


@pytest.mark.parametrize("source", ["海关\x00", "海关\n统计局", "海\r关", "海关\u202e", "海" * 41])
def test_a_source_the_form_refuses_is_refused_in_a_file_too(login_as, trade_staff, source):
    client = login_as(trade_staff)
    content = f'indicator,year,month,cumulative,source\nexport,2007,9,37916,"{source}"\n'.encode()
    response = upload_figures(client, "f.csv", content)
    assert response.status_code == 200
    # The row and its column are named (a NUL makes the whole CSV binary, refused as such).
    assert "来源" in response.content.decode() or "\x00" in source
    assert not PendingImport.objects.exists()
    assert client.post(reverse("plan:figures_upload_confirm")).status_code == 302
    assert not TradeFigure.objects.exists()


def test_a_good_file_waits_on_the_server_not_in_the_session(login_as, trade_staff):
    client = login_as(trade_staff)
    rows = "".join(
        f"export,{year},{month},{month * 1000}\n" for year in range(2000, 2008) for month in range(1, 13)
    )
    response = upload_figures(client, "f.csv", ("indicator,year,month,cumulative\n" + rows).encode())
    assert response.status_code == 200 and PendingImport.objects.count() == 1
    assert session_bytes(client) < 1000
    assert client.post(reverse("plan:figures_upload_confirm")).status_code == 302
    assert TradeFigure.objects.count() == 96 and not PendingImport.objects.exists()
    # Confirming twice imports nothing more, and another user cannot confirm someone else's file.
    assert client.post(reverse("plan:figures_upload_confirm")).status_code == 302
    assert TradeFigure.objects.count() == 96


def test_a_file_of_twenty_thousand_bad_rows_answers_a_small_page(login_as, markets_staff):
    content = ("店名,旗县区\n" + "店,不存在的县\n" * 20_000).encode()
    response = upload_register(login_as(markets_staff), "bad.csv", content)
    assert response.status_code == 400 and len(response.content) < 200_000
    assert "20000" in response.content.decode() or "20,000" in response.content.decode()
