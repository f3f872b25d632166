"""PDF rendering with WeasyPrint, imported lazily because it is slow to import."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header


def render_pdf(template_name: str, context: dict, *, base_url: str | None = None) -> bytes:
    """Render a template to PDF. Templates use DejaVu fonts so diacritics render."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(content: bytes, *, filename: str, inline: bool = False) -> HttpResponse:
    """A PDF download; `inline` lets the browser show it instead of saving it. A filename
    with diacritics is sent as RFC 6266's `filename*`."""
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(as_attachment=not inline, filename=filename)},
    )
