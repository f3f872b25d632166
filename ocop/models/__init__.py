"""OCOP (Mỗi xã một sản phẩm): candidate communes and youth products, from a unit's
list to a star rating, a certificate and promotion.

Staff open a `Cycle` (a year) with the deadline for units' candidate lists and the
per-unit target of supported products. Each unit sends one `CandidateList` per cycle:
communes (`CandidateCommune`, commune unions in the unit's subtree) and, under each,
the `Product`s that could be certified, each made by a registry `Venture`. A product
moves through `Product.Stage`; every move is a `StageChange` row, every rating a
`Rating` row (the product points at its latest one), and promotion events record the
products that took part with the sales they reported.

The package is split by topic, and every name is re-exported here, so callers keep
writing `from ocop.models import Product` and the migrations' dotted path
(`ocop.models.product_photo_path`) keeps resolving:

- `cycles`: cycles, deadline extensions, candidate lists and their communes;
- `products`: products, their stage changes and photos;
- `ratings`: the 100-point form, star bands, ratings and certificates;
- `promotion`: promotion events and the products that took part.
"""

from .cycles import CandidateCommune, CandidateCommuneQuerySet, CandidateList, Cycle, CycleQuerySet, UnitExtension
from .products import (
    Product,
    ProductGroup,
    ProductPhoto,
    ProductQuerySet,
    StageChange,
    ThroughProductQuerySet,
    product_photo_path,
)
from .promotion import Participation, PromotionEvent, PromotionEventQuerySet
from .ratings import (
    CERTIFIABLE_STARS,
    CERTIFICATE_MONTHS,
    PART_A_MAX,
    PART_B_MAX,
    PART_C_MAX,
    STAR_BANDS,
    TOTAL_MAX,
    Rating,
    add_months,
    certificate_expiry,
    stars_for_score,
)

__all__ = [
    "CERTIFIABLE_STARS",
    "CERTIFICATE_MONTHS",
    "PART_A_MAX",
    "PART_B_MAX",
    "PART_C_MAX",
    "STAR_BANDS",
    "TOTAL_MAX",
    "CandidateCommune",
    "CandidateCommuneQuerySet",
    "CandidateList",
    "Cycle",
    "CycleQuerySet",
    "Participation",
    "Product",
    "ProductGroup",
    "ProductPhoto",
    "ProductQuerySet",
    "PromotionEvent",
    "PromotionEventQuerySet",
    "Rating",
    "StageChange",
    "ThroughProductQuerySet",
    "UnitExtension",
    "add_months",
    "certificate_expiry",
    "product_photo_path",
    "stars_for_score",
]
