"""Programme pages, nominations, their files and field verification: units and staff."""

from django.urls import path

from ..views import nominations, programmes, verification

urlpatterns = [
    path("", programmes.ProgrammeListView.as_view(), name="programme-list"),
    path("<int:pk>/", programmes.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("<int:pk>/guideline/", programmes.programme_guideline_download, name="programme-guideline"),
    path("<int:programme_pk>/nominations/new/", nominations.NominationCreateView.as_view(), name="nomination-create"),
    path("<int:programme_pk>/eligibility/", nominations.nomination_eligibility, name="nomination-eligibility"),
    path("nominations/<int:pk>/", nominations.NominationDetailView.as_view(), name="nomination-detail"),
    path("nominations/<int:pk>/edit/", nominations.NominationUpdateView.as_view(), name="nomination-update"),
    path("nominations/<int:pk>/submit/", nominations.nomination_submit, name="nomination-submit"),
    path("nominations/<int:pk>/withdraw/", nominations.nomination_withdraw, name="nomination-withdraw"),
    path("nominations/<int:pk>/override/", nominations.nomination_override, name="nomination-override"),
    path("nominations/<int:pk>/photo/", nominations.nomination_photo, name="nomination-photo"),
    path(
        "nominations/<int:pk>/verification/",
        verification.VerificationAssignView.as_view(),
        name="verification-assign",
    ),
    path("evidence/<int:pk>/", nominations.nomination_evidence_download, name="nomination-evidence-download"),
    path("verifications/<int:pk>/", verification.VerificationRecordView.as_view(), name="verification-record"),
    path("verification-photos/<int:pk>/", verification.verification_photo, name="verification-photo"),
]
