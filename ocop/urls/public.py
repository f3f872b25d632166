"""The public catalogue of certified youth OCOP products.

Its first paths were Vietnamese (`/ocop/san-pham/`, `/ocop/san-pham/anh/<pk>/`); they are
printed on QR codes and shared on Zalo, so they stay as permanent redirects to the English
paths (query string kept, so a filtered link still filters).
"""

from django.urls import path
from django.views.generic import RedirectView

from ..views import public


def _moved(pattern_name: str):
    return RedirectView.as_view(pattern_name=pattern_name, permanent=True, query_string=True)


urlpatterns = [
    path("catalogue/", public.CatalogueView.as_view(), name="catalogue"),
    path("catalogue/<int:pk>/", public.CatalogueDetailView.as_view(), name="catalogue-detail"),
    path("catalogue/photos/<int:pk>/", public.public_photo, name="catalogue-photo"),
    # The old Vietnamese paths (the named exceptions of the URL rule, see README "URL paths").
    path("san-pham/", _moved("ocop:catalogue"), name="catalogue-old"),
    path("san-pham/<int:pk>/", _moved("ocop:catalogue-detail"), name="catalogue-detail-old"),
    path("san-pham/anh/<int:pk>/", _moved("ocop:catalogue-photo"), name="catalogue-photo-old"),
]
