"""A product's way from identified to promoted: the transition table, ratings on the
100-point form, certificates, photos.

Every move writes a `StageChange` row (from, to, date, who, responsible officer,
note). Rating and certifying carry data, so they have their own services; the plain
moves go through `product_advance`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.history import records_actor

from ..models import (
    CERTIFIABLE_STARS,
    PART_A_MAX,
    PART_B_MAX,
    PART_C_MAX,
    TOTAL_MAX,
    Product,
    ProductPhoto,
    Rating,
    StageChange,
    certificate_expiry,
    stars_for_score,
)
from .lists import _require_runs_cycle

S = Product.Stage

# Where a product may go from each stage. RATED is reached by `product_rate` (also a
# re-rating from certified or promoted), CERTIFIED by `product_certify`, PROMOTED by
# `product_advance` or by recording the product at a promotion event.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.IDENTIFIED: (S.PREPARING,),
    S.PREPARING: (S.SUBMITTED, S.IDENTIFIED),
    S.SUBMITTED: (S.RATED, S.PREPARING),
    S.RATED: (S.CERTIFIED, S.PREPARING, S.RATED),
    S.CERTIFIED: (S.PROMOTED, S.RATED),
    S.PROMOTED: (S.RATED,),
}
# Moves that need their own form: the rating and the certificate.
DATA_MOVES = (S.RATED, S.CERTIFIED)


def allowed_moves(product: Product) -> list[str]:
    """The plain moves `product_advance` accepts from the product's stage."""
    return [s for s in TRANSITIONS.get(product.stage, ()) if s not in DATA_MOVES]


def _require_move(product: Product, to_stage: str) -> None:
    if to_stage not in TRANSITIONS.get(product.stage, ()):
        raise ValidationError(
            _("Không chuyển được sản phẩm từ “%(from)s” sang “%(to)s”.")
            % {"from": S(product.stage).label, "to": S(to_stage).label}
        )


def _record_move(
    *, product: Product, to_stage: str, on: datetime.date, actor, responsible=None, note: str = ""
) -> StageChange:
    change = StageChange.objects.create(
        product=product,
        from_stage=product.stage,
        to_stage=to_stage,
        changed_on=on,
        changed_by=actor,
        responsible=responsible or product.responsible,
        note=(note or "").strip(),
    )
    product.stage = to_stage
    product.stage_changed_on = on
    if responsible is not None:
        product.responsible = responsible
    return change


def _check_date(on: datetime.date, product: Product) -> None:
    if on > timezone.localdate():
        raise ValidationError({"on": _("Ngày chuyển giai đoạn không được ở tương lai.")})
    if on < product.stage_changed_on:
        raise ValidationError(
            {
                "on": _("Ngày không được trước lần chuyển giai đoạn trước (%(day)s).")
                % {"day": product.stage_changed_on.strftime("%d/%m/%Y")}
            }
        )


@records_actor
@transaction.atomic
def product_advance(
    *, product: Product, to_stage: str, actor: User, on: datetime.date | None = None, responsible=None, note: str = ""
) -> Product:
    """Move a product along the table (not to rated or certified: those need their data)."""
    product = Product.objects.select_for_update(of=("self",)).get(pk=product.pk)
    on = on or timezone.localdate()
    if to_stage in DATA_MOVES:
        raise ValidationError(_("Dùng chức năng ghi kết quả đánh giá hoặc ghi công nhận để chuyển giai đoạn này."))
    _require_move(product, to_stage)
    _check_date(on, product)
    _record_move(product=product, to_stage=to_stage, on=on, actor=actor, responsible=responsible, note=note)
    product.save(update_fields=["stage", "stage_changed_on", "responsible", "updated_at"])
    return product


@dataclass(frozen=True)
class RatingPreview:
    total: Decimal
    stars: int
    errors: dict[str, list[str]]

    @property
    def certifiable(self) -> bool:
        return self.stars >= CERTIFIABLE_STARS


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def rating_preview(*, score_a, score_b, score_c, level: str = Rating.Level.PROVINCIAL) -> RatingPreview:
    """Check the three parts and give the total and the stars that follow from it."""
    errors: dict[str, list[str]] = {}
    parts = {}
    for field, value, maximum, label in (
        ("score_a", score_a, PART_A_MAX, "A"),
        ("score_b", score_b, PART_B_MAX, "B"),
        ("score_c", score_c, PART_C_MAX, "C"),
    ):
        number = _decimal(value)
        if number is None:
            errors.setdefault(field, []).append(_("Nhập điểm phần %(part)s.") % {"part": label})
        elif number < 0 or number > maximum:
            errors.setdefault(field, []).append(
                _("Điểm phần %(part)s phải từ 0 đến %(max)s.") % {"part": label, "max": int(maximum)}
            )
        parts[field] = number or Decimal("0")
    total = sum(parts.values(), Decimal("0"))
    if total > TOTAL_MAX:  # pragma: no cover - the parts' maxima add up to 100
        errors.setdefault("__all__", []).append(_("Tổng điểm phải từ 0 đến 100."))
    stars = stars_for_score(total)
    if not errors and stars == 5 and level != Rating.Level.CENTRAL:
        errors.setdefault("level", []).append(
            _(
                "Tổng %(total)s điểm tương ứng 5 sao: từ năm 2025 sản phẩm 5 sao do Hội đồng cấp Trung ương "
                "đánh giá. Chọn cấp Trung ương hoặc kiểm tra lại điểm."
            )
            % {"total": total}
        )
    return RatingPreview(total=total, stars=stars, errors=errors)


