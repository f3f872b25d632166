"""The public catalogue of certified youth OCOP products."""

from django.urls import path

from ..views import public

urlpatterns = [
    path("san-pham/", public.CatalogueView.as_view(), name="catalogue"),
    path("san-pham/<int:pk>/", public.CatalogueDetailView.as_view(), name="catalogue-detail"),
    path("san-pham/anh/<int:pk>/", public.public_photo, name="catalogue-photo"),
]
