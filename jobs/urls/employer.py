"""The employer's private page, reached through the link given at registration."""

from django.urls import path

from ..views import employer

urlpatterns = [
    path("employer/<str:token>/", employer.employer_manage, name="employer-manage"),
    path("employer/<str:token>/vacancies/<int:pk>/", employer.employer_vacancy_edit, name="employer-vacancy-edit"),
    path("employer/<str:token>/applications/<int:pk>/", employer.employer_outcome, name="employer-outcome"),
]
