"""Validators for the identifiers Vietnamese forms and imports receive."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Patterns use [0-9], not \d, which would also accept full-width and other scripts' digits.
# Mobile numbers: 10 digits, prefixes 03, 05, 07, 08, 09 (since the 2018 renumbering).
# Landlines: 11 digits starting 02 (area code 02xx, e.g. Sơn La 0212).
_MOBILE = re.compile(r"^0[35789][0-9]{8}$")
_LANDLINE = re.compile(r"^02[0-9]{9}$")
_SEPARATORS = re.compile(r"[\s.\-()]")


def normalize_phone(value: str) -> str:
    """'+84 912.345.678' -> '0912345678'. Returns the input stripped if it has letters."""
    digits = _SEPARATORS.sub("", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def validate_vietnamese_phone(value: str) -> None:
    number = normalize_phone(value)
    if not (_MOBILE.match(number) or _LANDLINE.match(number)):
        raise ValidationError(
            _("Số điện thoại không hợp lệ: cần số di động 10 chữ số (03, 05, 07, 08, 09…) hoặc số cố định 02…"),
            code="invalid_phone",
        )


def validate_citizen_id(value: str) -> None:
    """Căn cước công dân: exactly 12 digits, the first three a province code."""
    if not re.fullmatch(r"[0-9]{12}", value or ""):
        raise ValidationError(_("Số CCCD phải gồm đúng 12 chữ số."), code="invalid_citizen_id")


def validate_not_in_future(value: datetime.date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("Ngày không được ở tương lai."), code="future_date")
