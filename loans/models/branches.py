"""NHCSXH branches and transaction offices, and the union units each serves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from common.models import TimeStampedModel
from common.validators import validate_vietnamese_phone


class BankBranchQuerySet(models.QuerySet):
    def of_liaison(self, user):
        """Branches where the user is a liaison, and the transaction offices under them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(liaisons=user) | Q(parent__liaisons=user)).distinct()


class BankBranch(TimeStampedModel):
    """An NHCSXH branch or transaction office and the union units it serves."""

    class Kind(models.TextChoices):
        BRANCH = "branch", _("Chi nhánh")
        OFFICE = "office", _("Phòng giao dịch")

    name = models.CharField(_("tên"), max_length=255, unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("chi nhánh cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, validators=[validate_vietnamese_phone])
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị được phục vụ"), blank=True, related_name="bank_branches"
    )
    liaisons = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ ngân hàng phụ trách"),
        blank=True,
        related_name="bank_branches",
        help_text=_("Người có vai trò cán bộ Ngân hàng CSXH."),
    )

    objects = BankBranchQuerySet.as_manager()

    class Meta:
        verbose_name = _("chi nhánh, phòng giao dịch NHCSXH")
        verbose_name_plural = _("chi nhánh, phòng giao dịch NHCSXH")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="loans_bankbranch_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name
