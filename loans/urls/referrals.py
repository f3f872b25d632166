"""Referrals and their steps: unit officers, staff and bank liaisons."""

from django.urls import path

from ..views import referrals as views

urlpatterns = [
    path("", views.ReferralListView.as_view(), name="referral-list"),
    path("bank/", views.BankQueueView.as_view(), name="bank-queue"),
    path("referrals/new/", views.ReferralCreateView.as_view(), name="referral-create"),
    path("referrals/export.xlsx", views.referral_export, name="referral-export"),
    path("referrals/<int:pk>/", views.ReferralDetailView.as_view(), name="referral-detail"),
    path("referrals/<int:pk>/edit/", views.ReferralUpdateView.as_view(), name="referral-update"),
    path("referrals/<int:pk>/steps/", views.referral_step, name="referral-step"),
]
