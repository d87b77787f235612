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


def test_a_zip_that_is_not_a_workbook_still_passes_the_head_check_but_pdf_does_not():
    # The first bytes tell the family (zip); the importer opening the workbook reports a broken one.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    _check("a.xlsx", buffer.getvalue())
    with pytest.raises(ValidationError):
        _check("a.pdf", buffer.getvalue(), kinds=["pdf"])
    _check("a.pdf", b"%PDF-1.4\n...", kinds=["pdf"])
    _check("a.jpg", b"\xff\xd8\xff\xe0rest", kinds=["jpg", "png"])


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
