"""Staff pages: cycles, extensions, ratings and certificates, promotion events."""

from django.urls import path

from ..views import cycles, events, lists, products

urlpatterns = [
    path("cycles/new/", cycles.CycleFormView.as_view(), name="cycle-create"),
    path("cycles/<int:pk>/edit/", cycles.CycleFormView.as_view(), name="cycle-update"),
    path("cycles/<int:pk>/extensions/", cycles.ExtensionCreateView.as_view(), name="extension-create"),
    path("lists/<int:pk>/reopen/", lists.list_reopen, name="list-reopen"),
    path("products/<int:pk>/rate/", products.product_rate, name="product-rate"),
    path("products/rating-preview/", products.rating_preview_view, name="rating-preview"),
    path("products/<int:pk>/certify/", products.product_certify, name="product-certify"),
    path("events/new/", events.event_form, name="event-create"),
    path("events/<int:pk>/edit/", events.event_form, name="event-update"),
    path("events/<int:pk>/products/add/", events.participation_add, name="participation-add"),
    path("participations/<int:pk>/remove/", events.participation_remove, name="participation-remove"),
]
