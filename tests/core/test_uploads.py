"""core.uploads.UploadValidator: a file is accepted by its name *and* its first bytes, up to a size."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.uploads import UploadValidator


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _check(name, content, kinds=("xlsx", "csv"), **kwargs):
    UploadValidator(kinds=list(kinds), **kwargs)(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("figures.xlsx", _xlsx()),
        ("FIGURES.XLSX", _xlsx()),
        ("figures.csv", "指标,年份,月份,累计值\nexport,2007,9,12345\n".encode()),
        ("figures.csv", "指标,年份\n".encode("gb18030")),  # saved by a Chinese Excel
        ("figures.csv", b"\xef\xbb\xbfindicator,year\n"),  # with a byte-order mark
    ],
)
def test_real_files_pass(name, content):
    _check(name, content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("figures.exe", b"MZ\x90\x00", "不接受此类文件"),
        ("figures.xlsx", b"<html><script>alert(1)</script></html>", "文件内容与文件名不符"),
        ("figures.csv", b"<script>alert(1)</script>", "文件内容与文件名不符"),
        ("figures.csv", b"MZ\x90\x00\x03\x00\x00\x00", "文件内容与文件名不符"),
        ("figures.csv", b"a,b\x00c", "文件内容与文件名不符"),
        ("figures.xlsx", b"", "文件为空"),
        ("figures", b"a,b", "不接受此类文件"),
        ("figures.csv.exe", b"a,b", "不接受此类文件"),
    ],
)
def test_wrong_kind_or_disguised_content_is_refused_with_a_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        _check(name, content)
    assert message in " ".join(error.value.messages)


def test_a_zip_that_is_not_a_workbook_is_refused_and_so_is_it_as_a_pdf():
    # The first bytes tell the family (zip); a workbook must also hold a workbook's parts.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(ValidationError):
        _check("a.xlsx", buffer.getvalue())
    with pytest.raises(ValidationError):
        _check("a.pdf", buffer.getvalue(), kinds=["pdf"])
    _check("a.pdf", b"%PDF-1.4\n...", kinds=["pdf"])
    _check("a.jpg", b"\xff\xd8\xff\xe0rest\xff\xd9", kinds=["jpg", "png"])


def test_size_limit_from_settings_or_the_validator(settings):
    settings.UPLOAD_MAX_MB = 1
    big = b"a,b\n" * (300 * 1024)  # 1.2 MB
    with pytest.raises(ValidationError) as error:
        _check("big.csv", big)
    assert "文件过大（1.2\xa0MB），最大允许 1.0\xa0MB" in error.value.messages[0]
    _check("big.csv", big, max_mb=2)


def test_unknown_kinds_are_a_programming_error():
    with pytest.raises(ValueError, match="unknown upload kinds"):
        UploadValidator(kinds=["exe"])


def test_the_validator_can_sit_on_a_model_field():
    validator = UploadValidator(kinds=["pdf"], max_mb=5)
    path, args, kwargs = validator.deconstruct()
    assert path == "core.uploads.UploadValidator"
    assert UploadValidator(*args, **kwargs) == validator


# --- by content, from the attacker's side (issue 13) -----------------------------------------------------


def _png(body: bytes = b"") -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17 + body + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )


@pytest.mark.parametrize(
    ("name", "content", "kinds"),
    [
        # an HTML page or an SVG under an image's or a PDF's name, its first bytes faked or not
        ("photo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', ["png"]),
        ("photo.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>", ["png"]),
        ("photo.jpg", b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>", ["jpg"]),
        ("report.pdf", b"<html><script>alert(1)</script></html>", ["pdf"]),
        # a zip that is no Office file, and a truncated one
        ("table.xlsx", b"PK\x03\x04" + b"\x00" * 100, ["xlsx"]),
        ("letter.docx", _xlsx(), ["docx"]),
        ("table.xlsx", _xlsx()[:300], ["xlsx"]),
    ],
)
def test_disguised_files_are_refused_by_their_content(name, content, kinds):
    with pytest.raises(ValidationError) as refused:
        _check(name, content, kinds=kinds)
    assert refused.value.code == "file_content"


def test_real_images_and_office_files_pass_by_content():
    _check("photo.png", _png(), kinds=["png"])
    _check("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 50 + b"\xff\xd9", kinds=["jpg"])
    _check("table.xlsx", _xlsx(), kinds=["xlsx"])
