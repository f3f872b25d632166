"""Small real files for upload tests: each opens as what it claims to be.

Uploads are opened before they are stored (a PDF with pypdf, an image with Pillow, an
Office document as a zip), so a test that uploads a file needs a real one, not magic
bytes.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

from PIL import Image
from pypdf import PdfWriter


@cache
def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)  # A4 in points
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@cache
def image_bytes(kind: str = "png", size: tuple[int, int] = (8, 6)) -> bytes:
    """A small picture as 'png', 'jpeg' or 'webp'."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind.upper())
    return buffer.getvalue()


def png_bytes() -> bytes:
    return image_bytes("png")


def jpeg_bytes() -> bytes:
    return image_bytes("jpeg")


def webp_bytes() -> bytes:
    return image_bytes("webp")


@cache
def ooxml_bytes(folder: str = "word/", part: str = "document.xml") -> bytes:
    """A minimal Office Open XML package: the content-types part and one part in `folder`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(f"{folder}{part}", '<?xml version="1.0"?><document/>')
    return buffer.getvalue()
