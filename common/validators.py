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


# The registry's plausible ages: the Youth Law's youth are 16-30, programmes take 18-35
# and sometimes older owners of family ventures; pupils register from 14. A programme
# with its own range passes it.
REGISTRY_MIN_AGE = 14
REGISTRY_MAX_AGE = 45


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Whole years from `born` to `day` (someone born on 29/02 turns a year older on 01/03)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def validate_birth_date(
    value: datetime.date | None,
    *,
    today: datetime.date | None = None,
    min_age: int = REGISTRY_MIN_AGE,
    max_age: int = REGISTRY_MAX_AGE,
) -> None:
    """A date of birth of a person aged `min_age` to `max_age` on `today` (the local date by default).

    Catches the typing slips an import or a form lets through: 01/01/1900 (Excel's first
    day, or a placeholder), a year typed as 2 digits, this year's date.
    """
    if value is None:
        return
    today = today or timezone.localdate()
    shown = value.strftime("%d/%m/%Y")
    if value > today:
        raise ValidationError(
            _("Ngày sinh không hợp lệ: %(date)s là ngày trong tương lai.") % {"date": shown},
            code="implausible_birth_date",
        )
    age = age_on(value, today)
    if not min_age <= age <= max_age:
        raise ValidationError(
            _("Ngày sinh không hợp lệ: %(date)s, tức %(age)d tuổi; người đăng ký phải từ %(min)d đến %(max)d tuổi.")
            % {"date": shown, "age": age, "min": min_age, "max": max_age},
            code="implausible_birth_date",
        )
