"""URLs of the award programmes, one module per audience: units, staff and council, the public."""

from . import council, nominations, outputs, public

app_name = "awards"

urlpatterns = [*nominations.urlpatterns, *council.urlpatterns, *outputs.urlpatterns, *public.urlpatterns]
