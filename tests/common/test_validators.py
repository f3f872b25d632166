"""Validators for Vietnamese phone numbers, citizen ids and dates."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.validators import (
    normalize_phone,
    validate_birth_date,
    validate_citizen_id,
    validate_not_in_future,
    validate_vietnamese_phone,
)

pytestmark = pytest.mark.django_db

PHONE_MESSAGE = "Số điện thoại không hợp lệ: cần số di động 10 chữ số (03, 05, 07, 08, 09…) hoặc số cố định 02…"


@pytest.mark.parametrize(
    "value",
    [
        "0912345678",
        "0387654321",
        "0567890123",
        "0701234567",
        "0812345678",
        "+84 912 345 678",
        "+84912345678",
        "84912345678",
        "0912.345.678",
        "0912-345-678",
        "0212 3852 123",  # Sơn La landline
        "(0212) 385-2123",
        "+84 212 3852 123",
    ],
)
def test_validate_vietnamese_phone_accepts(value):
    validate_vietnamese_phone(value)  # no error


@pytest.mark.parametrize(
    "value",
    [
        "0123456789",  # the 01x prefixes were retired in 2018
        "0612345678",
        "12345",
        "091234567",  # nine digits
        "09123456789",  # eleven digits, not a landline
        "0212385212",  # landline one digit short
        "09123abcde",
        "số điện thoại",
        "",
        "+1 212 555 0100",
    ],
)
def test_validate_vietnamese_phone_rejects(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_vietnamese_phone(value)

    assert excinfo.value.messages == [PHONE_MESSAGE]
    assert excinfo.value.code == "invalid_phone"


@pytest.mark.parametrize("value", ["09\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "09１２３４５６７８"])
def test_validate_vietnamese_phone_rejects_non_ascii_digits(value):
    with pytest.raises(ValidationError):
        validate_vietnamese_phone(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0912345678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84 912 345 678", "0912345678"),
        ("(0212) 385-2123", "02123852123"),
        ("  0912 345 678 ", "0912345678"),
        ("0912abc", "0912abc"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_phone(value, expected):
    assert normalize_phone(value) == expected


def test_normalize_phone_leaves_a_short_number_starting_84_alone():
    # "84…" is read as the country code only when the length fits a Vietnamese number.
    assert normalize_phone("8412") == "8412"


@pytest.mark.parametrize("value", ["014098000001", "001099012345", "000000000000"])
def test_validate_citizen_id_accepts_twelve_digits(value):
    validate_citizen_id(value)  # no error


@pytest.mark.parametrize(
    "value",
    ["01409800000", "0140980000012", "01409800000a", "014 098 000 001", "", "014098000001\n", "C01409800000"],
)
def test_validate_citizen_id_rejects(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_citizen_id(value)

    assert excinfo.value.messages == ["Số CCCD phải gồm đúng 12 chữ số."]
    assert excinfo.value.code == "invalid_citizen_id"


@pytest.mark.parametrize("value", ["０１４０９８０００００１", "\u0660" * 12])
def test_validate_citizen_id_rejects_non_ascii_digits(value):
    with pytest.raises(ValidationError):
        validate_citizen_id(value)


@pytest.mark.parametrize("days_ago", [0, 1, 365 * 30])
def test_validate_not_in_future_accepts_today_and_past(days_ago):
    validate_not_in_future(timezone.localdate() - datetime.timedelta(days=days_ago))  # no error


def test_validate_not_in_future_accepts_empty():
    validate_not_in_future(None)  # no error


def test_validate_not_in_future_rejects_tomorrow():
    with pytest.raises(ValidationError) as excinfo:
        validate_not_in_future(timezone.localdate() + datetime.timedelta(days=1))

    assert excinfo.value.messages == ["Ngày không được ở tương lai."]
    assert excinfo.value.code == "future_date"


# Birth dates: a plausible age on the day (issue "Nothing lost", part 4)

DAY = datetime.date(2026, 6, 15)


@pytest.mark.parametrize(
    "born",
    [
        datetime.date(2012, 6, 15),  # 14 today
        datetime.date(1980, 6, 16),  # 45, 46 tomorrow
        datetime.date(2000, 2, 29),
    ],
)
def test_validate_birth_date_accepts_ages_14_to_45(born):
    validate_birth_date(born, today=DAY)  # no error


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (
            datetime.date(1900, 1, 1),
            "Ngày sinh không hợp lệ: 01/01/1900, tức 126 tuổi; người đăng ký phải từ 14 đến 45 tuổi.",
        ),
        (
            datetime.date(1980, 6, 15),
            "Ngày sinh không hợp lệ: 15/06/1980, tức 46 tuổi; người đăng ký phải từ 14 đến 45 tuổi.",
        ),
        (
            datetime.date(2012, 6, 16),
            "Ngày sinh không hợp lệ: 16/06/2012, tức 13 tuổi; người đăng ký phải từ 14 đến 45 tuổi.",
        ),
        (datetime.date(2026, 6, 16), "Ngày sinh không hợp lệ: 16/06/2026 là ngày trong tương lai."),
    ],
)
def test_validate_birth_date_refuses_implausible_dates_with_the_date_and_age(born, message):
    with pytest.raises(ValidationError) as excinfo:
        validate_birth_date(born, today=DAY)

    assert excinfo.value.messages == [message]
    assert excinfo.value.code == "implausible_birth_date"


def test_validate_birth_date_takes_a_programme_range():
    validate_birth_date(datetime.date(1970, 1, 1), today=DAY, min_age=18, max_age=60)  # no error

    with pytest.raises(ValidationError) as excinfo:
        validate_birth_date(datetime.date(2010, 1, 1), today=DAY, min_age=18, max_age=35)

    assert excinfo.value.messages == [
        "Ngày sinh không hợp lệ: 01/01/2010, tức 16 tuổi; người đăng ký phải từ 18 đến 35 tuổi."
    ]


def test_validate_birth_date_reads_the_local_date_by_default():
    with time_machine.travel(datetime.datetime(2027, 6, 20, 10, tzinfo=datetime.UTC), tick=False):
        validate_birth_date(datetime.date(1981, 6, 21))  # 45 until tomorrow

        with pytest.raises(ValidationError):
            validate_birth_date(datetime.date(1981, 6, 20))  # 46 today


def test_validate_birth_date_ignores_a_missing_date():
    validate_birth_date(None, today=DAY)  # no error
