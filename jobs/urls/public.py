"""Public pages, no login: fair listings, registration forms and the seeker's ticket."""

from django.urls import path

from ..views import public

urlpatterns = [
    path("", public.public_fair_list, name="public-fair-list"),
    path("fairs/<slug:slug>/", public.public_fair_detail, name="public-fair-detail"),
    path("fairs/<slug:slug>/employers/register/", public.EmployerRegisterView.as_view(), name="employer-register"),
    path("fairs/<slug:slug>/register/", public.SeekerRegisterView.as_view(), name="seeker-register"),
    path("tickets/<str:code>/", public.ticket, name="ticket"),
    path("tickets/<str:code>/apply/<int:vacancy_pk>/", public.ticket_apply, name="ticket-apply"),
]
