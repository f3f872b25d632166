"""URLs of the contest, one module per audience: units, judges, staff, the public."""

from . import entries, exports, judging, public, staff

app_name = "competitions"

urlpatterns = [
    *entries.urlpatterns,
    *judging.urlpatterns,
    *staff.urlpatterns,
    *exports.urlpatterns,
    *public.urlpatterns,
]
