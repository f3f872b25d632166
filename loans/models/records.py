"""The records units keep beside referrals: savings mobilisation events and partner agreements."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.scoping import UnitScopedQuerySet
from common.models import TimeStampedModel, actor_field


class MobilisationEvent(TimeStampedModel):
    """A savings mobilisation day or similar event a unit held."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("tên hoạt động"), max_length=255)
    held_on = models.DateField(_("ngày tổ chức"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    participants = models.PositiveIntegerField(_("số người tham gia"), default=0)
    amount_mobilised = models.PositiveBigIntegerField(_("số tiền huy động được (đồng)"), default=0)
    new_savers = models.PositiveIntegerField(_("số người gửi tiết kiệm mới"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = actor_field(_("người ghi nhận"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ngày hội huy động tiết kiệm")
        verbose_name_plural = _("ngày hội huy động tiết kiệm")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class PartnerAgreement(TimeStampedModel):
    """A fund or an enterprise's commitment to fund youth startups through the union."""

    class PartnerKind(models.TextChoices):
        FUND = "fund", _("Quỹ")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        BANK = "bank", _("Ngân hàng, tổ chức tín dụng")
        OTHER = "other", _("Tổ chức khác")

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị ký kết"), on_delete=models.PROTECT, related_name="+")
    partner_name = models.CharField(_("đối tác"), max_length=255)
    partner_kind = models.CharField(_("loại đối tác"), max_length=12, choices=PartnerKind.choices)
    title = models.CharField(_("nội dung thỏa thuận"), max_length=255)
    signed_on = models.DateField(_("ngày ký"))
    ends_on = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    amount_committed = models.PositiveBigIntegerField(_("số tiền cam kết (đồng)"), default=0)
    projects_supported = models.PositiveIntegerField(_("số dự án được hỗ trợ"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = actor_field(_("người ghi nhận"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thỏa thuận tài trợ")
        verbose_name_plural = _("thỏa thuận tài trợ")
        ordering = ["-signed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("signed_on")),
                name="loans_partneragreement_dates_in_order",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày ký."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner_name}: {self.title}"
