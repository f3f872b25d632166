"""Reading a PDF the portal made back, as a person (or a phone's camera) would: its text with
pypdf, and the QR codes printed on each page, decoded with zxing-cpp when it is installed."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page."""
    assert content.startswith(b"%PDF")
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def flat(text: str) -> str:
    """Text without spaces or line breaks: an address broken over lines reads whole."""
    return "".join(text.split())


def page_images(content: bytes) -> list[list]:
    """The images drawn on each page, as PIL images. WeasyPrint gives every page the same
    resources, so a page's own images are those its content draws (`/name Do`)."""
    pages = []
    for page in PdfReader(io.BytesIO(content)).pages:
        drawn = {name.decode() for name in re.findall(rb"/(\S+)\s+Do\b", page.get_contents().get_data())}
        pages.append([image.image for image in page.images if image.name.rsplit(".", 1)[0] in drawn])
    return pages


def qr_codes(content: bytes) -> list[list[str]]:
    """The texts of the QR codes on each page; skips the test when no decoder is installed."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (requirements-dev.txt) decodes the QR codes")
    pages = []
    for images in page_images(content):
        texts = []
        for image in images:
            texts += [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]
        pages.append(texts)
    return pages
