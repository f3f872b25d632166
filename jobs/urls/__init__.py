from django.urls import include, path  # noqa: F401 - the app's helper fills these in

app_name = "jobs"

urlpatterns: list = []
