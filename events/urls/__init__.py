"""URLs of the events app, one module per audience: staff and units, the public."""

from . import manage, public

app_name = "events"

urlpatterns = [*manage.urlpatterns, *public.urlpatterns]
