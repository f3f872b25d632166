"""The portal's URLs plus the reference pages the benchmarks compare against."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from accounts.models import Unit
from config.urls import urlpatterns as portal_urlpatterns

_ROWS = (
    "<table>{% for row in rows %}<tr><td>{{ row.name }}</td><td>{{ row.code }}</td><td>{{ row.kind }}</td></tr>"
    "{% endfor %}</table>"
)
_PLAIN = engines["django"].from_string(_ROWS)
# The plain page written the everyday way: a whole HTML document, model objects, five
# fields per row. It is what the reference figure looks like (a plain
# 50-row template page with one query, 300–380 requests/s on this machine).
_EVERYDAY = engines["django"].from_string(
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đơn vị</title></head><body>'
    "<h1>Đơn vị</h1><table><thead><tr><th>Tên</th><th>Mã</th><th>Loại</th><th>Đường dẫn</th><th>Tạo lúc</th>"
    "</tr></thead><tbody>{% for unit in units %}<tr><td>{{ unit.name }}</td><td>{{ unit.code }}</td>"
    "<td>{{ unit.kind }}</td><td>{{ unit.path }}</td><td>{{ unit.created_at }}</td>"
    "</tr>{% endfor %}</tbody></table></body></html>"
)
_IN_LAYOUT = engines["django"].from_string('{% extends "base.html" %}{% block content %}' + _ROWS + "{% endblock %}")


def short_text(request):
    """A view returning a short text: what the stack (server, middleware) costs alone."""
    return HttpResponse("ok", content_type="text/plain")


def plain_rows(request):
    """A plain 50-row template page with one query: the machine's yardstick."""
    rows = list(Unit.objects.values("name", "code", "kind")[:50])
    return HttpResponse(_PLAIN.render({"rows": rows}))


def everyday_rows(request):
    """A plain 50-row page written the everyday way (see _EVERYDAY)."""
    return HttpResponse(_EVERYDAY.render({"units": Unit.objects.order_by("pk")[:50]}))


def layout_rows(request):
    """The same 50 rows inside the portal's layout, for a signed-in user: what every
    portal page pays before its own work (session, user, roles, notifications)."""
    rows = list(Unit.objects.values("name", "code", "kind")[:50])
    return HttpResponse(_IN_LAYOUT.render({"rows": rows}, request))


urlpatterns = [
    path("bench/text/", short_text, name="bench-text"),
    path("bench/plain/", plain_rows, name="bench-plain"),
    path("bench/everyday/", everyday_rows, name="bench-everyday"),
    path("bench/layout/", layout_rows, name="bench-layout"),
    *portal_urlpatterns,
]
