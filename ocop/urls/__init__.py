"""URLs of OCOP, one module per audience: units and staff, staff only, the public."""

from . import public, staff, units

app_name = "ocop"

urlpatterns = [
    *units.urlpatterns,
    *staff.urlpatterns,
    *public.urlpatterns,
]
