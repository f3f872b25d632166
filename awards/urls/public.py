"""Public pages, no login: the honour rolls, their photos, and certificate verification."""

from django.urls import path

from ..views import public

urlpatterns = [
    path("honour-roll/", public.honour_roll_list, name="honour-roll-list"),
    path("honour-roll/photos/<int:pk>/", public.honouree_photo, name="honouree-photo"),
    path("honour-roll/<slug:slug>/", public.honour_roll, name="honour-roll"),
    path("verify/<str:code>/", public.certificate_verify, name="certificate-verify"),
]
