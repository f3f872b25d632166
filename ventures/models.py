"""The registry: young entrepreneurs, their ventures, the ventures' periodic progress
reports and documents, one record each across every programme."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModelBase, RulesModelMixin
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from accounts.scoping import UnitScopedQuerySet
from common.choices import Ethnicity, Gender
from common.history import history_user
from common.models import TimeStampedModel, VoidableModel, VoidableQuerySetMixin, actor_field
from common.search import FoldedTextIndex, SearchTextMixin, SearchTextQuerySet
from common.uploads import FileContentValidator
from common.validators import validate_citizen_id, validate_not_in_future, validate_vietnamese_phone

from . import rules as r

validate_tax_code = RegexValidator(
    r"^[0-9]{10}(-[0-9]{3})?$",
    _("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch và 3 chữ số của chi nhánh."),
)


class EntrepreneurQuerySet(SearchTextQuerySet, UnitScopedQuerySet):
    pass


class Entrepreneur(SearchTextMixin, RulesModelMixin, TimeStampedModel, metaclass=RulesModelBase):
    """A young person, one record across every programme they take part in."""

    search_text_from = ("full_name", "phone", "email")
    # What staff and officers write about a person (the form), and what a merge chooses between.
    PERSON_FIELDS = (
        "full_name",
        "date_of_birth",
        "gender",
        "ethnicity",
        "phone",
        "email",
        "citizen_id",
        "unit",
        "address",
        "occupation",
        "note",
    )

    full_name = models.CharField(_("họ và tên"), max_length=150)
    date_of_birth = models.DateField(_("ngày sinh"), validators=[validate_not_in_future])
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.KINH)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True, validators=[validate_vietnamese_phone])
    email = models.EmailField(_("email"), blank=True)
    citizen_id = models.CharField(
        _("số CCCD"),
        max_length=12,
        blank=True,
        validators=[validate_citizen_id],
        help_text=_("Căn cước công dân 12 chữ số; không bắt buộc."),
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="entrepreneurs"
    )
    address = models.CharField(
        _("địa chỉ"), max_length=255, blank=True, help_text=_("Thôn/bản/tổ dân phố, xã/phường.")
    )
    occupation = models.CharField(_("nghề nghiệp hiện nay"), max_length=150, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = actor_field(_("người tạo"))

    history = HistoricalRecords(get_user=history_user, excluded_fields=["search_text"])
    objects = EntrepreneurQuerySet.as_manager()

    class Meta:
        verbose_name = _("thanh niên khởi nghiệp")
        verbose_name_plural = _("thanh niên khởi nghiệp")
        ordering = ["full_name", "pk"]
        # The registry lists people by name, 50 a page, out of hundreds of thousands.
        indexes = [
            models.Index(fields=["full_name", "id"], name="ventures_ent_name_id"),
            # Likely duplicates are looked up by date of birth, phone or citizen id first
            # (`selectors.entrepreneur_matches`); the citizen id has its unique index.
            models.Index(fields=["date_of_birth"], name="ventures_ent_birth"),
            models.Index(fields=["phone"], name="ventures_ent_phone", condition=~Q(phone="")),
            FoldedTextIndex(name="ventures_ent_search"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"],
                condition=~Q(citizen_id=""),
                name="ventures_entrepreneur_unique_citizen_id",
                violation_error_message=_("Số CCCD này đã có trong danh sách thanh niên."),
            ),
        ]
        rules_permissions = {
            "view": r.can_view_unit_record,
            "add": r.can_register,
            "change": r.can_edit_unit_record,
            "delete": r.is_staff_for_record,
        }

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("ventures:entrepreneur-detail", kwargs={"pk": self.pk})

    @property
    def anonymised_name(self) -> str:
        # Stored data in the site's language, whatever language the staff member uses.
        return f"Đã ẩn danh #{self.pk}"

    @property
    def is_anonymised(self) -> bool:
        return self.full_name == self.anonymised_name

    def age_on(self, day: datetime.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class VentureQuerySet(SearchTextQuerySet, VoidableQuerySetMixin, UnitScopedQuerySet):
    pass


class Venture(SearchTextMixin, RulesModelMixin, VoidableModel, TimeStampedModel, metaclass=RulesModelBase):
    """A youth-led economic model: from an idea-stage project to an enterprise."""

    search_text_from = ("name",)

    class Kind(models.TextChoices):
        IDEA = "idea", _("Dự án giai đoạn ý tưởng")
        HOUSEHOLD = "household", _("Hộ kinh doanh")
        COOPERATIVE = "cooperative", _("Hợp tác xã")
        COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        YOUTH_CLUB = "youth_club", _("Câu lạc bộ thanh niên làm kinh tế")
        PIONEER_SECRETARY = "pioneer_secretary", _('Mô hình "Bí thư Chi đoàn tiên phong khởi nghiệp"')

    class Sector(models.TextChoices):
        CROPS = "crops", _("Trồng trọt")
        LIVESTOCK = "livestock", _("Chăn nuôi, thủy sản")
        FORESTRY = "forestry", _("Lâm nghiệp, dược liệu")
        PROCESSING = "processing", _("Chế biến nông sản, thực phẩm")
        HANDICRAFT = "handicraft", _("Thủ công mỹ nghệ")
        MANUFACTURING = "manufacturing", _("Sản xuất công nghiệp, xây dựng")
        TRADE = "trade", _("Thương mại, dịch vụ")
        TOURISM = "tourism", _("Du lịch cộng đồng, sinh thái")
        TECHNOLOGY = "technology", _("Công nghệ thông tin, chuyển đổi số")
        EDUCATION = "education", _("Giáo dục, y tế, xã hội")
        OTHER = "other", _("Lĩnh vực khác")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        PAUSED = "paused", _("Tạm dừng")
        CLOSED = "closed", _("Đã chấm dứt")

    name = models.CharField(_("tên mô hình"), max_length=255)
    kind = models.CharField(_("loại hình"), max_length=30, choices=Kind.choices)
    sector = models.CharField(_("lĩnh vực"), max_length=30, choices=Sector.choices)
    owners = models.ManyToManyField(Entrepreneur, verbose_name=_("chủ mô hình"), related_name="ventures")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="ventures")
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True, validators=[validate_not_in_future])
    address = models.CharField(_("địa điểm"), max_length=255, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True, validators=[validate_tax_code])
    description = models.TextField(_("mô tả hoạt động, sản phẩm"), blank=True)
    employees = models.PositiveIntegerField(_("số lao động"), default=0)
    annual_revenue = models.PositiveBigIntegerField(_("doanh thu năm (đồng)"), default=0)
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_by = actor_field(_("người tạo"))

    history = HistoricalRecords(get_user=history_user, excluded_fields=["search_text"])
    objects = VentureQuerySet.as_manager()

    class Meta:
        verbose_name = _("mô hình kinh tế")
        verbose_name_plural = _("mô hình kinh tế")
        ordering = ["name", "pk"]
        indexes = [
            # The cooperatives indicator picks a few thousand cooperatives out of a nation's
            # half a million household ventures (plan dashboards, the consolidated report).
            models.Index(fields=["kind"], name="ventures_venture_kind_idx"),
            FoldedTextIndex(name="ventures_venture_search"),
        ]
        rules_permissions = {
            "view": r.can_view_unit_record,
            "add": r.can_register,
            "change": r.can_edit_unit_record,
            "delete": r.is_staff_for_record,
        }

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ventures:venture-detail", kwargs={"pk": self.pk})


class ThroughVentureQuerySet(UnitScopedQuerySet):
    unit_lookup = "venture__unit"


class VentureUpdate(TimeStampedModel):
    """A venture's progress in one reporting period (month, half-year or year)."""

    class PeriodKind(models.TextChoices):
        MONTH = "month", _("Tháng")
        HALF_YEAR = "half_year", _("6 tháng")
        YEAR = "year", _("Năm")

    venture = models.ForeignKey(Venture, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="updates")
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    period_number = models.PositiveSmallIntegerField(
        _("số kỳ"), default=1, help_text=_("Tháng 1–12, nửa năm 1–2; với kỳ năm để 1.")
    )
    revenue = models.PositiveBigIntegerField(_("doanh thu trong kỳ (đồng)"), default=0)
    profit = models.BigIntegerField(_("lợi nhuận trong kỳ (đồng)"), default=0)
    jobs = models.PositiveIntegerField(_("số lao động"), default=0)
    average_income = models.PositiveBigIntegerField(_("thu nhập bình quân/lao động/tháng (đồng)"), default=0)
    highlights = models.TextField(_("kết quả nổi bật"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    support_requested = models.TextField(_("đề xuất hỗ trợ"), blank=True)
    submitted_by = actor_field(_("người cập nhật"))

    history = HistoricalRecords(get_user=history_user)
    objects = ThroughVentureQuerySet.as_manager()

    class Meta:
        verbose_name = _("cập nhật tiến độ mô hình")
        verbose_name_plural = _("cập nhật tiến độ mô hình")
        ordering = ["-year", "-period_number", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["venture", "period_kind", "year", "period_number"],
                name="ventures_ventureupdate_one_per_period",
                violation_error_message=_("Mô hình này đã có báo cáo cho kỳ đã chọn."),
            ),
            models.CheckConstraint(
                condition=(Q(period_kind="month") & Q(period_number__gte=1) & Q(period_number__lte=12))
                | (Q(period_kind="half_year") & Q(period_number__in=[1, 2]))
                | (Q(period_kind="year") & Q(period_number=1)),
                name="ventures_ventureupdate_period_number_valid",
                violation_error_message=_("Số kỳ không phù hợp với loại kỳ báo cáo."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venture} · {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.period_kind == self.PeriodKind.MONTH:
            return _("Tháng %(month)02d/%(year)d") % {"month": self.period_number, "year": self.year}
        if self.period_kind == self.PeriodKind.HALF_YEAR:
            if self.period_number == 1:
                return _("6 tháng đầu năm %(year)d") % {"year": self.year}
            return _("6 tháng cuối năm %(year)d") % {"year": self.year}
        return _("Năm %(year)d") % {"year": self.year}

    @property
    def period_start(self) -> datetime.date:
        if self.period_kind == self.PeriodKind.MONTH:
            return datetime.date(self.year, self.period_number, 1)
        if self.period_kind == self.PeriodKind.HALF_YEAR and self.period_number == 2:
            return datetime.date(self.year, 7, 1)
        return datetime.date(self.year, 1, 1)

    @property
    def period_end(self) -> datetime.date:
        """The last day the report covers; orders reports of different kinds."""
        if self.period_kind == self.PeriodKind.MONTH:
            if self.period_number == 12:
                return datetime.date(self.year, 12, 31)
            return datetime.date(self.year, self.period_number + 1, 1) - datetime.timedelta(days=1)
        if self.period_kind == self.PeriodKind.HALF_YEAR and self.period_number == 1:
            return datetime.date(self.year, 6, 30)
        return datetime.date(self.year, 12, 31)

    def clean(self) -> None:
        super().clean()
        limits = {self.PeriodKind.MONTH: 12, self.PeriodKind.HALF_YEAR: 2, self.PeriodKind.YEAR: 1}
        top = limits.get(self.period_kind)
        if top and not 1 <= (self.period_number or 0) <= top:
            raise ValidationError(
                {"period_number": _("Số kỳ phải từ 1 đến %(top)d với kỳ báo cáo này.") % {"top": top}}
            )
        if top and self.year and self.period_start > timezone.localdate():
            raise ValidationError(
                {"period_number": _("Kỳ báo cáo này chưa bắt đầu; chỉ báo cáo kỳ hiện tại hoặc đã qua.")}
            )


def venture_document_path(instance: VentureDocument, filename: str) -> str:
    return f"ventures/{instance.venture_id}/{filename}"


class VentureDocument(TimeStampedModel):
    """A file about a venture (business registration, photos, plan), stored privately."""

    venture = models.ForeignKey(Venture, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(
        _("tệp"),
        upload_to=venture_document_path,
        validators=[FileContentValidator(kinds=("pdf", "docx", "xlsx", "jpeg", "png"))],
    )
    uploaded_by = actor_field(_("người tải lên"))

    objects = ThroughVentureQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu mô hình")
        verbose_name_plural = _("tài liệu mô hình")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class ErasureRequest(TimeStampedModel):
    """A young person's request to erase their personal data (Decree 13/2023/NĐ-CP, art. 16),
    and its execution: who anonymised the person and when. The person's programme records
    and every count stay; the personal fields are gone from the record and its history."""

    person = models.ForeignKey(
        Entrepreneur, verbose_name=_("người yêu cầu"), on_delete=models.PROTECT, related_name="erasure_requests"
    )
    reference = models.CharField(
        _("số, ngày đơn yêu cầu"),
        max_length=255,
        help_text=_("Ví dụ: Đơn đề nghị xoá dữ liệu cá nhân ngày 02/12/2026, vào sổ số 15/VP."),
    )
    done_at = models.DateTimeField(_("ẩn danh lúc"))
    done_by = actor_field(_("người thực hiện"))

    class Meta:
        verbose_name = _("yêu cầu xoá dữ liệu cá nhân")
        verbose_name_plural = _("yêu cầu xoá dữ liệu cá nhân")
        ordering = ["-done_at"]

    def __str__(self) -> str:
        return f"#{self.person_id} – {self.reference}"


class EntrepreneurMerge(TimeStampedModel):
    """Two records of one person made one (`services.entrepreneur_merge`): the record kept, the
    merged record's id and name, who merged them and when. The merged record is deleted in the
    same transaction, after every programme record pointing at it moved to the kept one; its
    history (the deletion row included, with the actor) stays under its id."""

    person = models.ForeignKey(
        Entrepreneur, verbose_name=_("hồ sơ được giữ"), on_delete=models.PROTECT, related_name="merges"
    )
    merged_id = models.PositiveBigIntegerField(_("mã hồ sơ đã gộp"), db_index=True)
    merged_name = models.CharField(_("họ và tên trên hồ sơ đã gộp"), max_length=150)
    moved = models.JSONField(_("bản ghi đã chuyển"), default=dict, blank=True)
    merged_at = models.DateTimeField(_("gộp lúc"))
    merged_by = actor_field(_("người gộp"))

    class Meta:
        verbose_name = _("gộp hồ sơ thanh niên")
        verbose_name_plural = _("gộp hồ sơ thanh niên")
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.merged_id} → #{self.person_id}"
