"""Every write of the OCOP app: cycles and extensions, units' candidate lists, the
product pipeline with ratings and certificates, promotion events.

Functions take keyword arguments and an `actor`, validate, write in a transaction and
raise `ValidationError` with a Vietnamese message when the input is refused. Views,
the admin, imports, the demo and tests all call them; the caller checks permission.

- `lists`: the list deadline and extensions, lists, communes, products, submitting;
- `pipeline`: the transition table, moving a product, rating, certifying, photos;
- `promotion`: promotion events and the products that took part.
"""

from .lists import (
    candidate_list_get_or_create,
    candidate_list_reopen,
    candidate_list_submit,
    commune_add,
    commune_remove,
    cycle_save,
    extension_grant,
    list_deadline,
    list_is_open,
    product_delete,
    product_save,
    require_list_open,
)
from .pipeline import (
    TRANSITIONS,
    allowed_moves,
    photo_add,
    photo_remove,
    product_advance,
    product_certify,
    product_rate,
    rating_preview,
)
from .promotion import event_save, participation_record, participation_remove

__all__ = [
    "TRANSITIONS",
    "allowed_moves",
    "candidate_list_get_or_create",
    "candidate_list_reopen",
    "candidate_list_submit",
    "commune_add",
    "commune_remove",
    "cycle_save",
    "event_save",
    "extension_grant",
    "list_deadline",
    "list_is_open",
    "participation_record",
    "participation_remove",
    "photo_add",
    "photo_remove",
    "product_advance",
    "product_certify",
    "product_delete",
    "product_rate",
    "product_save",
    "rating_preview",
    "require_list_open",
]