@records_actor
@transaction.atomic
def product_rate(
    *,
    product: Product,
    score_a,
    score_b,
    score_c,
    level: str,
    rated_on: datetime.date,
    actor: User,
    stars: int | None = None,
    note: str = "",
) -> Rating:
    """Record an evaluation: the stars follow from the total by the official bands.

    Allowed from "submitted" and, as a re-rating, from rated, certified or promoted;
    the earlier ratings stay as the product's star history and the product points at
    the new one. `stars`, when given (an import, an API), must match the score.
    """
    product = Product.objects.select_for_update(of=("self",)).select_related("cycle__owner").get(pk=product.pk)
    _require_runs_cycle(actor=actor, cycle=product.cycle)
    _require_move(product, S.RATED)
    preview = rating_preview(score_a=score_a, score_b=score_b, score_c=score_c, level=level)
    errors = dict(preview.errors)
    if stars is not None and not errors and int(stars) != preview.stars:
        errors.setdefault("stars", []).append(
            _("Tổng %(total)s điểm tương ứng %(expected)d sao, không phải %(given)d sao.")
            % {"total": preview.total, "expected": preview.stars, "given": int(stars)}
        )
    if rated_on > timezone.localdate():
        errors.setdefault("rated_on", []).append(_("Ngày đánh giá không được ở tương lai."))
    if errors:
        raise ValidationError(errors)
    rating = Rating(
        product=product,
        rated_on=rated_on,
        level=level,
        score_a=_decimal(score_a),
        score_b=_decimal(score_b),
        score_c=_decimal(score_c),
        total=preview.total,
        stars=preview.stars,
        note=(note or "").strip(),
        rated_by=actor,
    )
    rating.full_clean()
    rating.save()
    label = _("%(total)s điểm, %(stars)d sao") % {"total": preview.total, "stars": preview.stars}
    _record_move(
        product=product, to_stage=S.RATED, on=max(rated_on, product.stage_changed_on), actor=actor, note=label
    )
    product.current_rating = rating
    product.save(update_fields=["stage", "stage_changed_on", "current_rating", "updated_at"])
    return rating


@records_actor
@transaction.atomic
def product_certify(
    *,
    product: Product,
    certificate_number: str,
    issued_on: datetime.date,
    actor: User,
    decision_number: str = "",
    today: datetime.date | None = None,
) -> Rating:
    """Record the certificate of a rated product of 3 stars or more.

    The certificate is valid 36 months from its issue date: the expiry is computed,
    never typed. An issue date in the future (after `today`) or before the rating is
    refused. The certificate belongs to the latest rating.
    """
    today = today or timezone.localdate()
    product = (
        Product.objects.select_for_update(of=("self",))
        .select_related("current_rating", "cycle__owner")
        .get(pk=product.pk)
    )
    _require_runs_cycle(actor=actor, cycle=product.cycle)
    _require_move(product, S.CERTIFIED)
    rating = product.current_rating
    if rating is None:
        raise ValidationError(_("Sản phẩm chưa có kết quả đánh giá."))
    if rating.stars < CERTIFIABLE_STARS:
        raise ValidationError(
            _("Sản phẩm đạt %(stars)d sao; chỉ sản phẩm từ 3 sao trở lên được công nhận OCOP.")
            % {"stars": rating.stars}
        )
    errors: dict[str, list[str]] = {}
    number = (certificate_number or "").strip()
    if not number:
        errors.setdefault("certificate_number", []).append(_("Nhập số giấy chứng nhận."))
    elif Rating.objects.filter(certificate_number=number).exclude(pk=rating.pk).exists():
        errors.setdefault("certificate_number", []).append(_("Số giấy chứng nhận này đã được dùng."))
    if issued_on > today:
        errors.setdefault("issued_on", []).append(
            _("Ngày cấp %(day)s ở tương lai; hãy ghi ngày cấp trên giấy chứng nhận đã có.")
            % {"day": issued_on.strftime("%d/%m/%Y")}
        )
    elif issued_on < rating.rated_on:
        errors.setdefault("issued_on", []).append(_("Ngày cấp không được trước ngày đánh giá."))
    if errors:
        raise ValidationError(errors)
    expires_on = certificate_expiry(issued_on)
    rating.certificate_number = number
    rating.certificate_issued_on = issued_on
    rating.certificate_expires_on = expires_on
    rating.decision_number = (decision_number or "").strip()
    rating.certified_by = actor
    rating.full_clean()
    rating.save()
    _record_move(
        product=product,
        to_stage=S.CERTIFIED,
        on=max(issued_on, product.stage_changed_on),
        actor=actor,
        note=_("Giấy chứng nhận số %(number)s") % {"number": number},
    )
    product.save(update_fields=["stage", "stage_changed_on", "updated_at"])
    return rating


@records_actor
@transaction.atomic
def photo_add(*, product: Product, image, caption: str = "", actor: User) -> ProductPhoto:
    photo = ProductPhoto(product=product, image=image, caption=(caption or "").strip(), uploaded_by=actor)
    photo.full_clean()
    photo.save()
    if not product.has_photos:
        product.has_photos = True
        product.save(update_fields=["has_photos", "updated_at"])
    return photo


@records_actor
@transaction.atomic
def photo_remove(*, photo: ProductPhoto, actor: User) -> None:
    photo.image.delete(save=False)
    photo.delete()
