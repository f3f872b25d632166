"""Promotion: trade fairs and online market days, and the products that took part."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel, actor_field

from .cycles import Cycle
from .products import Product, ThroughProductQuerySet

__all__ = ["Participation", "PromotionEvent", "PromotionEventQuerySet"]


class PromotionEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff and officers see the events of the cycles they see (run by a unit in their
        reach or above it), and the events recorded without a cycle."""
        from accounts.scoping import access_of, owner_scope_q

        access = access_of(user)
        if access.is_superuser:
            return self.all()
        if access.has_role("staff") or access.has_role("officer"):
            return self.filter(Q(cycle__isnull=True) | owner_scope_q(user, lookup="cycle__owner"))
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
