"""Uploaded files, the one module every upload goes through: on the way in, the file's kind by its name *and*
its first bytes, and its size (settings.UPLOAD_MAX_MB); on the way out, `serve` — inline only for real
images and PDFs, everything else as a download. A renamed executable, an HTML page posing as a PDF or a
spreadsheet is refused with a clear message, and the name a user gave a file is never trusted.

    from core.uploads import TABLE_KINDS, UploadValidator
    file = forms.FileField(validators=[UploadValidator(kinds=TABLE_KINDS)])
    evidence = models.FileField(validators=[UploadValidator(kinds=DOCUMENT_KINDS)])

Nothing under MEDIA_ROOT is ever given a public URL: config/urls.py serves no media, and every link to a file
goes through a view of the app that owns the record, which checks who may see it first.

A file is kept only with its row: a save that stores an upload runs inside `files_with_their_rows`, and when
its transaction does not commit (a refused save, a name too long for its column, a database error) the files
it stored are deleted again. The name a user gave is kept shortened to its column (`upload_name`).
"""

import contextlib
import contextvars
import mimetypes
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import pre_save
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and .doc of old Office

# kind: (file name endings, accepted first bytes; None = text, checked separately)
KINDS = {
    "csv": ((".csv",), None),
    "txt": ((".txt",), None),
    "xlsx": ((".xlsx",), (ZIP,)),
    "xls": ((".xls",), (OLE,)),
    "docx": ((".docx",), (ZIP,)),
    "doc": ((".doc",), (OLE,)),
    "pdf": ((".pdf",), (b"%PDF-",)),
    "png": ((".png",), (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ((".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
}

# Imported tables (figures, registers), and the documents kept as evidence or reports.
TABLE_KINDS = ["csv", "xlsx"]
DOCUMENT_KINDS = ["pdf", "doc", "docx", "xls", "xlsx", "csv", "txt", "jpg", "png"]
# Browsers may show these inline (their first bytes were checked on the way in); all else is downloaded.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}

# What a text file must never start with: markup and executables that a browser or a shell would run.
TEXT_REFUSED_STARTS = (b"<", b"MZ", b"\x7fELF", b"#!", ZIP, OLE, b"%PDF")


# The part every real Office Open XML file of a kind holds, beside [Content_Types].xml.
OFFICE_PARTS = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}


def _tail(file, size: int = 1024) -> bytes:
    file.seek(max(0, file.size - size))
    return file.read(size)


def _is_whole(kind: str, file) -> bool:
    """Past the first bytes: an image is whole (PNG's header chunk and end chunk, JPEG's end marker), an Office
    file is a readable zip with the parts of its kind. An HTML page or an SVG with a faked start fails here."""
    if kind == "png":
        file.seek(8)
        return file.read(8)[4:] == b"IHDR" and b"IEND" in _tail(file, 64)
    if kind == "jpg":
        return b"\xff\xd9" in _tail(file)
    if kind in OFFICE_PARTS:
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            return False
        return {"[Content_Types].xml", OFFICE_PARTS[kind]} <= names
    return True


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(TEXT_REFUSED_STARTS):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # The head may cut a multi-byte character in two: ignore an incomplete end.
            head.decode(encoding, errors="strict" if len(head) < 2048 else "ignore")
            return True
        except UnicodeDecodeError:
            continue
    return False


@deconstructible
class UploadValidator:
    """Refuse a file that is not one of `kinds` (see KINDS) or is larger than `max_mb` (settings.UPLOAD_MAX_MB)."""

    def __init__(self, kinds, max_mb=None):
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
        self.kinds = list(kinds)
        self.max_mb = max_mb

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.kinds, self.max_mb) == (other.kinds, other.max_mb)

    def __call__(self, file):
        max_bytes = (self.max_mb or settings.UPLOAD_MAX_MB) * 1024 * 1024
        if file.size is not None and file.size > max_bytes:
            raise ValidationError(
                _("The file is too large (%(size)s); at most %(max)s is accepted."),
                code="file_too_large",
                params={"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
            )
        if not file.size:
            raise ValidationError(_("The file is empty."), code="file_empty")
        name = (file.name or "").lower()
        kind = next((k for k in self.kinds if name.endswith(KINDS[k][0])), None)
        allowed = ", ".join(ending for k in self.kinds for ending in KINDS[k][0])
        if kind is None:
            raise ValidationError(
                _("This kind of file is not accepted; choose a %(allowed)s file."),
                code="file_kind",
                params={"allowed": allowed},
            )
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        head = file.read(2048)
        starts = KINDS[kind][1]
        ok = _is_text(head) if starts is None else head.startswith(starts) and _is_whole(kind, file)
        file.seek(position)
        if not ok:
            raise ValidationError(
                _("The file's content does not match its name (%(name)s is not a real %(kind)s file)."),
                code="file_content",
                params={"name": file.name, "kind": kind.upper()},
            )


def check_upload(file, kinds) -> None:
    """`UploadValidator(kinds)(file)`, for services that take a file outside a form."""
    UploadValidator(kinds=kinds)(file)


def serve(field_file, *, download_name: str | None = None) -> FileResponse:
    """A stored upload, for a user the caller has already allowed to see it."""
    name = download_name or PurePosixPath(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=content_type not in INLINE_TYPES,
        filename=name,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def upload_name(name: str, max_length: int) -> str:
    """The name a user gave a file, without its folders, shortened to `max_length` characters with its
    extension kept ("…很长的名字.pdf")."""
    base = PurePosixPath(str(name or "").replace("\\", "/")).name
    if len(base) <= max_length:
        return base
    stem, dot, extension = base.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        return base[:max_length]
    return stem[: max_length - len(extension) - 1] + "." + extension


# The files stored by the saves inside `files_with_their_rows`, as the FieldFiles of their records.
_stored: contextvars.ContextVar[list | None] = contextvars.ContextVar("stored_uploads", default=None)


# A file system takes names of at most 255 bytes (a Chinese character is 3 in UTF-8); the storage adds a
# suffix when the name is taken.
STORED_NAME_BYTES = 150


def stored_name(name: str) -> str:
    """The name an upload is stored under: the user's, without folders, cut to STORED_NAME_BYTES bytes of
    UTF-8 with its extension kept. The database keeps the name shown (`upload_name`) apart."""
    base = upload_name(name, len(str(name or "")))
    stem, dot, extension = base.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        stem, dot, extension = base, "", ""
    room = STORED_NAME_BYTES - len(dot + extension)
    return stem.encode()[:room].decode(errors="ignore") + dot + extension


def _note_uploads(sender, instance, raw=False, **kwargs):
    """Before a save stores its uploads (FileField.pre_save): name each within what a file system takes, and
    inside `files_with_their_rows` note it, to delete it if the save rolls back."""
    if raw:
        return
    stored = _stored.get()
    for model_field in instance._meta.concrete_fields:
        if isinstance(model_field, models.FileField):
            field_file = getattr(instance, model_field.attname)
            if field_file and not field_file._committed:
                field_file.name = stored_name(field_file.name)
                if stored is not None:
                    stored.append(field_file)


pre_save.connect(_note_uploads, dispatch_uid="core.uploads.note_uploads")


def _delete(stored: list) -> None:
    for field_file in stored:
        if field_file._committed and field_file.name:
            field_file.storage.delete(field_file.name)


@contextlib.contextmanager
def files_with_their_rows():
    """A transaction (transaction.atomic) whose stored uploads are deleted again unless it commits: on an
    error or a rollback, no file is left on disk without its row. Inside another one, its files are the outer
    one's to keep or delete. Usable as a decorator of a service that saves uploads."""
    if _stored.get() is not None:
        with transaction.atomic():
            yield
        return
    stored: list = []
    token = _stored.set(stored)
    try:
        with transaction.atomic():
            yield
            rolled_back = transaction.get_rollback()
    except BaseException:
        _delete(stored)
        raise
    else:
        if rolled_back:
            _delete(stored)
    finally:
        _stored.reset(token)
