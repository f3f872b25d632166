"""Candidate products, their moves along the pipeline and their photos.

A `Product` is made by a registry `Venture` in a commune of a unit's list; it moves
through `Product.Stage`, every move a `StageChange` row. It points at its latest
`Rating` (see `ratings`). Photos of certified products appear in the public catalogue.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from accounts.scoping import UnitScopedQuerySet
from common.history import history_user
from common.models import TimeStampedModel, actor_field
from common.search import FoldedTextIndex, SearchTextMixin, SearchTextQuerySet
from common.uploads import FileContentValidator

from .cycles import CandidateCommune, Cycle

__all__ = [
    "Product",
    "ProductGroup",
    "ProductPhoto",
    "ProductQuerySet",
    "StageChange",
    "ThroughProductQuerySet",
    "product_photo_path",
]


class ProductGroup(models.TextChoices):
    """The six OCOP product groups of Decision 148/QĐ-TTg (2023)."""

    FOOD = "food", _("Thực phẩm")
    BEVERAGE = "beverage", _("Đồ uống")
    HERBAL = "herbal", _("Dược liệu và sản phẩm từ dược liệu")
    HANDICRAFT = "handicraft", _("Hàng thủ công mỹ nghệ")
    ORNAMENTAL = "ornamental", _("Sinh vật cảnh")
    TOURISM = "tourism", _("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch")


class ProductQuerySet(SearchTextQuerySet, UnitScopedQuerySet):
    def certified(self):
        return self.filter(stage__in=Product.CERTIFIED_STAGES)

    def public(self):
        """What the public catalogue may show: certified products."""
        return self.certified().filter(current_rating__isnull=False)


class Product(SearchTextMixin, TimeStampedModel):
    """A youth product a unit supports towards OCOP certification."""

    search_text_from = ("name",)

    class Stage(models.TextChoices):
        IDENTIFIED = "identified", _("Đã xác định")
        PREPARING = "preparing", _("Đang hoàn thiện hồ sơ")
        SUBMITTED = "submitted", _("Đã gửi đánh giá")
        RATED = "rated", _("Đã đánh giá, phân hạng")
        CERTIFIED = "certified", _("Đã được công nhận")
        PROMOTED = "promoted", _("Đã xúc tiến thương mại")

    CERTIFIED_STAGES = (Stage.CERTIFIED, Stage.PROMOTED)
    # The dossier checklist: (field name, label) in the order of the form.
    DOSSIER_FIELDS = (
        "has_business_registration",
        "has_food_safety",
        "has_trademark",
        "has_packaging_label",
        "has_traceability",
        "has_story",
        "has_photos",
    )

    cycle = models.ForeignKey(Cycle, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="products")
    # The unit whose list holds the product (for scoping); the commune is where it is made.
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị đề xuất"), on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(
        CandidateCommune, verbose_name=_("xã"), on_delete=models.PROTECT, related_name="products"
    )
    commune = models.ForeignKey(Unit, verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    # The name folded to lower case without extra spaces: one product per venture and cycle.
    name_key = models.CharField(max_length=255, editable=False)
    group = models.CharField(_("nhóm sản phẩm"), max_length=20, choices=ProductGroup.choices)
    venture = models.ForeignKey(
        "ventures.Venture", verbose_name=_("chủ thể sản xuất"), on_delete=models.PROTECT, related_name="ocop_products"
    )
    owner = models.ForeignKey(
        "ventures.Entrepreneur",
        verbose_name=_("thanh niên chủ thể"),
        on_delete=models.PROTECT,
        related_name="ocop_products",
    )
    initial_stars = models.PositiveSmallIntegerField(
        _("hạng sao hiện có"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Để trống nếu sản phẩm chưa được phân hạng."),
    )
    target_stars = models.PositiveSmallIntegerField(
        _("hạng sao phấn đấu"), default=3, validators=[MinValueValidator(3), MaxValueValidator(5)]
    )
    description = models.TextField(_("giới thiệu sản phẩm"), blank=True)
    public_contact = models.CharField(
        _("liên hệ công khai"),
        max_length=255,
        blank=True,
        help_text=_("Số điện thoại hoặc địa chỉ chủ thể đồng ý công bố trên danh mục sản phẩm."),
    )
    has_business_registration = models.BooleanField(_("đăng ký kinh doanh"), default=False)
    has_food_safety = models.BooleanField(_("giấy chứng nhận an toàn thực phẩm"), default=False)
    has_trademark = models.BooleanField(_("nhãn hiệu"), default=False)
    has_packaging_label = models.BooleanField(_("bao bì, nhãn mác"), default=False)
    has_traceability = models.BooleanField(_("mã truy xuất nguồn gốc"), default=False)
    has_story = models.BooleanField(_("câu chuyện sản phẩm"), default=False)
    has_photos = models.BooleanField(_("hình ảnh sản phẩm"), default=False)
    stage = models.CharField(_("giai đoạn"), max_length=12, choices=Stage.choices, default=Stage.IDENTIFIED)
    stage_changed_on = models.DateField(_("ngày chuyển giai đoạn"), default=timezone.localdate)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ phụ trách"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    current_rating = models.ForeignKey(
        "Rating",
        verbose_name=_("kết quả phân hạng mới nhất"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = actor_field(_("người tạo"))

    history = HistoricalRecords(get_user=history_user, excluded_fields=["search_text"])
    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("sản phẩm OCOP")
        verbose_name_plural = _("sản phẩm OCOP")
        ordering = ["cycle", "unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "venture", "name_key"],
                name="ocop_product_once_per_cycle",
                violation_error_message=_("Sản phẩm này của chủ thể đã có trong danh sách đợt này."),
            ),
            models.CheckConstraint(
                condition=Q(target_stars__gte=3) & Q(target_stars__lte=5), name="ocop_product_target_stars_range"
            ),
            models.CheckConstraint(
                condition=Q(initial_stars__isnull=True) | (Q(initial_stars__gte=1) & Q(initial_stars__lte=5)),
                name="ocop_product_initial_stars_range",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "unit", "stage"]), FoldedTextIndex(name="ocop_product_search")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ocop:product-detail", kwargs={"pk": self.pk})

    @staticmethod
    def fold_name(name: str) -> str:
        return " ".join((name or "").split()).casefold()

    @property
    def is_certified(self) -> bool:
        return self.stage in self.CERTIFIED_STAGES

    @property
    def stars(self) -> int | None:
        return self.current_rating.stars if self.current_rating_id else None

    @property
    def dossier(self) -> list[tuple[str, bool]]:
        return [(self._meta.get_field(f).verbose_name, getattr(self, f)) for f in self.DOSSIER_FIELDS]

    @property
    def dossier_done(self) -> int:
        return sum(1 for f in self.DOSSIER_FIELDS if getattr(self, f))


class ThroughProductQuerySet(UnitScopedQuerySet):
    unit_lookup = "product__unit"


class StageChange(models.Model):
    """One move of a product along the pipeline: from, to, when, who, responsible officer."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("từ giai đoạn"), max_length=12, choices=Product.Stage.choices, blank=True)
    to_stage = models.CharField(_("sang giai đoạn"), max_length=12, choices=Product.Stage.choices)
    changed_on = models.DateField(_("ngày"))
    changed_by = actor_field(_("người cập nhật"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ phụ trách"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    objects = ThroughProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuyển giai đoạn")
        verbose_name_plural = _("chuyển giai đoạn")
        ordering = ["product", "changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.product}: {self.get_to_stage_display()}"


def product_photo_path(instance: ProductPhoto, filename: str) -> str:
    return f"ocop/products/{instance.product_id}/{filename}"


class ProductPhoto(TimeStampedModel):
    """A photo of a product; photos of certified products appear in the public catalogue."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(
        _("ảnh"),
        upload_to=product_photo_path,
        validators=[FileContentValidator(kinds=("jpeg", "png", "webp"), max_bytes=5 * 1024 * 1024)],
    )
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    uploaded_by = actor_field(_("người tải lên"))

    objects = ThroughProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")
        ordering = ["product", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name
