"""Staff downloads: the honour list and the certificates of a programme."""

from django.urls import path

from ..views import outputs

urlpatterns = [
    path("<int:programme_pk>/honour-list.xlsx", outputs.honour_list_export, name="honour-list-export"),
    path("<int:programme_pk>/honour-list.pdf", outputs.honour_list_pdf, name="honour-list-pdf"),
    path("<int:programme_pk>/certificates.pdf", outputs.certificates_pdf, name="certificates-pdf"),
]
