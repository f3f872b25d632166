from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base of every model in the portal: when a row was made and last changed."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(TimeStampedModel):
    """One line in a user's "Việc cần làm" panel, optionally also sent by email.

    `key` makes creation idempotent: a task that notifies twice with the same key
    leaves one row (and so one email), whatever retries or concurrent runs happen.
    """

    class Level(models.TextChoices):
        INFO = "info", _("Thông tin")
        TODO = "todo", _("Việc cần làm")
        WARNING = "warning", _("Cảnh báo")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    key = models.CharField(_("khoá chống trùng"), max_length=200)
    level = models.CharField(_("mức"), max_length=10, choices=Level.choices, default=Level.INFO)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    send_email = models.BooleanField(_("gửi email"), default=False)
    emailed_at = models.DateTimeField(_("đã gửi email lúc"), null=True, blank=True)
    # Set by the worker that is sending the email, before it sends; a stamp older than
    # NOTIFICATION_EMAIL_CLAIM_STALE_SECONDS with no `emailed_at` is a dead worker's.
    email_claimed_at = models.DateTimeField(_("bắt đầu gửi email lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        # Unread first on every database (PostgreSQL sorts NULLs last by default).
        ordering = [models.F("read_at").asc(nulls_first=True), "due_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="common_notification_unique_key"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def actor_field(verbose_name) -> models.ForeignKey:
    """Who created or last acted on a row; the row outlives the user account."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


VOID_REASON_MIN_LENGTH = 10


class VoidableQuerySetMixin:
    """Lists hide voided rows unless asked; figures keep them for the periods before the void."""

    def not_voided(self):
        return self.filter(voided_at__isnull=True)

    def voided(self):
        return self.filter(voided_at__isnull=False)


class VoidableModel(models.Model):
    """Recorded work that is withdrawn, voided or archived with a reason, never deleted.

    The row stays, with its history; `voided_at` says from when it stops counting (a figure
    for a period that ended before it still counts the row, see `common.indicators`).
    Set only through `record_void`, called by each app's `<model>_void` service.
    """

    voided_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hủy"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    void_reason = models.TextField(_("lý do hủy"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def record_void(self, *, reason: str, actor, now=None, extra_fields=()) -> None:
        """Void this row: who, when and why, saved with a history row.

        Called by each app's `<model>_void` service (decorated with `@records_actor`), which
        locks the row first and adds what its model needs (a status, a notification).
        Refuses a second void and a reason too short to tell anyone later why.
        """
        from django.core.exceptions import ValidationError
        from django.utils import timezone
        from django.utils.translation import gettext

        reason = (reason or "").strip()
        if self.voided_at is not None:
            raise ValidationError(gettext("Bản ghi này đã hủy từ trước."))
        if len(reason) < VOID_REASON_MIN_LENGTH:
            raise ValidationError(
                {"reason": gettext("Ghi rõ lý do hủy (ít nhất %(n)d ký tự).") % {"n": VOID_REASON_MIN_LENGTH}}
            )
        self.voided_at = now or timezone.now()
        self.voided_by = actor
        self.void_reason = reason
        fields = ["voided_at", "voided_by", "void_reason", *extra_fields]
        if any(f.name == "updated_at" for f in self._meta.concrete_fields):
            fields.append("updated_at")
        self.save(update_fields=fields)


class CertificateIssuer(models.Model):
    """A programme that issues numbered certificates ("Số: 05/GCN-TĐTN"), and who signs them.

    The programme keeps its own register: `certificates_issued` is the last number given,
    taken only through `common.certificates.take_certificate_serials`, so a number is never
    given twice, even when a certificate is later withdrawn.
    """

    certificate_symbol = models.CharField(
        _("ký hiệu giấy chứng nhận"),
        max_length=30,
        default="GCN",
        blank=True,
        help_text=_("In sau số thứ tự: ký hiệu “GCN-TĐTN” cho số “05/GCN-TĐTN”."),
    )
    signer_name = models.CharField(
        _("người ký giấy chứng nhận"), max_length=100, blank=True, help_text=_("Họ và tên, ví dụ: Nguyễn Văn An.")
    )
    signer_title = models.CharField(
        _("chức vụ người ký"), max_length=100, blank=True, help_text=_("Ví dụ: Bí thư, Phó Bí thư, Trưởng ban.")
    )
    certificates_issued = models.PositiveIntegerField(_("số giấy chứng nhận đã cấp"), default=0, editable=False)

    class Meta:
        abstract = True

    @property
    def has_signer(self) -> bool:
        return bool(self.signer_name.strip() and self.signer_title.strip())
