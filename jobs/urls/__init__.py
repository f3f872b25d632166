"""URLs of the jobs app, one module per audience: the public, employers (private link), organisers."""

from . import counselling, employer, public, staff

app_name = "jobs"

urlpatterns = [*public.urlpatterns, *employer.urlpatterns, *staff.urlpatterns, *counselling.urlpatterns]
