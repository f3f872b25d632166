"""A young person's or venture's OCOP products, for their profile's journey."""

from __future__ import annotations

from django.utils.translation import gettext as _

from common.registry import JourneyStep

from .models import Product


def ocop_steps(*, entrepreneur=None, venture=None) -> list[JourneyStep]:
    products = Product.objects.select_related("cycle", "current_rating")
    if entrepreneur is not None:
        products = products.filter(owner=entrepreneur)
    elif venture is not None:
        products = products.filter(venture=venture)
    else:
        return []
    steps = []
    for product in products:
        status = product.get_stage_display()
        if product.current_rating_id:
            status = f"{status} · {product.current_rating.stars}★"
        steps.append(
            JourneyStep(
                programme=_("OCOP"),
                title=f"{product.name} · {product.cycle.name}",
                date=product.stage_changed_on,
                status=status,
                url=product.get_absolute_url(),
                record=product,
            )
        )
    return steps
