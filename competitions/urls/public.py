"""The public results pages; they need no login."""

from django.urls import path

from ..views import public

urlpatterns = [
    path("results/", public.public_contest_list, name="public-contest-list"),
    path("results/<slug:slug>/", public.public_results, name="public-results"),
    path("verify/<str:code>/", public.certificate_verify, name="certificate-verify"),
]
