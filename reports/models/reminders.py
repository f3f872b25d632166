"""Reminder offsets staff configure and the log that makes every reminder go out once."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel

__all__ = ["DEFAULT_OFFSETS", "ReminderLog", "ReminderOffset", "describe_offset"]

# Used when staff have configured no offset: 7, 3 and 1 days before, and the day after.
DEFAULT_OFFSETS = (-7, -3, -1, 1)


class ReminderOffset(TimeStampedModel):
    """A day, relative to a deadline, on which those who still owe the work are reminded."""

    days = models.SmallIntegerField(
        _("số ngày so với hạn"),
        unique=True,
        validators=[MinValueValidator(-60), MaxValueValidator(60)],
        help_text=_("Âm là trước hạn (-7 = 7 ngày trước), dương là sau hạn (1 = ngày hôm sau), 0 = đúng ngày hạn."),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("mốc nhắc hạn")
        verbose_name_plural = _("mốc nhắc hạn")
        ordering = ["days"]
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=-60, days__lte=60), name="reports_offset_range"),
        ]

    def __str__(self) -> str:
        return describe_offset(self.days)


def describe_offset(days: int) -> str:
    if days < 0:
        return _("%(n)d ngày trước hạn") % {"n": -days}
    if days > 0:
        return _("%(n)d ngày sau hạn") % {"n": days}
    return str(_("Đúng ngày hạn"))


class ReminderLog(models.Model):
    """One reminder sent: the database holds (deadline, person, offset) unique."""

    deadline_key = models.CharField(_("mã hạn"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="+"
    )
    offset = models.SmallIntegerField(_("mốc (ngày)"))
    programme = models.CharField(_("chương trình"), max_length=100, blank=True)
    title = models.CharField(_("việc"), max_length=255, blank=True)
    detail = models.CharField(_("chi tiết"), max_length=255, blank=True)
    due = models.DateField(_("hạn"))
    sent_on = models.DateField(_("ngày nhắc"))
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    notified_at = models.DateTimeField(_("đã tạo thông báo lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký nhắc hạn")
        verbose_name_plural = _("nhật ký nhắc hạn")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["deadline_key", "user", "offset"], name="reports_reminderlog_unique"),
        ]
        indexes = [
            models.Index(fields=["sent_on"]),
            models.Index(fields=["notified_at"]),
            models.Index(fields=["due"]),  # what a run already sent, read by due day
        ]

    def __str__(self) -> str:
        return f"{self.deadline_key} → {self.user_id} ({self.offset:+d})"
