"""Programme pages, nominations, their files and field verification: units and staff."""

from django.urls import path

from ..views import nominations as views

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme-list"),
    path("<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("<int:pk>/guideline/", views.programme_guideline_download, name="programme-guideline"),
    path("<int:programme_pk>/nominations/new/", views.NominationCreateView.as_view(), name="nomination-create"),
    path("<int:programme_pk>/eligibility/", views.nomination_eligibility, name="nomination-eligibility"),
    path("nominations/<int:pk>/", views.NominationDetailView.as_view(), name="nomination-detail"),
    path("nominations/<int:pk>/edit/", views.NominationUpdateView.as_view(), name="nomination-update"),
    path("nominations/<int:pk>/submit/", views.nomination_submit, name="nomination-submit"),
    path("nominations/<int:pk>/withdraw/", views.nomination_withdraw, name="nomination-withdraw"),
    path("nominations/<int:pk>/override/", views.nomination_override, name="nomination-override"),
    path("nominations/<int:pk>/photo/", views.nomination_photo, name="nomination-photo"),
    path("nominations/<int:pk>/verification/", views.VerificationAssignView.as_view(), name="verification-assign"),
    path("evidence/<int:pk>/", views.nomination_evidence_download, name="nomination-evidence-download"),
    path("verifications/<int:pk>/", views.VerificationRecordView.as_view(), name="verification-record"),
    path("verification-photos/<int:pk>/", views.verification_photo, name="verification-photo"),
]
