"""OCOP deadlines for `reports`: the cycle's candidate-list deadline and certificate expiries.

- A cycle's list deadline (per unit, extensions counted): owed by the officers of
  each unit in scope that has not sent its list.
- A certificate's expiry (due on the expiry date): owed by the officers of the unit
  that put the product forward, so they prepare the re-rating dossier in time.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Unit
from accounts.scoping import owner_scope_q, unit_scope_q
from accounts.selectors import officer_ids_by_unit
from common.deadlines import Deadline, Debtor, effective_deadline, owner_subtree_q

from .models import CandidateList, Cycle, Product, UnitExtension
from .services.lists import LIST_UNIT_KINDS

PROGRAMME = "ocop"


def _list_deadlines(*, start: datetime.date, end: datetime.date, viewer=None) -> list[Deadline]:
    result: list[Deadline] = []
    cycles = Cycle.objects.filter(status=Cycle.Status.OPEN).select_related("owner")
    units_seen = Unit.objects.all()
    if viewer is not None:  # only the cycles they see, and their units
        cycles = cycles.filter(owner_scope_q(viewer))
        units_seen = units_seen.filter(unit_scope_q(viewer, lookup=""))
    for cycle in cycles:
        extensions = dict(UnitExtension.objects.filter(cycle=cycle).values_list("unit_id", "until"))
        if not (start <= cycle.list_deadline <= end) and not any(start <= d <= end for d in extensions.values()):
            continue
        submitted = set(
            CandidateList.objects.filter(cycle=cycle, status=CandidateList.Status.SUBMITTED).values_list(
                "unit_id", flat=True
            )
        )
        units = [
            u
            # The units under the unit that runs the cycle owe it a list.
            for u in units_seen.active(cycle.list_deadline).filter(
                owner_subtree_q(cycle.owner), kind__in=LIST_UNIT_KINDS
            )
            if u.pk not in submitted
        ]
        officers = officer_ids_by_unit([u.pk for u in units])
        url = reverse("ocop:cycle-detail", kwargs={"pk": cycle.pk})
        for unit in units:
            due = effective_deadline(cycle.list_deadline, extensions.get(unit.pk))
            if not start <= due <= end or not officers.get(unit.pk):
                continue
            detail = _("%(unit)s: chưa gửi danh sách đề xuất OCOP") % {"unit": unit.name}
            result.append(
                Deadline(
                    key=f"ocop.list:{cycle.pk}:{unit.pk}",
                    programme=PROGRAMME,
                    title=_("Gửi danh sách xã, sản phẩm đề xuất OCOP %(year)d") % {"year": cycle.year},
                    due=due,
                    url=url,
                    unit_id=unit.pk,
                    owed_by=tuple(Debtor(user_id=uid, detail=detail) for uid in officers[unit.pk]),
                    owner_path=cycle.owner.path,
                )
            )
    return result


def _expiry_deadlines(*, start: datetime.date, end: datetime.date, viewer=None) -> list[Deadline]:
    products = Product.objects.certified().filter(
        current_rating__certificate_expires_on__gte=start,
        current_rating__certificate_expires_on__lte=end,
    )
    if viewer is not None:
        products = products.filter(owner_scope_q(viewer, lookup="cycle__owner"), unit_scope_q(viewer))
    products = list(products.select_related("unit", "current_rating", "cycle__owner"))
    officers = officer_ids_by_unit({p.unit_id for p in products})
    result = []
    for product in products:
        rating = product.current_rating
        detail = _("%(product)s: giấy chứng nhận số %(number)s hết hạn") % {
            "product": product.name,
            "number": rating.certificate_number,
        }
        result.append(
            Deadline(
                key=f"ocop.certificate:{rating.pk}",
                programme=PROGRAMME,
                title=_("Giấy chứng nhận OCOP hết hạn: %(product)s") % {"product": product.name},
                due=rating.certificate_expires_on,
                url=product.get_absolute_url(),
                unit_id=product.unit_id,
                owed_by=tuple(Debtor(user_id=uid, detail=detail) for uid in officers.get(product.unit_id, ())),
                owner_path=product.cycle.owner.path,
            )
        )
    return result


def deadlines(*, start: datetime.date, end: datetime.date, viewer=None) -> list[Deadline]:
    return _list_deadlines(start=start, end=end, viewer=viewer) + _expiry_deadlines(
        start=start, end=end, viewer=viewer
    )
