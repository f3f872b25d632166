"""URLs of reports: plans and dashboards (planning), unit reports and deadlines (periodic)."""

from . import periodic, planning

app_name = "reports"

urlpatterns = [*planning.urlpatterns, *periodic.urlpatterns]
