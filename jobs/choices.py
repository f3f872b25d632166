"""Choices shared by the jobs models and forms."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Education(models.TextChoices):
    """Highest education level, in increasing order (the order matters for matching)."""

    NONE = "none", _("Không yêu cầu / chưa tốt nghiệp THCS")
    LOWER_SECONDARY = "lower_secondary", _("Tốt nghiệp THCS")
    UPPER_SECONDARY = "upper_secondary", _("Tốt nghiệp THPT")
    ELEMENTARY = "elementary", _("Sơ cấp nghề")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    COLLEGE = "college", _("Cao đẳng")
    UNIVERSITY = "university", _("Đại học trở lên")

    @classmethod
    def rank(cls, value: str) -> int:
        return list(cls.values).index(value) if value in cls.values else 0
