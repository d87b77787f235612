"""A rendering of the Word document for people to look at: LibreOffice converts it to PDF, poppler to PNG
(screenshots/bulletin/document-N.png). Opt-in (BULLETIN_RENDER=1) and skipped without LibreOffice, so the
default test run never depends on it."""

import os
import pathlib
import shutil
import subprocess

import pytest

from bulletin import wording
from bulletin.document import docx_bytes
from bulletin.models import Bulletin
from plan.progress import compute
from tests.plan.fakes import actuals, seed_2006_2007  # noqa: F401  (the fixture)

SHOTS = pathlib.Path(__file__).resolve().parents[2] / "screenshots" / "bulletin"


def test_render_the_document(plan_2007, actuals, tmp_path):  # noqa: F811
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    if os.environ.get("BULLETIN_RENDER") != "1":
        pytest.skip("rendering the Word document is opt-in: BULLETIN_RENDER=1")
    seed_2006_2007(actuals)
    result = compute(plan_2007, 9)
    drafted = wording.draft(result)
    source = tmp_path / "bulletin.docx"
    source.write_bytes(
        docx_bytes(Bulletin(plan=plan_2007, month=9, title=drafted.title, body=drafted.body), result)
    )
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "bulletin.pdf"
    assert pdf.stat().st_size > 10_000
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, SHOTS / "document.pdf")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", str(pdf), str(SHOTS / "document")], check=True, timeout=120
        )
        assert (SHOTS / "document-1.png").exists()
