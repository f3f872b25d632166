from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.forms import PasswordResetForm
from accounts.views import HomeView, PasswordResetConfirmView
from common.views import healthz
from programmes.urls import old_urlpatterns as old_programme_urlpatterns

admin.site.site_header = _("Quản trị Cổng Đồng hành Thanh niên Khởi nghiệp")
admin.site.site_title = _("Cổng Đồng hành Thanh niên Khởi nghiệp")
admin.site.index_title = _("Quản trị hệ thống")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    # Before Django's own: a password set from the reset link also lifts sign-in lock-outs.
    path("accounts/reset/<uidb64>/<token>/", PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    # Django's view; the email goes out in the account's language (accounts.forms.PasswordResetForm).
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("org/", include("accounts.urls")),
    path("ventures/programmes/", include(old_programme_urlpatterns)),
    path("ventures/", include("ventures.urls")),
    path("programmes/", include("programmes.urls")),
    path("contests/", include("competitions.urls")),
    path("awards/", include("awards.urls")),
    path("ocop/", include("ocop.urls")),
    path("jobs/", include("jobs.urls")),
    path("loans/", include("loans.urls")),
    path("events/", include("events.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
