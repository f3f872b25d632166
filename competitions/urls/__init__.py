"""URLs of the contest, one module per audience: units, judges, mentors, staff, the public."""

from . import entries, exports, judging, mentoring, public, staff

app_name = "competitions"

urlpatterns = [
    *entries.urlpatterns,
    *judging.urlpatterns,
    *mentoring.urlpatterns,
    *staff.urlpatterns,
    *exports.urlpatterns,
    *public.urlpatterns,
]
