from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="unit-list"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
    path("units/pick/", views.unit_pick, name="unit-pick"),
    path("language/", views.LanguageView.as_view(), name="language"),
    path("notifications/", views.NotificationListView.as_view(), name="notification-list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification-open"),
    path("notifications/read-all/", views.notification_mark_all_read, name="notification-read-all"),
]
