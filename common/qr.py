"""QR codes for tickets (job fairs, events) and certificates: unguessable codes and their image.

A ticket carries only its code; the check-in page looks the code up within the
fair or event being checked in, so a code from another one is refused there.
A certificate carries the address of its public verification page (`common.certificates`).
"""

from __future__ import annotations

import secrets

import segno
from django.utils.safestring import SafeString, mark_safe

# No 0/O, 1/I/L: codes are also typed by hand when a phone cannot scan.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TICKET_CODE_LENGTH = 10


def new_ticket_code(*, length: int = TICKET_CODE_LENGTH) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def normalise_ticket_code(raw: str) -> str:
    """What a scanner or a person typed, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def qr_svg(text: str, *, scale: int = 6) -> SafeString:
    """An inline SVG of `text` as a QR code (no external image, allowed by our CSP)."""
    svg = segno.make(text, error="m").svg_inline(scale=scale, dark="#000", light="#fff", omitsize=False)
    return mark_safe(svg)  # noqa: S308 - segno writes the markup; `text` only becomes modules


def qr_png_data_uri(text: str, *, scale: int = 4) -> str:
    """A PNG of `text` as a QR code, as a data URI: what a PDF embeds (an image a scanner,
    or a test, reads back), with the quiet zone scanners need."""
    return segno.make(text, error="m").png_data_uri(scale=scale, dark="#000", light="#fff", border=4)
