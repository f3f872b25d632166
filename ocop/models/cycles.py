"""A year's cycle, the units' deadline extensions and their candidate lists of communes.

Staff open a `Cycle` (a year) with the deadline for units' candidate lists and the
per-unit target of supported products; they may extend one unit's deadline
(`UnitExtension`). Each unit sends one `CandidateList` per cycle: communes
(`CandidateCommune`, commune unions in the unit's subtree) with their products.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OwnedByUnit, OwnedQuerySet, Unit
from accounts.scoping import UnitScopedQuerySet
from common.history import history_user
from common.models import TimeStampedModel, actor_field

__all__ = [
    "CandidateCommune",
    "CandidateCommuneQuerySet",
    "CandidateList",
    "Cycle",
    "CycleQuerySet",
    "UnitExtension",
]


class CycleQuerySet(OwnedQuerySet):
    def published(self):
        """Cycles past their draft: what the units below see and send lists to."""
        return self.exclude(status=Cycle.Status.DRAFT)


class Cycle(OwnedByUnit, TimeStampedModel):
    """One year of the OCOP programme as a unit (the province, usually) runs it.

    Its owner's staff set it up, grant extensions, reopen lists, rate, certify and record
    its promotion events; the units under the owner send their candidate lists to it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        OPEN = "open", _("Đang triển khai")
        CLOSED = "closed", _("Đã kết thúc")

    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2018), MaxValueValidator(2100)])
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
    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt OCOP")
        verbose_name_plural = _("đợt OCOP")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(target_per_unit__gte=1), name="ocop_cycle_target_positive"),
            models.UniqueConstraint(
                fields=["owner", "year"],
                name="ocop_cycle_one_per_owner_year",
                violation_error_message=_("Đơn vị đã có đợt OCOP năm này."),
            ),
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
