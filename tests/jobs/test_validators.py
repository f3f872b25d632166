"""Tax codes (mã số thuế) and phone numbers, as the public employer form receives them."""

import pytest
from django.core.exceptions import ValidationError

from jobs.forms import EmployerRegisterForm
from jobs.validators import normalise_tax_code, tax_code_check_digit, validate_tax_code


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("0100109106", "0100109106"),  # Viettel's tax code, a real one
        ("0100109106-001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),
        (" 0100 109 106 ", "0100109106"),
    ],
)
def test_tax_code_valid_forms_are_normalised(raw, stored):
    validate_tax_code(raw)
    assert normalise_tax_code(raw) == stored


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0100109107", "sai chữ số kiểm tra"),
        ("010010910", "Mã số thuế gồm 10 chữ số"),
        ("01001091061", "Mã số thuế gồm 10 chữ số"),
        ("0100109106-01", "Mã số thuế gồm 10 chữ số"),
        ("01001O9106", "Mã số thuế gồm 10 chữ số"),
        ("0100109106-000", "không thể là 000"),
        ("", "Mã số thuế gồm 10 chữ số"),
    ],
)
def test_tax_code_malformed_refused(raw, message):
    with pytest.raises(ValidationError) as error:
        validate_tax_code(raw)
    assert message in " ".join(error.value.messages)


def test_tax_code_check_digit_none_when_remainder_gives_ten():
    # Weighted sum 0 -> 10 - 0 = 10: no digit fits, so no such tax code exists.
    assert tax_code_check_digit("000000000") is None
    with pytest.raises(ValidationError):
        validate_tax_code("0000000000")


def _employer_data(**overrides):
    data = {
        "name": "Công ty TNHH May Tây Bắc",
        "tax_code": "0100109106",
        "sector": "manufacturing",
        "address": "Mai Sơn, Sơn La",
        "contact_name": "Nguyễn Thị Hoa",
        "contact_phone": "0912 345 678",
    }
    return {**data, **overrides}


def test_employer_form_normalises_phone_and_tax_code():
    form = EmployerRegisterForm(data=_employer_data(tax_code="0100109106001", contact_phone="+84 912.345.678"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tax_code"] == "0100109106-001"
    assert form.cleaned_data["contact_phone"] == "0912345678"


@pytest.mark.parametrize("phone", ["12345", "0112345678", "091234567", "09123456789", "abc0912345678"])
def test_employer_form_refuses_bad_phone(phone):
    form = EmployerRegisterForm(data=_employer_data(contact_phone=phone))
    assert not form.is_valid()
    assert "Số điện thoại không hợp lệ" in str(form.errors["contact_phone"])


def test_employer_form_refuses_bad_tax_code():
    form = EmployerRegisterForm(data=_employer_data(tax_code="0100109107"))
    assert not form.is_valid()
    assert "sai chữ số kiểm tra" in str(form.errors["tax_code"])


def test_employer_form_honeypot_refuses_bots():
    form = EmployerRegisterForm(data=_employer_data(website="http://spam.example"))
    assert not form.is_valid()
    assert "website" in form.errors
