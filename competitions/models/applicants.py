"""Young people who apply to a contest themselves, and the unit's answer to their idea.

An applicant is a signed-in account without any unit role; their ideas are entries whose
`applicant` names them. Their personal data is kept with the consent text they accepted and
the moment they did (Decree 13/2023/NĐ-CP), as a job seeker's is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.choices import Gender
from common.models import TimeStampedModel
from common.validators import validate_vietnamese_phone


class Applicant(TimeStampedModel):
    """The person behind a self-made account: who they are, their consent, their email check.

    Verification is by a code emailed to them (the portal has no SMS gateway: a phone number
    is kept only so their union can call them). The code is stored hashed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="applicant"
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    date_of_birth = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True, validators=[validate_vietnamese_phone])
    consent_text = models.TextField(_("nội dung đồng ý xử lý dữ liệu cá nhân"))
    consented_at = models.DateTimeField(_("đồng ý lúc"))
    code_hash = models.CharField(max_length=128, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(_("xác thực email lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("người tự gửi ý tưởng")
        verbose_name_plural = _("người tự gửi ý tưởng")

    def __str__(self) -> str:
        return self.full_name
