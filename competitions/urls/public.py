"""The public results pages; they need no login."""

from django.urls import path

from ..views import apply, public

urlpatterns = [
    path("results/", public.public_contest_list, name="public-contest-list"),
    path("results/<slug:slug>/", public.public_results, name="public-results"),
    path("verify/<str:code>/", public.certificate_verify, name="certificate-verify"),
]

# Young people applying themselves (`views.apply`).
urlpatterns += [
    path("results/<slug:slug>/sign-up/", apply.applicant_sign_up, name="applicant-sign-up"),
    path("applicants/verify/", apply.applicant_verify, name="applicant-verify"),
    path("results/<slug:slug>/apply/", apply.ApplicationCreateView.as_view(), name="application-create"),
    path("applications/", apply.ApplicationListView.as_view(), name="application-list"),
    path("applications/<int:pk>/", apply.ApplicationDetailView.as_view(), name="application-detail"),
    path("applications/<int:pk>/edit/", apply.ApplicationUpdateView.as_view(), name="application-update"),
    path("applications/<int:pk>/send/", apply.application_send, name="application-send"),
    path(
        "applications/<int:pk>/attachments/new/",
        apply.ApplicationAttachmentCreateView.as_view(),
        name="application-attachment-create",
    ),
    path(
        "applications/attachments/<int:pk>/download/",
        apply.application_attachment_download,
        name="application-attachment-download",
    ),
]
