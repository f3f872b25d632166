"""Organisers' pages: fairs, employers, seekers, check-in, statistics and exports."""

from django.urls import path

from ..views import exports, staff

urlpatterns = [
    path("manage/", staff.fair_list, name="fair-list"),
    path("manage/new/", staff.fair_edit, name="fair-create"),
    path("manage/statistics/", staff.statistics, name="statistics"),
    path("manage/statistics.xlsx", exports.statistics_export, name="statistics-export"),
    path("manage/<int:pk>/", staff.fair_detail, name="fair-detail"),
    path("manage/<int:pk>/edit/", staff.fair_edit, name="fair-update"),
    path("manage/<int:pk>/status/", staff.fair_status, name="fair-status"),
    path("manage/<int:pk>/archive/", staff.FairArchiveView.as_view(), name="fair-archive"),
    path("manage/<int:pk>/seekers/", staff.seeker_list, name="seeker-list"),
    path("manage/<int:pk>/check-in/", staff.check_in, name="check-in"),
    path("manage/<int:pk>/export.xlsx", exports.fair_export, name="fair-export"),
    path("manage/employers/<int:pk>/", staff.employer_detail, name="employer-detail"),
    path("manage/employers/<int:pk>/decide/", staff.employer_decide, name="employer-decide"),
    path("manage/employers/<int:pk>/venture/", staff.employer_venture, name="employer-venture"),
    path("manage/seekers/<int:pk>/", staff.seeker_detail, name="seeker-detail"),
    path("manage/seekers/<int:pk>/apply/", staff.seeker_apply, name="seeker-apply"),
    path("manage/applications/<int:pk>/outcome/", staff.application_outcome, name="application-outcome"),
]
