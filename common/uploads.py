"""Private uploads: content-sniffed type checks, a size limit, permission-checked download.

Files live under MEDIA_ROOT, which no URL route serves. A view that has already
checked the user may see the owning object returns `private_file_response(...)`.
"""

from __future__ import annotations

import mimetypes
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    label: str
    extensions: tuple[str, ...]
    content_type: str


FILE_KINDS: dict[str, FileKind] = {
    "pdf": FileKind("PDF", (".pdf",), "application/pdf"),
    "docx": FileKind(
        "Word (.docx)",
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": FileKind(
        "Excel (.xlsx)",
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pptx": FileKind(
        "PowerPoint (.pptx)",
        (".pptx",),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "jpeg": FileKind("JPEG", (".jpg", ".jpeg"), "image/jpeg"),
    "png": FileKind("PNG", (".png",), "image/png"),
    "webp": FileKind("WebP", (".webp",), "image/webp"),
}

# The folder inside an Office Open XML zip that tells its kind.
_OOXML_MARKERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def sniff_kind(uploaded) -> str | None:
    """The kind of a file judged by its bytes, not by its name or browser-sent type."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded.seek(0)
        if "[Content_Types].xml" in names:
            for kind, marker in _OOXML_MARKERS.items():
                if any(name.startswith(marker) for name in names):
                    return kind
    return None


@deconstructible
class FileContentValidator:
    """Accept only the given kinds, by content and matching extension, up to a size."""

    def __init__(self, kinds: tuple[str, ...], max_bytes: int | None = None):
        unknown = set(kinds) - set(FILE_KINDS)
        if unknown:
            raise ValueError(f"Unknown file kinds: {sorted(unknown)}")
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, value) -> None:
        limit = self.max_bytes or settings.UPLOAD_MAX_BYTES
        if value.size > limit:
            raise ValidationError(
                _("Tệp quá lớn (%(size)s); dung lượng tối đa là %(limit)s.")
                % {"size": filesizeformat(value.size), "limit": filesizeformat(limit)},
                code="file_too_large",
            )
        # A stored file that was already checked is not opened again on re-validation.
        if isinstance(value, FieldFile) and getattr(value, "_committed", False):
            return
        kind = sniff_kind(value)
        extension = PurePath(value.name).suffix.lower()
        if kind not in self.kinds or extension not in FILE_KINDS[kind].extensions:
            raise ValidationError(
                _("Loại tệp không được chấp nhận. Chỉ nhận: %(allowed)s.") % {"allowed": self.allowed_labels},
                code="file_type",
            )

    @property
    def allowed_labels(self) -> str:
        return ", ".join(FILE_KINDS[k].label for k in self.kinds)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, FileContentValidator) and self.kinds == other.kinds and self.max_bytes == other.max_bytes
        )


def private_file_response(field_file: FieldFile, *, inline: bool = False) -> FileResponse:
    """Stream a stored file. The caller has checked permission on its owner."""
    name = PurePath(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
