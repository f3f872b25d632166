"""Career counselling at schools: unit officers and staff."""

from django.urls import path

from ..views import counselling

urlpatterns = [
    path("counselling/", counselling.counselling_list, name="counselling-list"),
    path("counselling/new/", counselling.counselling_edit, name="counselling-create"),
    path("counselling/<int:pk>/edit/", counselling.counselling_edit, name="counselling-update"),
]
