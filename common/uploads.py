"""Private uploads: content-checked types, a size limit, permission-checked download.

A file is judged by its first bytes (its kind) and then opened as that kind before it
is stored: a PDF must open with pypdf and have pages, an image must decode with Pillow
within a pixel limit, an Office document must be a sound zip within unpacked bounds.
Files live in the default storage, under MEDIA_ROOT or in a private S3 bucket
(MEDIA_STORAGE), and are only ever reached through the storage API (open, save, delete):
no URL route serves them and no code asks for a local path. A view that has already
checked the user may see the owning object returns `private_file_response(...)`.
"""

from __future__ import annotations

import mimetypes
import warnings
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
_PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}

# Bounds on what opening a file may cost. Pillow's own guard (Image.MAX_IMAGE_PIXELS,
# about 89 megapixels) is the ceiling; a photo from a phone has 12-50.
IMAGE_MAX_PIXELS = 50_000_000
# Office documents unpack to a few times their size; images inside barely compress.
OOXML_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
OOXML_MAX_MEMBERS = 5000
OOXML_MAX_RATIO = 100
OOXML_RATIO_FLOOR_BYTES = 1024 * 1024


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
        check_opens_as(value, kind=kind)

    @property
    def allowed_labels(self) -> str:
        return ", ".join(FILE_KINDS[k].label for k in self.kinds)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, FileContentValidator) and self.kinds == other.kinds and self.max_bytes == other.max_bytes
        )


def check_opens_as(uploaded, *, kind: str) -> None:
    """Open the file as its kind, within bounds; refuse it with a Vietnamese message if it will not.

    The first bytes only say what a file claims to be: `%PDF-` followed by a web page
    is not a PDF. The file is left at its start for storage.
    """
    try:
        if kind == "pdf":
            _check_pdf(uploaded)
        elif kind in _PILLOW_FORMATS:
            _check_image(uploaded, kind=kind)
        else:
            _check_ooxml(uploaded, kind=kind)
    finally:
        uploaded.seek(0)


def _corrupt(kind: str) -> ValidationError:
    return ValidationError(
        _("Tệp %(kind)s bị hỏng hoặc không đúng định dạng, không mở được. Hãy lưu lại tệp rồi tải lên.")
        % {"kind": FILE_KINDS[kind].label},
        code="file_corrupt",
    )


def _check_pdf(uploaded) -> None:
    # pypdf is imported here: only uploads need it, and it costs at start-up.
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    uploaded.seek(0)
    try:
        reader = PdfReader(uploaded, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("user password")
        pages = len(reader.pages)
    except (FileNotDecryptedError, DependencyError) as exc:
        raise ValidationError(
            _("Tệp PDF đặt mật khẩu hoặc mã hoá, người xem không mở được. Hãy lưu bản không mật khẩu rồi tải lên."),
            code="file_encrypted",
        ) from exc
    except Exception as exc:  # pypdf raises many types (and RecursionError) for a broken file
        raise _corrupt("pdf") from exc
    if pages == 0:
        raise ValidationError(_("Tệp PDF không có trang nào."), code="file_empty")


def _check_image(uploaded, *, kind: str) -> None:
    """Decode the header, refuse a decompression bomb before decoding, then check the data.

    PNG's verify() checks the checksum of every chunk to the end; JPEG and WebP have
    no such check, so their pixels are decoded (a JPEG at an eighth of its size, which
    reads all its data for a fraction of the memory).
    """
    from PIL import Image

    limit = min(IMAGE_MAX_PIXELS, Image.MAX_IMAGE_PIXELS or IMAGE_MAX_PIXELS)
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded, formats=[_PILLOW_FORMATS[kind]]) as image:
                width, height = image.size
                if width * height > limit:
                    raise _image_too_large(width, height, limit)
                image.verify()
            if kind != "png":
                uploaded.seek(0)
                with Image.open(uploaded, formats=[_PILLOW_FORMATS[kind]]) as image:
                    if kind == "jpeg":
                        image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _image_too_large(0, 0, limit) from exc
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError… for a broken image
        raise _corrupt(kind) from exc


def _image_too_large(width: int, height: int, limit: int) -> ValidationError:
    """`width` and `height` are 0 when Pillow's own guard refused the header first."""
    if width:
        message = _("Ảnh quá lớn (%(width)d × %(height)d điểm ảnh); tối đa %(limit)d triệu điểm ảnh.") % {
            "width": width,
            "height": height,
            "limit": limit // 1_000_000,
        }
    else:
        message = _("Ảnh quá lớn; tối đa %(limit)d triệu điểm ảnh.") % {"limit": limit // 1_000_000}
    return ValidationError(f"{message} {_('Hãy thu nhỏ ảnh rồi tải lên.')}", code="image_too_large")


def _check_ooxml(uploaded, *, kind: str) -> None:
    """A Word, Excel or PowerPoint file is a zip: its declared sizes within bounds, every member's checksum right.

    Python's zipfile never inflates a member past its declared size, so checking the
    declared sizes first bounds the work of reading them.
    """
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            total = sum(member.file_size for member in members)
            bomb = any(
                m.file_size > OOXML_RATIO_FLOOR_BYTES and m.file_size > OOXML_MAX_RATIO * max(m.compress_size, 1)
                for m in members
            )
            if len(members) > OOXML_MAX_MEMBERS or total > OOXML_MAX_UNPACKED_BYTES or bomb:
                raise ValidationError(
                    _("Tệp %(kind)s giải nén ra quá lớn hoặc nén bất thường; tối đa %(limit)s sau khi giải nén.")
                    % {"kind": FILE_KINDS[kind].label, "limit": filesizeformat(OOXML_MAX_UNPACKED_BYTES)},
                    code="file_unpacked_too_large",
                )
            broken = archive.testzip()
    except ValidationError:
        raise
    except Exception as exc:  # BadZipFile, a checksum or a size that does not match, zlib errors
        raise _corrupt(kind) from exc
    if broken is not None:
        raise _corrupt(kind)


def private_file_response(field_file: FieldFile, *, inline: bool = False) -> FileResponse:
    """Stream a stored file, read through its storage (a local file or a bucket's object).
    The caller has checked permission on its owner."""
    name = PurePath(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
