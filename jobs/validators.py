"""The tax code (mã số thuế) of an employer: format, branch suffix and check digit."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Weights of the General Department of Taxation's modulo-11 check on the first nine digits.
TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_TAX_CODE = re.compile(r"^([0-9]{10})(?:-?([0-9]{3}))?$")


def tax_code_check_digit(first_nine: str) -> int | None:
    """The tenth digit for these nine, or None when no digit fits (the remainder is 0)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, TAX_CODE_WEIGHTS, strict=True))
    check = 10 - total % 11
    return None if check == 10 else check


def normalise_tax_code(value: str) -> str:
    """'0100109106', '0100 109 106-001' or '0100109106001' -> '0100109106' / '0100109106-001'.

    Returns the input without spaces when it does not look like a tax code at all;
    `validate_tax_code` then refuses it.
    """
    compact = re.sub(r"[\s.]", "", value or "")
    match = _TAX_CODE.match(compact)
    if not match:
        return compact
    base, branch = match.groups()
    return f"{base}-{branch}" if branch else base


def validate_tax_code(value: str) -> None:
    match = _TAX_CODE.match(normalise_tax_code(value))
    if not match:
        raise ValidationError(
            _("Mã số thuế gồm 10 chữ số, hoặc 13 chữ số (10 chữ số, dấu gạch ngang và 3 chữ số của chi nhánh)."),
            code="invalid_tax_code",
        )
    base, branch = match.groups()
    if tax_code_check_digit(base[:9]) != int(base[9]):
        raise ValidationError(
            _("Mã số thuế %(code)s không đúng (sai chữ số kiểm tra). Vui lòng kiểm tra lại.") % {"code": base},
            code="invalid_tax_code_check_digit",
        )
    if branch == "000":
        raise ValidationError(_("Mã chi nhánh (3 chữ số cuối) không thể là 000."), code="invalid_tax_code_branch")
