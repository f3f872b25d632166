"""Ratings on the 100-point form of Decision 148/QĐ-TTg (2023) and the certificates.

Each rating is its own row (a product's star history); the stars follow the official
bands, and a certificate of a product rated 3★ or more runs 36 months.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.history import history_user
from common.models import TimeStampedModel, actor_field

from .products import Product, ThroughProductQuerySet

__all__ = [
    "CERTIFIABLE_STARS",
    "CERTIFICATE_MONTHS",
    "PART_A_MAX",
    "PART_B_MAX",
    "PART_C_MAX",
    "STAR_BANDS",
    "TOTAL_MAX",
    "Rating",
    "add_months",
    "certificate_expiry",
    "stars_for_score",
]

# The 100-point evaluation form of Decision 148/QĐ-TTg (2023): part maxima.
PART_A_MAX = Decimal("40")
PART_B_MAX = Decimal("25")
PART_C_MAX = Decimal("35")
TOTAL_MAX = Decimal("100")
# Lower bound of each star band, highest first.
STAR_BANDS: tuple[tuple[Decimal, int], ...] = (
    (Decimal("90"), 5),
    (Decimal("70"), 4),
    (Decimal("50"), 3),
    (Decimal("30"), 2),
    (Decimal("0"), 1),
)
CERTIFIABLE_STARS = 3
CERTIFICATE_MONTHS = 36


def stars_for_score(total: Decimal | int | float) -> int:
    """The official star band of a total score on the 100-point form."""
    total = Decimal(str(total))
    for floor, stars in STAR_BANDS:
        if total >= floor:
            return stars
    return 1


def certificate_expiry(issued_on: datetime.date) -> datetime.date:
    """The day an OCOP certificate lapses: 36 months after its issue (Decision 148/QĐ-TTg)."""
    return add_months(issued_on, CERTIFICATE_MONTHS)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - unreachable


class Rating(TimeStampedModel):
    """One evaluation of a product on the 100-point form, and the certificate it led to.

    Each rating is its own row: the product's star history. The stars follow from the
    total by the official bands; the database refuses stars that contradict the score.
    """

    class Level(models.TextChoices):
        PROVINCIAL = "provincial", _("Hội đồng cấp tỉnh")
        CENTRAL = "central", _("Hội đồng cấp Trung ương")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="ratings")
    rated_on = models.DateField(_("ngày đánh giá"))
    level = models.CharField(_("cấp đánh giá"), max_length=12, choices=Level.choices, default=Level.PROVINCIAL)
    score_a = models.DecimalField(_("phần A: sản phẩm và sức mạnh cộng đồng"), max_digits=5, decimal_places=2)
    score_b = models.DecimalField(_("phần B: khả năng tiếp thị"), max_digits=5, decimal_places=2)
    score_c = models.DecimalField(_("phần C: chất lượng sản phẩm"), max_digits=5, decimal_places=2)
    total = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2)
    stars = models.PositiveSmallIntegerField(_("hạng sao"))
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=100, blank=True)
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=100, blank=True)
    certificate_issued_on = models.DateField(_("ngày cấp giấy chứng nhận"), null=True, blank=True)
    # Always 36 months after the issue date, set with it by `product_certify`; stored so
    # that reminders and indicators can filter on it. Nobody types it.
    certificate_expires_on = models.DateField(
        _("giấy chứng nhận hết hạn"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Tự tính: 36 tháng kể từ ngày cấp."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    rated_by = actor_field(_("người ghi kết quả"))
    certified_by = actor_field(_("người ghi công nhận"))

    history = HistoricalRecords(get_user=history_user)
    objects = ThroughProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả đánh giá, phân hạng")
        verbose_name_plural = _("kết quả đánh giá, phân hạng")
        ordering = ["product", "-rated_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score_a__gte=0) & Q(score_a__lte=PART_A_MAX),
                name="ocop_rating_part_a_within_max",
                violation_error_message=_("Điểm phần A phải từ 0 đến 40."),
            ),
            models.CheckConstraint(
                condition=Q(score_b__gte=0) & Q(score_b__lte=PART_B_MAX),
                name="ocop_rating_part_b_within_max",
                violation_error_message=_("Điểm phần B phải từ 0 đến 25."),
            ),
            models.CheckConstraint(
                condition=Q(score_c__gte=0) & Q(score_c__lte=PART_C_MAX),
                name="ocop_rating_part_c_within_max",
                violation_error_message=_("Điểm phần C phải từ 0 đến 35."),
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(total__lte=TOTAL_MAX),
                name="ocop_rating_total_within_100",
                violation_error_message=_("Tổng điểm phải từ 0 đến 100."),
            ),
            models.CheckConstraint(
                condition=(Q(stars=5) & Q(total__gte=90))
                | (Q(stars=4) & Q(total__gte=70) & Q(total__lt=90))
                | (Q(stars=3) & Q(total__gte=50) & Q(total__lt=70))
                | (Q(stars=2) & Q(total__gte=30) & Q(total__lt=50))
                | (Q(stars=1) & Q(total__lt=30)),
                name="ocop_rating_stars_follow_score",
                violation_error_message=_("Hạng sao không khớp với tổng điểm theo thang phân hạng."),
            ),
            models.CheckConstraint(
                condition=Q(stars__lt=5) | Q(level="central"),
                name="ocop_rating_five_stars_central",
                violation_error_message=_("Sản phẩm 5 sao do Hội đồng cấp Trung ương đánh giá, phân hạng."),
            ),
            models.CheckConstraint(
                condition=Q(certificate_expires_on__isnull=True)
                | Q(certificate_issued_on__isnull=True)
                | Q(certificate_expires_on__gt=F("certificate_issued_on")),
                name="ocop_rating_certificate_dates_in_order",
                violation_error_message=_("Ngày hết hạn giấy chứng nhận phải sau ngày cấp."),
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="ocop_rating_unique_certificate_number",
                violation_error_message=_("Số giấy chứng nhận này đã được dùng."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.stars}★ ({self.rated_on:%d/%m/%Y})"

    def clean(self) -> None:
        super().clean()
        issued = self.certificate_issued_on
        expected = certificate_expiry(issued) if issued else None
        if self.certificate_expires_on != expected:
            raise ValidationError(
                {"certificate_issued_on": _("Giấy chứng nhận OCOP có hiệu lực 36 tháng kể từ ngày cấp.")}
            )

    @property
    def is_certified(self) -> bool:
        return bool(self.certificate_number)
