"""OCOP (Mỗi xã một sản phẩm): candidate communes and youth products, from a unit's
list to a star rating, a certificate and promotion.

Staff open a `Cycle` (a year) with the deadline for units' candidate lists and the
per-unit target of supported products. Each unit sends one `CandidateList` per cycle:
communes (`CandidateCommune`, commune unions in the unit's subtree) and, under each,
the `Product`s that could be certified, each made by a registry `Venture`. A product
moves through `Product.Stage`; every move is a `StageChange` row, every rating a
`Rating` row (the product points at its latest one), and promotion events record the
products that took part with the sales they reported.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from accounts.scoping import UnitScopedQuerySet
from common.history import history_user
from common.models import TimeStampedModel, actor_field
from common.uploads import FileContentValidator

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


class ProductGroup(models.TextChoices):
    """The six OCOP product groups of Decision 148/QĐ-TTg (2023)."""

    FOOD = "food", _("Thực phẩm")
    BEVERAGE = "beverage", _("Đồ uống")
    HERBAL = "herbal", _("Dược liệu và sản phẩm từ dược liệu")
    HANDICRAFT = "handicraft", _("Hàng thủ công mỹ nghệ")
    ORNAMENTAL = "ornamental", _("Sinh vật cảnh")
    TOURISM = "tourism", _("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch")


class Cycle(TimeStampedModel):
    """One year of the OCOP programme as the union runs it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        OPEN = "open", _("Đang triển khai")
        CLOSED = "closed", _("Đã kết thúc")

    year = models.PositiveSmallIntegerField(
        _("năm"), unique=True, validators=[MinValueValidator(2018), MaxValueValidator(2100)]
    )
    name = models.CharField(_("tên đợt"), max_length=255)
    description = models.TextField(_("nội dung, căn cứ"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    list_deadline = models.DateField(
        _("hạn gửi danh sách"), help_text=_("Kế hoạch: các đơn vị gửi danh sách trước ngày 30/3.")
    )
    target_per_unit = models.PositiveSmallIntegerField(
        _("chỉ tiêu sản phẩm mỗi đơn vị"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_("Mỗi đơn vị hỗ trợ ít nhất 02 sản phẩm tham gia OCOP."),
    )
    created_by = actor_field(_("người tạo"))

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("đợt OCOP")
        verbose_name_plural = _("đợt OCOP")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(target_per_unit__gte=1), name="ocop_cycle_target_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ocop:cycle-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class UnitExtension(TimeStampedModel):
    """Staff let one unit send or change its list after the cycle's deadline."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    until = models.DateField(_("gia hạn đến ngày"))
    reason = models.TextField(_("lý do"))
    granted_by = actor_field(_("người cho gia hạn"))

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("gia hạn gửi danh sách OCOP")
        verbose_name_plural = _("gia hạn gửi danh sách OCOP")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit"], name="ocop_unitextension_one_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.until:%d/%m/%Y}"


class CandidateList(TimeStampedModel):
    """A unit's list of communes and products able to reach OCOP certification."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        SUBMITTED = "submitted", _("Đã gửi")

    cycle = models.ForeignKey(Cycle, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="lists")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = actor_field(_("người gửi"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = actor_field(_("người lập"))

    history = HistoricalRecords(get_user=history_user)
    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("danh sách đề xuất OCOP")
        verbose_name_plural = _("danh sách đề xuất OCOP")
        ordering = ["cycle", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit"],
                name="ocop_candidatelist_one_per_unit",
                violation_error_message=_("Đơn vị đã có danh sách trong đợt này."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="ocop_candidatelist_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("ocop:list-detail", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class CandidateCommuneQuerySet(UnitScopedQuerySet):
    unit_lookup = "candidate_list__unit"


class CandidateCommune(TimeStampedModel):
    """A commune on a unit's list, with the products it could bring to OCOP."""

    candidate_list = models.ForeignKey(CandidateList, on_delete=models.CASCADE, related_name="communes")
    commune = models.ForeignKey(Unit, verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = CandidateCommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("xã có sản phẩm tiềm năng")
        verbose_name_plural = _("xã có sản phẩm tiềm năng")
        ordering = ["candidate_list", "commune__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate_list", "commune"],
                name="ocop_candidatecommune_once_per_list",
                violation_error_message=_("Xã này đã có trong danh sách."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.commune)


class ProductQuerySet(UnitScopedQuerySet):
    def certified(self):
        return self.filter(stage__in=Product.CERTIFIED_STAGES)

    def public(self):
        """What the public catalogue may show: certified products."""
        return self.certified().filter(current_rating__isnull=False)


class Product(TimeStampedModel):
    """A youth product a unit supports towards OCOP certification."""

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

    history = HistoricalRecords(get_user=history_user)
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
        indexes = [models.Index(fields=["cycle", "unit", "stage"])]

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


class PromotionEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        from accounts.scoping import access_of

        access = access_of(user)
        if access.has_role("staff") or access.has_role("officer"):
            return self
        return self.none()


class PromotionEvent(TimeStampedModel):
    """A trade fair or an online market session where OCOP products were promoted."""

    class Kind(models.TextChoices):
        TRADE_FAIR = "trade_fair", _("Hội chợ, triển lãm")
        ONLINE_MARKET = "online_market", _("Phiên chợ online trên mạng xã hội")
        SHOWCASE = "showcase", _("Điểm giới thiệu, bán sản phẩm")
        OTHER = "other", _("Hình thức khác")

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="events", null=True, blank=True
    )
    name = models.CharField(_("tên sự kiện"), max_length=255)
    kind = models.CharField(_("hình thức"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    location = models.CharField(_("địa điểm, nền tảng"), max_length=255, blank=True)
    link = models.URLField(_("đường dẫn"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = actor_field(_("người tạo"))

    objects = PromotionEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện xúc tiến")
        verbose_name_plural = _("sự kiện xúc tiến")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="ocop_promotionevent_dates_in_order",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ocop:event-detail", kwargs={"pk": self.pk})


class Participation(TimeStampedModel):
    """A product that took part in a promotion event, with the sales it reported."""

    event = models.ForeignKey(PromotionEvent, on_delete=models.CASCADE, related_name="participations")
    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="participations"
    )
    sales = models.PositiveBigIntegerField(_("doanh số (đồng)"), default=0)
    orders = models.PositiveIntegerField(_("số đơn hàng"), default=0)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = actor_field(_("người ghi"))

    objects = ThroughProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("sản phẩm tham gia")
        verbose_name_plural = _("sản phẩm tham gia")
        ordering = ["event", "product__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "product"],
                name="ocop_participation_once",
                violation_error_message=_("Sản phẩm đã có trong sự kiện này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.product}"
