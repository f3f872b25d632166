"""The portal's URLs plus the reference page the benchmarks compare against."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from accounts.models import Unit
from config.urls import urlpatterns as portal_urlpatterns

_PLAIN = engines["django"].from_string(
    "<table>{% for row in rows %}<tr><td>{{ row.name }}</td><td>{{ row.code }}</td><td>{{ row.kind }}</td></tr>"
    "{% endfor %}</table>"
)


def plain_rows(request):
    """A plain 50-row template page with one query: the machine's yardstick."""
    rows = list(Unit.objects.values("name", "code", "kind")[:50])
    return HttpResponse(_PLAIN.render({"rows": rows}))


urlpatterns = [path("bench/plain/", plain_rows, name="bench-plain"), *portal_urlpatterns]
