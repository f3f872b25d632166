"""PDF rendering with WeasyPrint, imported lazily because it is slow to import."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict, *, base_url: str | None = None) -> bytes:
    """Render a template to PDF. Templates use DejaVu fonts so diacritics render."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(content: bytes, *, filename: str, inline: bool = False) -> HttpResponse:
    """A PDF download; `inline` lets the browser show it instead of saving it."""
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
