"""Pages unit officers and staff share: cycles, lists, products, exports."""

from django.urls import path

from ..views import cycles, events, lists, products

urlpatterns = [
    path("", cycles.CycleListView.as_view(), name="cycle-list"),
    path("cycles/<int:pk>/", cycles.CycleDetailView.as_view(), name="cycle-detail"),
    path("cycles/<int:pk>/products/", cycles.ProductListView.as_view(), name="product-list"),
    path("cycles/<int:pk>/export/", cycles.cycle_export, name="cycle-export"),
    path("cycles/<int:pk>/summary.pdf", cycles.cycle_pdf, name="cycle-pdf"),
    path("cycles/<int:pk>/lists/start/", lists.list_start, name="list-start"),
    path("lists/template.xlsx", cycles.import_template, name="import-template"),
    path("lists/<int:pk>/", lists.list_detail, name="list-detail"),
    path("lists/<int:pk>/communes/add/", lists.commune_add, name="commune-add"),
    path("lists/<int:pk>/import/", lists.list_import, name="list-import"),
    path("lists/<int:pk>/submit/", lists.list_submit, name="list-submit"),
    path("communes/<int:pk>/remove/", lists.commune_remove, name="commune-remove"),
    path("communes/<int:pk>/products/new/", products.product_create, name="product-create"),
    path("products/<int:pk>/", products.product_detail, name="product-detail"),
    path("products/<int:pk>/edit/", products.product_update, name="product-update"),
    path("products/<int:pk>/delete/", products.product_delete, name="product-delete"),
    path("products/<int:pk>/advance/", products.product_advance, name="product-advance"),
    path("products/<int:pk>/photos/add/", products.photo_add, name="photo-add"),
    path("photos/<int:pk>/", products.photo_view, name="photo-view"),
    path("photos/<int:pk>/delete/", products.photo_delete, name="photo-delete"),
    path("events/", events.EventListView.as_view(), name="event-list"),
    path("events/<int:pk>/", events.event_detail, name="event-detail"),
]
