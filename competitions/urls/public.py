"""Results: staff give prizes and publish; the public pages need no login."""

from django.urls import path

from ..views import public

urlpatterns = [
    path("<int:contest_pk>/prizes/", public.PrizeAssignView.as_view(), name="prize-assign"),
    path("<int:contest_pk>/publish/", public.contest_publish, name="contest-publish"),
    path("<int:contest_pk>/no-prizes/", public.contest_no_prizes, name="contest-no-prizes"),
    path("results/", public.public_contest_list, name="public-contest-list"),
    path("results/<slug:slug>/", public.public_results, name="public-results"),
]
