"""The public catalogue of certified youth OCOP products: no sign-in, certified only.

Only the producer's name, the commune and the contact the venture chose to publish
are shown; photos are served only for certified products.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from common.uploads import private_file_response

from .. import selectors
from ..models import Product, ProductGroup, ProductPhoto


class CatalogueView(ListView):
    template_name = "ocop/public_catalogue.html"
    context_object_name = "products"
    paginate_by = 24

    def get_queryset(self):
        qs = selectors.public_products()
        self.group = self.request.GET.get("group", "")
        if self.group in ProductGroup.values:
            qs = qs.filter(group=self.group)
        else:
            self.group = ""
        self.commune = self.request.GET.get("commune", "")
        if self.commune.isdigit():
            qs = qs.filter(commune_id=int(self.commune))
        else:
            self.commune = ""
        return qs

    def get_template_names(self):
        if self.request.htmx:
            return ["ocop/_public_cards.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            groups=ProductGroup.choices,
            communes=selectors.public_communes(),
            group=self.group,
            commune=self.commune,
        )
        return context


class CatalogueDetailView(DetailView):
    template_name = "ocop/public_product.html"
    context_object_name = "product"

    def get_queryset(self):
        return selectors.public_products()


def public_photo(request, pk: int):
    """A photo of a certified product, for the public catalogue; anything else is a 404."""
    photo = get_object_or_404(ProductPhoto.objects.filter(product__in=Product.objects.public()), pk=pk)
    response = private_file_response(photo.image, inline=True)
    response["Cache-Control"] = "public, max-age=3600"
    return response
