"""Uploaded files (evidence, reports): kept through Django's storage under private/, limited in size and type,
and served only by `serve` after the caller checked that the user may see them.

Nothing under MEDIA_ROOT is ever given a public URL: config/urls.py serves no media, and every link to a file
goes through a view of the app that owns the record.
"""

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

ALLOWED_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "csv", "txt", "jpg", "jpeg", "png"]
# Browsers may show these inline; everything else is downloaded.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "text/plain"}


def max_upload_bytes() -> int:
    return int(getattr(settings, "REGISTER_UPLOAD_MAX_MB", 10)) * 1024 * 1024


def validate_size(file) -> None:
    limit = max_upload_bytes()
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size).1f MB; files may be at most %(limit)d MB."),
            params={"size": file.size / 1024 / 1024, "limit": limit // 1024 // 1024},
            code="file_too_large",
        )


FILE_VALIDATORS = [FileExtensionValidator(ALLOWED_EXTENSIONS), validate_size]


def may_see(user, department_ids) -> bool:
    """Files are for the departments that own the record, leaders and admins."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.sees_everything or user.department_id in set(department_ids)


def serve(field_file, *, download_name: str | None = None) -> FileResponse:
    name = download_name or PurePosixPath(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=content_type not in INLINE_TYPES,
        filename=name,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
